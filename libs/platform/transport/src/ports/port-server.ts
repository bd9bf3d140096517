import { Controller, Inject, UseFilters, type InjectionToken, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ValidationFailedError } from '@surge/contracts';
import { DomainErrorRpcFilter } from '../domain-error.rpc-filter.js';
import { checkPortMethods, portPattern, type PortCallData, type PortMethod } from './port-method.js';

type PortImpl = Record<string, (...args: unknown[]) => unknown>;

/** Where a controller keeps its implementation: a symbol, so no port method name can clash with it. */
const IMPL = Symbol('portImplementation');

/**
 * A controller class serving a local port implementation over the transport: one
 * `@MessagePattern('<service>.<method>')` handler per listed method, calling
 * `impl[method](...data.args)` on the provider registered under `implementation` (the port's
 * abstract class, bound to its local implementation). Add it to the service app's module:
 *
 * ```ts
 * @Module({ controllers: [exposePort('catalog', CATALOG_PORT_METHODS, CatalogPort)], providers: [...] })
 * ```
 * Domain errors go back as data (the controller carries DomainErrorRpcFilter); results must be
 * JSON-serialisable DTOs. The app must run a `RedisStreamsServer` with `service` equal to `service`.
 */
export function exposePort<T extends object>(service: string, methods: readonly PortMethod<T>[], implementation: InjectionToken): Type {
  checkPortMethods(service, methods);

  @Controller()
  @UseFilters(new DomainErrorRpcFilter())
  class PortController {
    [IMPL]: PortImpl;

    constructor(@Inject(implementation) impl: PortImpl) {
      this[IMPL] = impl;
      // Fail at boot, not on the first call, when the implementation lacks a listed method.
      const missing = methods.filter(({ name }) => typeof impl[name] !== 'function').map(({ name }) => name);
      if (missing.length > 0) throw new Error(`The ${service} port implementation lacks ${missing.join(', ')}`);
    }
  }

  for (const { name } of methods) {
    // No parameter decorators: Nest hands a message handler its payload as the first argument.
    const handler = function (this: PortController, data: unknown): unknown {
      return this[IMPL][name]!(...argsOf(name, data));
    };
    Object.defineProperty(handler, 'name', { value: name });
    const descriptor: PropertyDescriptor = { value: handler, writable: true, configurable: true, enumerable: false };
    Object.defineProperty(PortController.prototype, name, descriptor);
    MessagePattern(portPattern(service, name))(PortController.prototype, name, descriptor);
  }
  Object.defineProperty(PortController, 'name', { value: `${service[0]!.toUpperCase()}${service.slice(1)}PortController` });
  return PortController;
}

function argsOf(method: string, data: unknown): unknown[] {
  const args = (data as Partial<PortCallData> | null | undefined)?.args;
  if (!Array.isArray(args)) throw new ValidationFailedError([{ field: 'args', message: `${method} expects { args: [...] }` }]);
  return args;
}
