import type { MoneyDto } from '@surge/contracts';
import type { Charge } from './fulfilment.repository.js';

/**
 * A card processor. Like real ones it de-duplicates on an idempotency key: charging twice with one
 * key returns the first charge and moves money once.
 */
export abstract class PaymentProvider {
  abstract charge(idempotencyKey: string, amount: MoneyDto): Promise<Charge>;
  abstract refund(chargeId: string): Promise<void>;
}
