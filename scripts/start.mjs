#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, then run the monolith.
// Extra arguments pick another app: `node scripts/start.mjs gateway`.
import { spawnSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, entryOf, ROOT } from './lib/build.mjs';

const app = process.argv[2] ?? 'monolith';
ensureBuilt([app]);

// Prepare the embedded PostgreSQL template ahead (a one-off initdb per machine), so the app itself
// becomes ready in seconds.
const prepared = spawnSync(process.execPath, [join(ROOT, 'scripts', 'prepare-embedded.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

const child = spawn(process.execPath, ['--enable-source-maps', entryOf(app)], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
