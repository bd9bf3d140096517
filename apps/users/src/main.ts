import 'reflect-metadata';
import { loadConfigOrExit, serve } from '@surge/platform/http';
import { createServiceApp } from '@surge/platform/remote';
import { UsersServiceModule } from './users-service.module.js';

const config = loadConfigOrExit();
const app = await createServiceApp(UsersServiceModule.forRoot(config), config, { service: 'users' });
await serve(app, config, (url) => {
  process.stdout.write(`Surge users service is serving users.* over Redis; health and metrics on ${url}/health/ready\n`);
});
