import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Counter } from 'prom-client';
import { ServiceUnavailableError, type MoneyDto } from '@surge/contracts';
import { AppConfig } from '@surge/platform/config';
import { singleton } from '@surge/platform/observability';
import type { Charge } from '../ports/fulfilment.repository.js';
import { PaymentProvider } from '../ports/payment.provider.js';

const calls = singleton(
  'surge_payment_provider_calls_total',
  () =>
    new Counter({
      name: 'surge_payment_provider_calls_total',
      help: 'Calls to the simulated payment provider by outcome (charged, replayed, declined, lost_response, refunded)',
      labelNames: ['outcome'],
    }),
);

/**
 * A stand-in card processor with PAYMENT_LATENCY_MS per call and PAYMENT_FAILURE_RATE of calls
 * failing. Failures are spread evenly rather than drawn at random (rate 0.25: every fourth call),
 * so runs are repeatable, and alternate between the two kinds that matter: declined before
 * charging, and charged but the answer lost (the caller must retry with the same key). A retry
 * right after a failure goes through, so a payment never exhausts its attempts here.
 */
@Injectable()
export class SimulatedPaymentProvider extends PaymentProvider {
  private readonly log = new Logger('PaymentProvider');
  /** The provider's own ledger: idempotency key -> charge. */
  private readonly charges = new Map<string, Charge>();
  private readonly refunds = new Set<string>();
  private failureDebt = 0;
  private failures = 0;
  private readonly failedLast = new Set<string>();

  constructor(private readonly config: AppConfig) {
    super();
  }

  async charge(idempotencyKey: string, amount: MoneyDto): Promise<Charge> {
    await sleep(this.config.payments.latencyMs);
    const failure = this.failedLast.delete(idempotencyKey) ? undefined : this.nextFailure();
    if (failure) this.failedLast.add(idempotencyKey);
    if (failure === 'declined') {
      calls.inc({ outcome: 'declined' });
      throw new ServiceUnavailableError('The payment provider is unavailable', 1);
    }
    const existing = this.charges.get(idempotencyKey);
    const charge = existing ?? { chargeId: `ch_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`, ...amount };
    if (!existing) this.charges.set(idempotencyKey, charge);
    if (failure === 'lost') {
      calls.inc({ outcome: 'lost_response' });
      throw new ServiceUnavailableError('The payment provider timed out', 1);
    }
    calls.inc({ outcome: existing ? 'replayed' : 'charged' });
    return charge;
  }

  async refund(chargeId: string): Promise<void> {
    await sleep(this.config.payments.latencyMs);
    if (!this.refunds.has(chargeId)) {
      this.refunds.add(chargeId);
      calls.inc({ outcome: 'refunded' });
      this.log.log(`Refunded ${chargeId}`);
    }
  }

  /** How many distinct charges the provider holds for this key (0 or 1): what a test audits. */
  chargesFor(idempotencyKey: string): number {
    return this.charges.has(idempotencyKey) ? 1 : 0;
  }

  private nextFailure(): 'declined' | 'lost' | undefined {
    this.failureDebt += this.config.payments.failureRate;
    if (this.failureDebt < 1) return undefined;
    this.failureDebt -= 1;
    return this.failures++ % 2 === 0 ? 'declined' : 'lost';
  }
}
