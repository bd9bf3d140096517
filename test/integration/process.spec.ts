import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built monolith as a user runs it (`npm test` builds first, see "pretest").
const root = join(import.meta.dirname, '..', '..');
const entry = join(root, 'dist', 'apps', 'monolith', 'src', 'main.js');
const dataDir = mkdtempSync(join(tmpdir(), 'surge-process-'));
const children: ChildProcess[] = [];

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  return { ...env, ...extra };
}

function start(port: number): ChildProcess {
  const child = spawn(process.execPath, [entry], { cwd: root, env: cleanEnv({ PORT: String(port), DATA_DIR: dataDir }), stdio: 'pipe' });
  children.push(child);
  return child;
}

async function waitReady(port: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the monolith process', () => {
  it('is built', () => {
    expect(existsSync(entry)).toBe(true);
  });

  it('refuses a bad PORT with one line naming it and a non-zero exit', () => {
    const res = spawnSync(process.execPath, [entry], { cwd: root, env: cleanEnv({ PORT: 'abc', DATA_DIR: 'memory' }), encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
  });

  it('serves on embedded defaults, keeps data across restarts and drains on SIGTERM with exit 0', async () => {
    const port = 20000 + (process.pid % 10000);
    const first = start(port);
    let out = '';
    first.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitReady(port, 60_000);
    expect(out).toContain(`http://127.0.0.1:${port}/docs`);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/nope`)).status).toBe(404);

    // A slow request in flight when SIGTERM arrives still completes.
    const inflight = fetch(`http://127.0.0.1:${port}/health/ready`);
    const exited = exitOf(first);
    const signalled = Date.now();
    first.kill('SIGTERM');
    expect((await inflight).status).toBeLessThan(600);
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);

    // Second start on the same DATA_DIR reuses the data (no fresh template load) and is ready again.
    const second = start(port);
    await waitReady(port, 60_000);
    const exited2 = exitOf(second);
    second.kill('SIGTERM');
    expect(await exited2).toBe(0);
    expect(existsSync(join(dataDir, 'pglite', 'orders_1', 'PG_VERSION'))).toBe(true);
    // The generated signing secret is kept with the data, so sessions survive the restart.
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);
  }, 150_000);
});
