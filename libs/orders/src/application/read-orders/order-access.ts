import type { AuthenticatedUser } from '@surge/contracts';
import type { Order } from '../../domain/order.js';

/** Owners and admins see an order; anyone else is told it does not exist. */
export function canSee(user: AuthenticatedUser, order: Pick<Order, 'userId'>): boolean {
  return user.role === 'admin' || order.userId === user.id;
}
