import { describe, expect, it } from '@jest/globals';
import { Injectable, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { currentRequestId } from '@surge/platform/observability';
import { defer, firstValueFrom, of } from 'rxjs';
import { RpcRequestIdInterceptor } from './rpc-request-id.interceptor.js';
import { ServiceApiModule } from './service-api.module.js';

function rpcContext(headers: Record<string, string>, type = 'rpc'): ExecutionContext {
  return { getType: () => type, switchToRpc: () => ({ getContext: () => ({ getHeaders: () => headers }) }) } as unknown as ExecutionContext;
}

/** Like Nest's: the handler runs when the returned observable is subscribed. */
const handler: CallHandler = { handle: () => defer(() => of(currentRequestId())) };

describe('RpcRequestIdInterceptor', () => {
  it("runs the handler under the caller's x-request-id", async () => {
    const interceptor = new RpcRequestIdInterceptor();
    expect(await firstValueFrom(interceptor.intercept(rpcContext({ 'x-request-id': 'req-7' }), handler))).toBe('req-7');
    expect(await firstValueFrom(interceptor.intercept(rpcContext({}), handler))).toBeUndefined();
  });

  it('leaves HTTP requests alone', async () => {
    expect(await firstValueFrom(new RpcRequestIdInterceptor().intercept(rpcContext({ 'x-request-id': 'x' }, 'http'), handler))).toBeUndefined();
  });
});

describe('ServiceApiModule', () => {
  @Injectable()
  class GreetUseCase {
    async execute(name: string): Promise<string> {
      return `hi ${name}`;
    }
  }
  abstract class GreeterPort {
    abstract greet(name: string): Promise<string>;
  }

  it('refuses a use case named like a port method of the same service', () => {
    expect(() =>
      ServiceApiModule.forService('greeter', {
        ports: [{ token: GreeterPort, methods: [{ name: 'greet', idempotent: true }] }],
        useCases: [{ name: 'greet', useCase: GreetUseCase, idempotent: true }],
      }),
    ).toThrow(/greeter.greet is listed twice/);
  });

  it('serves each port and the use cases through one message controller each', () => {
    const module = ServiceApiModule.forService('greeter', {
      ports: [{ token: GreeterPort, methods: [{ name: 'greet', idempotent: true }] }],
      useCases: [{ name: 'greetUseCase', useCase: GreetUseCase, idempotent: true }],
    });
    expect(module.controllers).toHaveLength(2);
    expect(module.providers).toHaveLength(1);
  });
});
