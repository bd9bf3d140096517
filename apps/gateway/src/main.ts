import 'reflect-metadata';
import { createHttpApp, loadConfigOrExit, serve } from '@surge/platform/http';
import { GatewayModule } from './gateway.module.js';

const config = loadConfigOrExit();
const app = await createHttpApp(GatewayModule.forRoot(config), config, 'Surge (gateway)');
await serve(app, config, (url) => {
  process.stdout.write(`Surge gateway is running: ${url}/docs (API under ${url}/api/v1)\n`);
});
