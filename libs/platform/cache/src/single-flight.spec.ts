import { describe, expect, it } from '@jest/globals';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('shares one run per key until it settles, then starts a new one', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    const work = async (): Promise<number> => ++runs;
    const [a, b] = await Promise.all([flights.run('k', work), flights.run('k', work)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await flights.run('k', work)).toBe(2);
  });

  it('marks a forgotten run stale and lets the next caller start afresh', async () => {
    const flights = new SingleFlight<string>();
    let release!: () => void;
    let first!: { stale: boolean };
    const pending = flights.run('k', async (flight) => {
      first = flight;
      await new Promise<void>((resolve) => (release = resolve));
      return 'first';
    });
    flights.forget('k');
    expect(first.stale).toBe(true);
    const second = flights.run('k', async () => 'second');
    release();
    expect(await pending).toBe('first');
    expect(await second).toBe('second');
  });
});
