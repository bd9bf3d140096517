#!/usr/bin/env node
// `npm start`: build the monolith when the sources are newer than the build, then run it.
// Extra arguments pick another app: `node scripts/start.mjs gateway`.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const app = process.argv[2] ?? 'monolith';
const root = join(import.meta.dirname, '..');
const entry = join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) latest = Math.max(latest, newest(path));
    else if (name.name.endsWith('.ts') && !name.name.endsWith('.spec.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, 'apps')), newest(join(root, 'libs')));
if (!existsSync(entry) || statSync(entry).mtimeMs < sources) {
  process.stdout.write(`Building ${app}...\n`);
  const build = spawnSync('npx', ['nest', 'build', app], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Prepare the embedded PostgreSQL template ahead (a one-off initdb per machine), so the app itself
// becomes ready in seconds.
const prepared = spawnSync(process.execPath, [join(root, 'scripts', 'prepare-embedded.mjs'), app], { cwd: root, stdio: 'inherit' });
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

const child = spawn(process.execPath, ['--enable-source-maps', entry], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
