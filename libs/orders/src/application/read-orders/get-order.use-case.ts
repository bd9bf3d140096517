import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@surge/contracts';
import type { Invoice, Order, Tracking } from '../../domain/order.js';
import { InvoiceNotIssuedError, OrderNotFoundError } from '../../domain/orders.errors.js';
import { OrderRepository } from '../../ports/order.repository.js';
import { canSee } from './order-access.js';

export type OrderView = 'order' | 'invoice' | 'tracking';
type ViewOf<V extends OrderView> = V extends 'order' ? Order : V extends 'invoice' ? Invoice : Tracking;

/** GET /orders/:id and its invoice and tracking: one shard read each, owner or admin only. */
@Injectable()
export class GetOrderUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute<V extends OrderView>(user: AuthenticatedUser, orderId: string, view: V): Promise<ViewOf<V>> {
    const order = await this.orders.findById(orderId);
    if (!order || !canSee(user, order)) throw new OrderNotFoundError();
    if (view === 'order') return order as ViewOf<V>;
    if (view === 'tracking') return (await this.orders.findTracking(orderId)) as ViewOf<V>;
    const invoice = await this.orders.findInvoice(orderId);
    if (!invoice) throw new InvoiceNotIssuedError();
    return invoice as ViewOf<V>;
  }
}
