import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@surge/contracts';
import type { AppConfig } from '@surge/platform/config';
import { SimulatedPaymentProvider } from './simulated-payment.provider.js';

const provider = (failureRate: number): SimulatedPaymentProvider =>
  new SimulatedPaymentProvider({ payments: { failureRate, latencyMs: 0 } } as AppConfig);
const usd = { amount: 500, currency: 'USD' };

async function outcome(p: SimulatedPaymentProvider, key: string): Promise<string> {
  try {
    return (await p.charge(key, usd)).chargeId;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).message.includes('timed out') ? 'lost' : 'declined';
  }
}

describe('SimulatedPaymentProvider', () => {
  it('never fails at rate 0 and charges once per idempotency key', async () => {
    const p = provider(0);
    const first = await p.charge('order-1', usd);
    expect(await p.charge('order-1', usd)).toEqual(first);
    expect(first).toMatchObject({ amount: 500, currency: 'USD' });
    expect(p.chargesFor('order-1')).toBe(1);
    expect(p.chargesFor('order-2')).toBe(0);
  });

  it('fails the configured share of calls, alternating declines and lost answers; a retry after a failure goes through', async () => {
    const p = provider(0.5);
    const seen = [];
    for (let i = 0; i < 8; i++) seen.push(await outcome(p, `k${i}`));
    expect(seen.filter((s) => s === 'declined')).toHaveLength(2);
    expect(seen.filter((s) => s === 'lost')).toHaveLength(2);
    // A lost answer charged: the retry returns that charge, and nothing is charged twice.
    const lostKey = `k${seen.indexOf('lost')}`;
    expect(p.chargesFor(lostKey)).toBe(1);
    expect(await outcome(p, lostKey)).toMatch(/^ch_/);
    const declinedKey = `k${seen.indexOf('declined')}`;
    expect(p.chargesFor(declinedKey)).toBe(0);
    expect(await outcome(p, declinedKey)).toMatch(/^ch_/);
  });
});
