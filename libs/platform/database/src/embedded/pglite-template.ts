import { PGlite } from '@electric-sql/pglite';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The package's exports map hides package.json, so read it beside the resolved entry point.
const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const PGLITE_VERSION: string = JSON.parse(readFileSync(join(dirname(pgliteEntry), '..', 'package.json'), 'utf8')).version;

export interface PgliteTemplate {
  /** An initialised data directory, copied (natively, fast) into each new persisted database. */
  dir: string;
  /** The same directory as a tarball file, loaded into each new in-memory database. */
  tarFile: string;
}

/** Where templates are cached: node_modules/.cache like other build caches (or SURGE_CACHE_DIR). */
function cacheRoots(): string[] {
  const preferred = process.env.SURGE_CACHE_DIR ?? join(process.cwd(), 'node_modules', '.cache', 'surge');
  return [preferred, join(tmpdir(), 'surge-cache')];
}

let pending: Promise<PgliteTemplate> | undefined;

/**
 * A freshly initialised PGlite data directory. initdb costs 3 to 5 s per database; copying this
 * template costs a fraction of that, so every embedded database starts from it. Built once per
 * machine (`npm start` and the test setup build it ahead) and published atomically, so concurrent
 * processes may race safely.
 */
export function pgliteTemplate(): Promise<PgliteTemplate> {
  pending ??= loadOrCreate();
  return pending;
}

async function loadOrCreate(): Promise<PgliteTemplate> {
  let lastError: unknown;
  for (const root of cacheRoots()) {
    const base = join(root, `pglite-${PGLITE_VERSION}`);
    const dir = join(base, 'template');
    const tarFile = join(base, 'template.tar');
    if (existsSync(join(dir, 'PG_VERSION')) && existsSync(tarFile)) {
      return { dir, tarFile };
    }
    try {
      return await create(base, dir, tarFile);
    } catch (error) {
      lastError = error; // e.g. a read-only install: try the next root
    }
  }
  throw lastError;
}

async function create(base: string, dir: string, tarFile: string): Promise<PgliteTemplate> {
  const staging = join(base, `staging-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  try {
    const db = await PGlite.create(join(staging, 'template'));
    const tarball = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
    await db.close();
    await writeFile(join(staging, 'template.tar'), tarball);
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      await rm(dir, { recursive: true, force: true });
      await rename(join(staging, 'template'), dir).catch(() => undefined); // another process won the race
    }
    await rename(join(staging, 'template.tar'), tarFile);
    return { dir, tarFile };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
