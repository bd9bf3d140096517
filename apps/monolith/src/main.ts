import 'reflect-metadata';
import { createHttpApp, loadConfigOrExit, serve } from '@surge/platform/http';
import { MonolithModule } from './monolith.module.js';

const config = loadConfigOrExit();
const app = await createHttpApp(MonolithModule.forRoot(config), config, 'Surge (monolith)');
await serve(app, config, (url) => {
  process.stdout.write(`Surge is running: ${url}/docs (API under ${url}/api/v1)\n`);
});
