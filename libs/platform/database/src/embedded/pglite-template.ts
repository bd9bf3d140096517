import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package's exports map hides package.json, so read it beside the resolved entry point.
const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const PGLITE_VERSION: string = JSON.parse(readFileSync(join(dirname(pgliteEntry), '..', 'package.json'), 'utf8')).version;

/** Where the initdb'd template lives; under node_modules/.cache like other build caches. */
export function templatePath(): string {
  const dir = process.env.SURGE_CACHE_DIR ?? join(process.cwd(), 'node_modules', '.cache', 'surge');
  return join(dir, `pglite-${PGLITE_VERSION}-template.tar`);
}

let pending: Promise<Blob> | undefined;

/**
 * A freshly initialised PGlite data directory as a tarball. initdb costs 3 to 5 s; loading this
 * template costs well under 1 s, so every embedded database starts from it instead of running initdb.
 * The tarball is cached on disk (written atomically, so concurrent processes may race safely).
 */
export function pgliteTemplate(): Promise<Blob> {
  pending ??= loadOrCreate();
  return pending;
}

async function loadOrCreate(): Promise<Blob> {
  const file = templatePath();
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // not cached yet
  }
  const db = await PGlite.create();
  const blob = await db.dumpDataDir('none');
  await db.close();
  try {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, new Uint8Array(await blob.arrayBuffer()));
    await rename(tmp, file);
  } catch {
    // a read-only install still works, it just pays initdb on each start
  }
  return blob;
}
