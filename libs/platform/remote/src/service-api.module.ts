import { Module, UseInterceptors, type DynamicModule, type InjectionToken, type Provider, type Type } from '@nestjs/common';
import { RpcRequestIdInterceptor } from './rpc-request-id.interceptor.js';
import { checkPortMethods, exposePort, useCaseMethods, type PortMethod, type UseCase, type UseCaseBinding } from '@surge/platform/transport';

export interface ServedPort {
  /** The port's token, bound to its local implementation in the app. */
  token: InjectionToken;
  methods: readonly PortMethod<any>[];
}

export interface ServiceApiOptions {
  ports?: readonly ServedPort[];
  useCases?: readonly UseCaseBinding[];
}

/**
 * The serving side of the split topology: `<service>.<method>` message handlers for the listed
 * ports and use cases, calling the local providers. The app also runs a RedisStreamsServer for
 * `service` (see `startServiceApp`). Names must be unique across the ports and use cases of one service.
 */
@Module({})
export class ServiceApiModule {
  static forService(service: string, options: ServiceApiOptions): DynamicModule {
    const ports = options.ports ?? [];
    const bindings = options.useCases ?? [];
    checkPortMethods(service, [...ports.flatMap((p) => p.methods), ...useCaseMethods(bindings)]);

    const controllers: Type[] = ports.map((p) => exposePort(service, p.methods, p.token));
    const providers: Provider[] = [];
    if (bindings.length > 0) {
      const api = Symbol(`${service} use cases (served)`);
      providers.push({
        provide: api,
        inject: bindings.map((b) => b.useCase),
        useFactory: (...useCases: UseCase[]) =>
          Object.fromEntries(bindings.map(({ name }, i) => [name, (...args: unknown[]) => useCases[i]!.execute(...args)])),
      });
      const controller = exposePort(service, useCaseMethods(bindings), api);
      Object.defineProperty(controller, 'name', { value: `${service[0]!.toUpperCase()}${service.slice(1)}UseCasesController` });
      controllers.push(controller);
    }
    // Every handler runs under its caller's request id (exposePort's controllers already turn
    // domain errors into data).
    for (const controller of controllers) UseInterceptors(RpcRequestIdInterceptor)(controller);
    return { module: ServiceApiModule, controllers, providers };
  }
}
