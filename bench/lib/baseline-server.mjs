// @ts-check
/**
 * Baseline for bench/run.mjs: a bare node:http server that answers every request with one fixed
 * response (status, headers, body captured from the app). Started with child_process.fork(); it
 * receives `{ status, headers, body }` (body base64) over IPC, listens on 127.0.0.1 on a free port
 * below 32768 (the ephemeral range above is left to the load generator's client sockets) and
 * replies `{ port }`. It exits when the parent disconnects or on SIGTERM/SIGINT.
 */
import { createServer } from 'node:http';
import { serveBaseline } from './ports.mjs';

/** @typedef {{ status: number, headers: Record<string, string | string[]>, body: string }} BaselineResponse */

if (!process.send) {
  console.error('baseline-server.mjs must be started with child_process.fork()');
  process.exit(2);
}

/** @param {unknown} msg @returns {msg is BaselineResponse} */
function isResponse(msg) {
  return typeof msg === 'object' && msg !== null && 'status' in msg && 'headers' in msg && 'body' in msg;
}

process.once('message', async (msg) => {
  if (!isResponse(msg)) {
    console.error('baseline-server: unexpected message', msg);
    process.exit(2);
  }
  const body = Buffer.from(msg.body, 'base64');
  const headers = { ...msg.headers, 'content-length': String(body.length) };
  const server = createServer((req, res) => {
    // Drain any request body first, as the app has to.
    req.resume();
    req.on('end', () => {
      res.writeHead(msg.status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await serveBaseline(server);
});
