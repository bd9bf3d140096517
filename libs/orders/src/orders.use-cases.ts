import type { UseCaseBinding } from '@surge/platform/transport';
import { UpdateCartUseCase } from './application/cart/update-cart.use-case.js';
import { ViewCartUseCase } from './application/cart/view-cart.use-case.js';
import { CancelOrderUseCase } from './application/cancel-order/cancel-order.use-case.js';
import { PlaceOrderUseCase } from './application/place-order/place-order.use-case.js';
import { GetOrderUseCase } from './application/read-orders/get-order.use-case.js';
import { ListOrdersUseCase } from './application/read-orders/list-orders.use-case.js';

/**
 * The use cases behind the cart and order routes, as the orders service serves them
 * (`orders.<name>`). All are safe to repeat: placing an order carries its Idempotency-Key, a
 * repeated cancel answers with the cancelled order, and cart changes set a quantity.
 */
export const ORDERS_USE_CASES: readonly UseCaseBinding[] = [
  { name: 'viewCart', useCase: ViewCartUseCase, idempotent: true },
  { name: 'updateCart', useCase: UpdateCartUseCase, idempotent: true },
  { name: 'placeOrder', useCase: PlaceOrderUseCase, idempotent: true },
  { name: 'cancelOrder', useCase: CancelOrderUseCase, idempotent: true },
  { name: 'getOrder', useCase: GetOrderUseCase, idempotent: true },
  { name: 'listOrders', useCase: ListOrdersUseCase, idempotent: true },
];
