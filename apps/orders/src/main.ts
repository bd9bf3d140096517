import 'reflect-metadata';
import { loadConfigOrExit, serve } from '@surge/platform/http';
import { createServiceApp } from '@surge/platform/remote';
import { OrdersServiceModule } from './orders-service.module.js';

const config = loadConfigOrExit();
const app = await createServiceApp(OrdersServiceModule.forRoot(config), config, { service: 'orders' });
await serve(app, config, (url) => {
  process.stdout.write(`Surge orders service is serving orders.* over Redis; health and metrics on ${url}/health/ready\n`);
});
