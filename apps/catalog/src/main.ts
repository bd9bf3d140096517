import 'reflect-metadata';
import { loadConfigOrExit, serve } from '@surge/platform/http';
import { createServiceApp } from '@surge/platform/remote';
import { CatalogServiceModule } from './catalog-service.module.js';

const config = loadConfigOrExit();
const app = await createServiceApp(CatalogServiceModule.forRoot(config), config, { service: 'catalog' });
await serve(app, config, (url) => {
  process.stdout.write(`Surge catalog service is serving catalog.* over Redis; health and metrics on ${url}/health/ready\n`);
});
