import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser } from '@surge/contracts';
import { currentRequestId } from '@surge/platform/observability';
import { CANCELLABLE, type Order } from '../../domain/order.js';
import { OrderNotCancellableError, OrderNotFoundError } from '../../domain/orders.errors.js';
import { notification, ORDER_JOB, orderStep } from '../../jobs/order-jobs.js';
import { OrderRepository } from '../../ports/order.repository.js';
import { OutboxPublisher } from '../../ports/outbox.js';
import { ReleaseReservation } from '../release-reservation.js';
import { canSee } from '../read-orders/order-access.js';

/**
 * POST /orders/:id/cancel, for the owner or an admin while the order is pending or paid. The
 * status change and the follow-up jobs (release stock, refund if paid, notify) commit together;
 * the stock is also released right away so the answer can say it is back.
 */
@Injectable()
export class CancelOrderUseCase {
  private readonly log = new Logger('CancelOrder');

  constructor(
    private readonly orders: OrderRepository,
    private readonly release: ReleaseReservation,
    private readonly outbox: OutboxPublisher,
  ) {}

  async execute(user: AuthenticatedUser, orderId: string): Promise<Order> {
    const found = await this.orders.findById(orderId);
    if (!found || !canSee(user, found)) throw new OrderNotFoundError();
    const payload = { orderId, requestId: currentRequestId() };
    const result = await this.orders.cancel(orderId, CANCELLABLE, (before) => [
      orderStep(ORDER_JOB.releaseStock, payload),
      ...(before.status === 'paid' ? [orderStep(ORDER_JOB.refundPayment, payload)] : []),
      notification('order-cancelled', payload),
    ]);
    if (!result) throw new OrderNotFoundError();
    if (!result.cancelled) {
      // A repeated cancel is answered with the cancelled order, like the first one.
      if (result.order.status === 'cancelled') return result.order;
      throw new OrderNotCancellableError(result.order.status);
    }
    this.outbox.afterCommit(orderId);
    // The queued release-stock job is the guarantee; this makes the stock available before we answer.
    await this.release.execute(orderId).catch((error: Error) => this.log.warn(`Release of ${orderId} deferred to its job: ${error.message}`));
    return result.order;
  }
}
