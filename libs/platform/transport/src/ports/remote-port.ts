import type { Observable } from 'rxjs';
import { checkPortMethods, portPattern, type PortCallData, type PortMethod } from './port-method.js';

/**
 * What a remote port runs its calls under: `ServicePolicy` from `@surge/platform/resilience` fits
 * (timeout, retry of idempotent calls, breaker, bulkhead). Structural, so the transport does not
 * depend on the resilience lib.
 */
export interface RemoteCallPolicy {
  execute<R>(method: string, call: (signal: AbortSignal) => Promise<R>, options?: { idempotent?: boolean }): Promise<R>;
}

/** The part of a transport client a remote port uses (`RedisStreamsClient` and any other ClientProxy). */
export interface PortClient {
  send<R = unknown, I = unknown>(pattern: string, data: I): Observable<R>;
}

/**
 * A port whose implementation runs in another service: each listed method sends
 * `{ args }` to `<service>.<method>` and resolves with the reply, under `policy`.
 *
 * - Arguments and results cross as JSON: ports take and return plain DTOs (dates as ISO strings).
 *   Trailing `undefined` arguments are dropped so optional parameters stay `undefined` remotely.
 * - Domain errors come back typed as far as the client's `errorFactory` knows them (use
 *   `domainErrorFromData`); a failure (timeout, transport error, a non-domain error in the remote
 *   handler) counts for the breaker and ends as the policy's ServiceUnavailableError.
 * - The policy's abort (its timeout) drops the call at once: the caller is released and the client
 *   forgets the reply. The request itself may still run remotely until its transport deadline.
 * - A method the service does not expose fails after the client's timeout on that service, and
 *   a method left out of `methods` does not exist on the returned object: list every port method.
 */
export function createRemotePort<T extends object>(
  service: string,
  methods: readonly PortMethod<T>[],
  client: PortClient,
  policy: RemoteCallPolicy,
): T {
  checkPortMethods(service, methods);
  const port: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const { name, idempotent } of methods) {
    const pattern = portPattern(service, name);
    port[name] = (...args: unknown[]) =>
      policy.execute(name, (signal) => sendOnce(client, pattern, { args: trimTrailingUndefined(args) }, signal), { idempotent });
  }
  // The object stands in for the port's abstract class, which only types its methods.
  return Object.freeze(port) as unknown as T;
}

/** The reply of one request, or undefined when the handler returned nothing; rejects on abort. */
function sendOnce(client: PortClient, pattern: string, data: PortCallData, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    let value: unknown;
    const onAbort = () => {
      // Unsubscribing clears the client's timer and pending entry; a late reply is ignored.
      subscription.unsubscribe();
      reject(abortReason(signal));
    };
    const done = () => signal.removeEventListener('abort', onAbort);
    const subscription = client.send(pattern, data).subscribe({
      next: (v) => (value = v),
      error: (error: unknown) => {
        done();
        reject(error);
      },
      complete: () => {
        done();
        resolve(value);
      },
    });
    if (!subscription.closed) signal.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('The call was aborted');
}

function trimTrailingUndefined(args: unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}
