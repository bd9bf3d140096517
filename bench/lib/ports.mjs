// @ts-check
/**
 * Port helpers. Ports 32768-60999 are the kernel's ephemeral range on Linux: the load generator's
 * client sockets take them, so servers under test bind below it.
 */
import { createServer } from 'node:net';

export const MIN_PORT = 10000;
export const MAX_PORT = 32767;

/**
 * Tries random ports in [MIN_PORT, MAX_PORT] with `tryPort` until one does not fail with
 * EADDRINUSE/EACCES.
 * @param {(port: number) => Promise<void>} tryPort
 * @param {number} [attempts]
 * @returns {Promise<number>}
 */
export async function pickPort(tryPort, attempts = 50) {
  for (let i = 0; i < attempts; i++) {
    const port = MIN_PORT + Math.floor(Math.random() * (MAX_PORT - MIN_PORT + 1));
    try {
      await tryPort(port);
      return port;
    } catch (err) {
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
    }
  }
  throw new Error(`no free port found in ${MIN_PORT}-${MAX_PORT} after ${attempts} attempts`);
}

/**
 * Finds a port that is free on 127.0.0.1 right now (for a child that binds it itself a moment
 * later; the small race is reported as a start-up failure).
 * @returns {Promise<number>}
 */
export function findFreePort() {
  return pickPort(
    (port) =>
      new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      }),
  );
}

/**
 * Serves a baseline server on a free port (backlog 4096, as the app) and reports the port to the
 * runner; the process exits when the runner disconnects or signals.
 * @param {import('node:http').Server} server
 * @returns {Promise<number>}
 */
export async function serveBaseline(server) {
  const port = await pickPort(
    (p) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, '127.0.0.1', 4096, () => {
          server.off('error', reject);
          resolve();
        });
      }),
  );
  process.send?.({ port });
  const stop = () => process.exit(0);
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return port;
}
