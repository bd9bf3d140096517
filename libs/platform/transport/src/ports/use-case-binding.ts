import type { Type } from '@nestjs/common';
import type { PortMethod } from './port-method.js';

/** An application use case as the HTTP controllers call it: one `execute` method. */
export interface UseCase {
  execute(...args: any[]): Promise<unknown>;
}

/**
 * One use case a module serves to a remote HTTP front (the gateway): it is called as
 * `<service>.<name>` with `execute`'s arguments. `idempotent` as for port methods: true only when a
 * repeat cannot do harm (reads, set-semantics writes, writes carrying an idempotency key).
 * Each domain lib lists its own (e.g. `ORDERS_USE_CASES`); apps choose to run them locally or bind
 * them remotely.
 */
export interface UseCaseBinding {
  readonly name: string;
  readonly useCase: Type<UseCase>;
  readonly idempotent: boolean;
}

/** The port-method view of a list of bindings: the methods of one service's use-case API. */
export function useCaseMethods(bindings: readonly UseCaseBinding[]): PortMethod<Record<string, unknown>>[] {
  return bindings.map(({ name, idempotent }) => ({ name, idempotent }));
}
