#!/usr/bin/env node
// Builds the embedded PostgreSQL template once per machine (an initdb of 3 to 5 s) from the built
// code, so that neither the app's first start nor parallel test workers pay for it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const module = join(import.meta.dirname, '..', 'dist', 'libs', 'platform', 'database', 'src', 'embedded', 'pglite-template.js');
if (!existsSync(module)) {
  process.stderr.write(`${module} is missing: build first\n`);
  process.exit(1);
}
const { pgliteTemplate } = await import(module);
const template = await pgliteTemplate();
process.stdout.write(`embedded PostgreSQL template ready: ${template.dir}\n`);
