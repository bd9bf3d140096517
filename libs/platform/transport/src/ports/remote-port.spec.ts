import { describe, expect, it } from '@jest/globals';
import { Observable, of } from 'rxjs';
import { createRemotePort, type PortClient, type RemoteCallPolicy } from './remote-port.js';

interface Greeter {
  greet(name: string, punctuation?: string): Promise<string>;
  forget(name: string): Promise<void>;
}

/** Runs the call once with a signal the test controls, and records the options it got. */
function manualPolicy() {
  const controller = new AbortController();
  const seen: Array<{ method: string; idempotent?: boolean }> = [];
  const policy: RemoteCallPolicy = {
    execute: (method, call, options) => {
      seen.push({ method, idempotent: options?.idempotent });
      return call(controller.signal);
    },
  };
  return { policy, controller, seen };
}

describe('createRemotePort', () => {
  it('sends the arguments as { args } to <service>.<method>, dropping trailing undefined ones', async () => {
    const sent: Array<{ pattern: string; data: unknown }> = [];
    const client: PortClient = { send: (pattern, data) => (sent.push({ pattern, data }), of(`hi ${String(pattern)}`)) as never };
    const { policy, seen } = manualPolicy();
    const port = createRemotePort<Greeter>('greeter', [{ name: 'greet', idempotent: true }, { name: 'forget', idempotent: false }], client, policy);

    expect(await port.greet('ada', undefined)).toBe('hi greeter.greet');
    expect(sent).toEqual([{ pattern: 'greeter.greet', data: { args: ['ada'] } }]);
    expect(seen).toEqual([{ method: 'greet', idempotent: true }]);
  });

  it('resolves undefined when the handler returned nothing', async () => {
    const client: PortClient = { send: () => new Observable<never>((s) => s.complete()) };
    const port = createRemotePort<Greeter>('greeter', [{ name: 'forget', idempotent: false }], client, manualPolicy().policy);
    await expect(port.forget('ada')).resolves.toBeUndefined();
  });

  it('rejects on abort and unsubscribes, so the client forgets the call', async () => {
    let unsubscribed = false;
    const client: PortClient = { send: () => new Observable<never>(() => () => (unsubscribed = true)) };
    const { policy, controller } = manualPolicy();
    const port = createRemotePort<Greeter>('greeter', [{ name: 'greet', idempotent: true }], client, policy);

    const call = port.greet('ada');
    controller.abort(new Error('deadline'));
    await expect(call).rejects.toThrow('deadline');
    expect(unsubscribed).toBe(true);
  });

  it('refuses method lists it cannot bind', () => {
    const client: PortClient = { send: () => of(1) as never };
    const { policy } = manualPolicy();
    expect(() => createRemotePort<Greeter>('greeter', [{ name: 'greet', idempotent: true }, { name: 'greet', idempotent: true }], client, policy)).toThrow(/twice/);
    expect(() => createRemotePort<Greeter>('a.b', [{ name: 'greet', idempotent: true }], client, policy)).toThrow(/dot/);
    expect(() => createRemotePort<{ toString(): Promise<string> }>('greeter', [{ name: 'toString', idempotent: true }], client, policy)).toThrow(/cannot be bound/);
  });
});
