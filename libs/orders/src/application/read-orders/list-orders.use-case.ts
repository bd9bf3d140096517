import { Injectable } from '@nestjs/common';
import { ValidationFailedError, type AuthenticatedUser } from '@surge/contracts';
import { parseOrderId } from '../../domain/order-id.js';
import type { Order, OrderStatus } from '../../domain/order.js';
import { OrderRepository } from '../../ports/order.repository.js';

export interface OrderListQuery {
  limit?: number;
  cursor?: string;
  status?: OrderStatus;
}

export interface OrderPage {
  items: Order[];
  page: { limit: number; nextCursor: string | null };
}

const DEFAULT_LIMIT = 20;

/**
 * GET /orders (the caller's, from their shard) and GET /admin/orders (every shard, merged).
 * Ids grow with time, so newest-first is id order and the cursor is the last id served.
 */
@Injectable()
export class ListOrdersUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(scope: { user: AuthenticatedUser } | 'all', query: OrderListQuery): Promise<OrderPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (query.cursor !== undefined && !parseOrderId(query.cursor)) {
      throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
    }
    const page = { limit: limit + 1, before: query.cursor, status: query.status };
    const rows = scope === 'all' ? await this.orders.listAll(page) : await this.orders.listForUser(scope.user.id, page);
    const items = rows.slice(0, limit);
    return { items, page: { limit, nextCursor: rows.length > limit ? items.at(-1)!.id : null } };
  }
}
