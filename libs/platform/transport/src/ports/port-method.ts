/**
 * One method of a port as the transport binds it. `idempotent`: running the call twice has the
 * effect of running it once (reads, and writes carrying their own idempotency key such as a
 * reservation id); only those are retried by the caller's policy. Anything else is declared
 * `false` and runs at most once per call. The list is data, so it can live next to the port in
 * `@surge/contracts` (e.g. `CATALOG_PORT_METHODS`).
 */
export interface PortMethod<T> {
  readonly name: keyof T & string;
  readonly idempotent: boolean;
}

/** What crosses the transport for one call: the arguments, in order. */
export interface PortCallData {
  args: unknown[];
}

/** `<service>.<method>`: the request pattern of a port method (the transport routes on the service). */
export function portPattern(service: string, method: string): string {
  return `${service}.${method}`;
}

/** Refuses names a remote binding cannot carry (empty, duplicated, or clashing with Object's own members). */
export function checkPortMethods<T>(service: string, methods: readonly PortMethod<T>[]): void {
  if (!service || service.includes('.')) throw new Error(`Port service name must be non-empty and contain no dot, got "${service}"`);
  const seen = new Set<string>();
  for (const { name } of methods) {
    if (!name || name in Object.prototype) throw new Error(`Port method name "${name}" of ${service} cannot be bound remotely`);
    if (seen.has(name)) throw new Error(`Port method ${service}.${name} is listed twice`);
    seen.add(name);
  }
}
