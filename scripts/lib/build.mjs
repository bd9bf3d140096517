// @ts-check
// Builds all apps (one `nest build`) when any source under apps/ or libs/ is newer than the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** @param {string} app */
export const entryOf = (app, file = 'main.js') => join(ROOT, 'dist', 'apps', app, 'src', file);

/** @param {string} dir @returns {number} */
function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) latest = Math.max(latest, newest(path));
    else if (name.name.endsWith('.ts') && !name.name.endsWith('.spec.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/** @param {string[]} apps */
export function ensureBuilt(apps) {
  const sources = Math.max(newest(join(ROOT, 'apps')), newest(join(ROOT, 'libs')));
  if (apps.every((app) => existsSync(entryOf(app)) && statSync(entryOf(app)).mtimeMs >= sources)) return;
  process.stdout.write('Building...\n');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
