import { Injectable, Logger } from '@nestjs/common';
import type { OrderJobPayload, OrderNotificationPayload } from '@surge/contracts';
import { AppConfig } from '@surge/platform/config';
import { OnJob } from '@surge/platform/queue';
import { ReleaseReservation } from '../application/release-reservation.js';
import { lineTotal, type Order } from '../domain/order.js';
import { FulfilmentRepository } from '../ports/fulfilment.repository.js';
import { OrderRepository } from '../ports/order.repository.js';
import { PaymentProvider } from '../ports/payment.provider.js';
import { NOTIFICATIONS_QUEUE, notification, ORDER_JOB, ORDERS_QUEUE, orderStep, SEND_NOTIFICATION } from './order-jobs.js';

const CARRIER = 'Surge Post';

/**
 * The order lifecycle, one job per step. Each step reads the order, acts only from the status it
 * expects, and writes its row, status change, event and the next step in one shard transaction:
 * a retried or duplicated job finds the work done and does nothing.
 */
@Injectable()
export class FulfilmentJobs {
  private readonly log = new Logger('Fulfilment');

  constructor(
    private readonly orders: OrderRepository,
    private readonly fulfilment: FulfilmentRepository,
    private readonly payments: PaymentProvider,
    private readonly release: ReleaseReservation,
    private readonly config: AppConfig,
  ) {}

  @OnJob(ORDERS_QUEUE, ORDER_JOB.chargePayment)
  async chargePayment(payload: OrderJobPayload): Promise<string> {
    const order = await this.load(payload);
    if (order.status !== 'pending') return `skipped: ${order.status}`;
    // The order id is the provider's idempotency key: a retry after a lost answer gets the same charge.
    const charge = await this.payments.charge(order.id, order.total);
    return this.fulfilment.recordPayment(
      order.id,
      charge,
      [orderStep(ORDER_JOB.issueInvoice, payload), notification('order-confirmed', payload)],
      [orderStep(ORDER_JOB.refundPayment, payload)],
    );
  }

  @OnJob(ORDERS_QUEUE, ORDER_JOB.issueInvoice)
  async issueInvoice(payload: OrderJobPayload): Promise<string> {
    const order = await this.load(payload);
    const lines = order.items.map((line) => ({ ...line, lineTotal: lineTotal(line) }));
    const issued = await this.fulfilment.issueInvoice(order, `INV-${order.id}`, lines, [
      orderStep(ORDER_JOB.shipOrder, payload, this.config.fulfilmentStepDelayMs),
    ]);
    return issued ? 'issued' : `skipped: ${order.status}`;
  }

  @OnJob(ORDERS_QUEUE, ORDER_JOB.shipOrder)
  async shipOrder(payload: OrderJobPayload): Promise<string> {
    const order = await this.load(payload);
    // Derived from the order id: a retry hands out the same number.
    const trackingNumber = `SP${BigInt(order.id).toString(36).toUpperCase()}`;
    const shipped = await this.fulfilment.ship(order.id, CARRIER, trackingNumber, [
      orderStep(ORDER_JOB.deliverOrder, payload, this.config.fulfilmentStepDelayMs),
      notification('order-shipped', payload),
    ]);
    return shipped ? 'shipped' : `skipped: ${order.status}`;
  }

  @OnJob(ORDERS_QUEUE, ORDER_JOB.deliverOrder)
  async deliverOrder(payload: OrderJobPayload): Promise<string> {
    return (await this.fulfilment.deliver(payload.orderId)) ? 'delivered' : 'skipped';
  }

  @OnJob(ORDERS_QUEUE, ORDER_JOB.releaseStock)
  async releaseStock(payload: OrderJobPayload): Promise<string> {
    await this.release.execute(payload.orderId);
    return 'released';
  }

  @OnJob(ORDERS_QUEUE, ORDER_JOB.refundPayment)
  async refundPayment(payload: OrderJobPayload): Promise<string> {
    const payment = await this.fulfilment.findPayment(payload.orderId);
    if (!payment || payment.refunded) return 'nothing to refund';
    await this.payments.refund(payment.chargeId);
    await this.fulfilment.markRefunded(payload.orderId);
    return 'refunded';
  }

  @OnJob(NOTIFICATIONS_QUEUE, SEND_NOTIFICATION)
  async sendNotification(payload: OrderNotificationPayload): Promise<string> {
    const order = await this.load(payload);
    const body = `Order ${order.id}: ${payload.kind.replace('order-', '')} (${order.items.length} item(s), total ${order.total.amount} ${order.total.currency})`;
    // Dev-mode delivery: a row in `notifications` and a log line; the row makes a retry a no-op.
    if (!(await this.fulfilment.recordNotification(order, payload.kind, body))) return 'already sent';
    this.log.log(`Notification ${payload.kind} for order ${order.id} to user ${order.userId} (request ${payload.requestId ?? '-'})`);
    return 'sent';
  }

  private async load(payload: OrderJobPayload): Promise<Order> {
    const order = await this.orders.findById(payload.orderId);
    // Outbox rows are written with their order, so this is a bug or a foreign job: fail loudly.
    if (!order) throw new Error(`Order ${payload.orderId} not found`);
    return order;
  }
}
