export {
  RemoteModule,
  REMOTE_SERVICES,
  requireRedisUrl,
  ServicesReadiness,
  type RemoteModuleOptions,
  type RemotePortBinding,
  type RemoteUseCases,
} from './remote.module.js';
export { RpcRequestIdInterceptor } from './rpc-request-id.interceptor.js';
export { ServiceApiModule, type ServedPort, type ServiceApiOptions } from './service-api.module.js';
export { createServiceApp, type ServiceAppOptions } from './service-app.js';
