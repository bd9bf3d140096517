import { pgliteTemplate } from '../libs/platform/database/src/embedded/pglite-template.js';

/** Builds the embedded PostgreSQL template once, before parallel test workers would each race to. */
export default async function globalSetup(): Promise<void> {
  await pgliteTemplate();
}
