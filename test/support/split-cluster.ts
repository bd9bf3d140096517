import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const entryOf = (app: string, file = 'main.js'): string => join(ROOT, 'dist', 'apps', app, 'src', file);

type Env = Record<string, string | undefined>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One app process of the cluster, with its HTTP port (the API for the gateway, health and metrics for a service). */
export class AppProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  /** SIGKILL: no drain, no reply, nothing acknowledged. */
  async crash(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * The split topology as real processes started from the build (`npm run build`): what
 * `npm run start:split` runs, with free ports, for tests that kill replicas.
 */
export class SplitCluster {
  readonly processes: AppProcess[] = [];

  constructor(private readonly env: Env) {
    if (!existsSync(entryOf('gateway'))) throw new Error(`${entryOf('gateway')} is missing: npm run build first`);
  }

  /** Each service's migrations, once, before replicas start (they start with MIGRATE_ON_START=false). */
  migrate(): void {
    for (const service of ['catalog', 'orders', 'users']) {
      const run = spawnSync(process.execPath, [entryOf(service, 'migrate.js')], { env: this.childEnv({}), encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`migrating ${service} failed: ${run.stderr}`);
    }
  }

  async start(app: string, name = app, extra: Env = {}): Promise<AppProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [entryOf(app)], { env: this.childEnv({ PORT: String(port), ...extra }), stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new AppProcess(name, port, child);
    this.processes.push(proc);
    await this.waitFor(`${name} to answer /health/ready`, async () => (await fetch(`${proc.url}/health/ready`)).ok, proc);
    return proc;
  }

  /** Polls until `check` holds (errors count as not yet), failing after `timeoutMs` with the process's output. */
  async waitFor(what: string, check: () => Promise<boolean>, proc?: AppProcess, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (proc && !proc.running) throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.output.join('')}`);
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${proc ? `:\n${proc.output.join('').slice(-4000)}` : ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Live replicas of each service, as the gateway's readiness reports them. */
  async liveReplicas(gateway: AppProcess): Promise<Record<string, number>> {
    const body = (await (await fetch(`${gateway.url}/health/ready`)).json()) as { details: { services: Record<string, { live: number }> } };
    const { status: _status, ...services } = body.details.services as Record<string, { live: number }> & { status: unknown };
    return Object.fromEntries(Object.entries(services).map(([service, { live }]) => [service, live]));
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
  }

  private childEnv(extra: Env): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, LOG_LEVEL: 'warn', MIGRATE_ON_START: 'false', ...this.env, ...extra };
  }
}

/** Sums a counter's samples in a Prometheus text exposition whose labels contain every `labels` pair. */
export function counterValue(metrics: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
