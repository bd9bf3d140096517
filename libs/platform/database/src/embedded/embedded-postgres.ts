import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { pgliteTemplate } from './pglite-template.js';

const resolve = createRequire(import.meta.url).resolve;

// WebAssembly is a Node global, but the ES2023 lib used here does not declare it.
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> };
let wasm: Promise<object> | undefined;

/** PGlite's WASM, compiled once per process and shared with every worker (compiling costs ~0.5 s each). */
function pgliteWasm(): Promise<object> {
  wasm ??= readFile(join(dirname(resolve('@electric-sql/pglite')), 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes));
  return wasm;
}

/**
 * Runs in a worker thread: opens PGlite (from the template, or the existing data directory) and
 * serves it on a loopback port. Kept as source text so the same file works compiled and under Jest.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { cpSync, existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
(async () => {
  const { PGlite } = await import(workerData.pglite);
  const { PGLiteSocketServer } = await import(workerData.socket);
  const dir = workerData.dataDir;
  const options = { pgliteWasmModule: workerData.wasm };
  let db;
  if (dir) {
    // A new persisted database starts as a native copy of the initialised template directory.
    if (!existsSync(join(dir, 'PG_VERSION'))) cpSync(workerData.templateDir, dir, { recursive: true });
    db = await PGlite.create(dir, options);
  } else {
    db = await PGlite.create(undefined, { ...options, loadDataDir: new Blob([readFileSync(workerData.tarFile)]) });
  }
  // pglite-socket's queue keeps one connection's messages together only inside a transaction; outside
  // one it interleaves the Parse/Bind/Execute messages of concurrent connections, and PGlite (a
  // single backend) then binds one connection's parameters to another's statement. Reporting an
  // unfinished extended-protocol cycle as "in transaction" makes the queue wait for its Sync.
  const OPENS_CYCLE = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse Bind Describe Execute Close Flush
  const ENDS_CYCLE = new Set([0x53, 0x51, 0x58]); // Sync Query Terminate
  let cycleOpen = false;
  const serial = new Proxy(db, {
    get(target, prop) {
      if (prop === 'isInTransaction') return () => cycleOpen || target.isInTransaction();
      if (prop === 'execProtocolRawStream') {
        return async (message, opts) => {
          try {
            return await target.execProtocolRawStream(message, opts);
          } finally {
            const type = message[0];
            if (OPENS_CYCLE.has(type)) cycleOpen = true;
            else if (ENDS_CYCLE.has(type)) cycleOpen = false;
          }
        };
      }
      if (prop === 'exec') return (...args) => ((cycleOpen = false), target.exec(...args));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const server = new PGLiteSocketServer({ db: serial, host: '127.0.0.1', port: 0, maxConnections: workerData.maxConnections });
  await server.start();
  parentPort.postMessage({ conn: server.getServerConn() });
  parentPort.on('message', async (message) => {
    if (message !== 'stop') return;
    await server.stop();
    await db.close();
    parentPort.postMessage({ stopped: true });
  });
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

/**
 * One embedded PostgreSQL (PGlite in WASM) served on a loopback port, so the application talks to
 * it through the ordinary \`pg\` driver exactly as it talks to a real server. Each instance lives in
 * its own worker thread: start-ups run in parallel and queries never block the event loop. One
 * instance per DataSource: PGlite is single-connection, and sharing one between DataSources mixes
 * their transactions (see shared/STACK.md).
 */
export class EmbeddedPostgres {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly worker: Worker,
  ) {}

  /** `dataDir` undefined keeps the database in memory. */
  static async start(name: string, dataDir: string | undefined, maxConnections = 1): Promise<EmbeddedPostgres> {
    const [template, wasm] = await Promise.all([pgliteTemplate(), pgliteWasm()]);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      name: `pglite:${name}`,
      workerData: {
        pglite: pathToFileURL(resolve('@electric-sql/pglite')).href,
        socket: pathToFileURL(resolve('@electric-sql/pglite-socket')).href,
        dataDir,
        maxConnections,
        templateDir: template.dir,
        tarFile: template.tarFile,
        wasm,
      },
    });
    const [reply] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([e]) => [{ error: String(e) }])])) as [
      { conn?: string; error?: string },
    ];
    if (!reply.conn) {
      await worker.terminate();
      throw new Error(`embedded PostgreSQL "${name}" failed to start: ${reply.error}`);
    }
    return new EmbeddedPostgres(name, `postgres://postgres@${reply.conn}/postgres`, worker);
  }

  /** Closes the socket server and flushes PGlite to disk, then ends the thread. */
  async stop(): Promise<void> {
    const stopped = once(this.worker, 'message');
    this.worker.postMessage('stop');
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000).unref())]);
    await this.worker.terminate();
  }
}
