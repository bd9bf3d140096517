/** One run of a piece of work shared by every caller that asked for the same key meanwhile. */
export interface Flight<T> {
  readonly promise: Promise<T>;
  /** Set when the key was invalidated while the work ran: its result may predate the change, so it must not be stored. */
  stale: boolean;
}

/** At most one running `work` per key; callers arriving meanwhile share its promise (result or rejection). */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  run(key: string, work: (flight: Flight<T>) => Promise<T>): Promise<T> {
    const running = this.flights.get(key);
    if (running) return running.promise;
    const flight = { stale: false } as { promise: Promise<T>; stale: boolean };
    this.flights.set(key, flight);
    flight.promise = work(flight).finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    return flight.promise;
  }

  /** Marks the running work for `key` stale and lets the next caller start afresh. */
  forget(key: string): void {
    const flight = this.flights.get(key);
    if (!flight) return;
    flight.stale = true;
    this.flights.delete(key);
  }

  forgetAll(): void {
    for (const key of [...this.flights.keys()]) this.forget(key);
  }
}
