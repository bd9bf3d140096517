import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AuthModule } from '@surge/platform/auth';
import { AppConfig } from '@surge/platform/config';
import { QueueModule } from '@surge/platform/queue';
import { REDIS } from '@surge/platform/redis';
import { UpdateCartUseCase } from './application/cart/update-cart.use-case.js';
import { ViewCartUseCase } from './application/cart/view-cart.use-case.js';
import { CancelOrderUseCase } from './application/cancel-order/cancel-order.use-case.js';
import { PlaceOrderUseCase } from './application/place-order/place-order.use-case.js';
import { GetOrderUseCase } from './application/read-orders/get-order.use-case.js';
import { ListOrdersUseCase } from './application/read-orders/list-orders.use-case.js';
import { ReleaseReservation } from './application/release-reservation.js';
import { AdminOrdersController } from './http/admin-orders.controller.js';
import { CartController } from './http/cart.controller.js';
import { OrdersController } from './http/orders.controller.js';
import { OrderShards } from './infrastructure/order-shards.js';
import { OutboxRelay } from './infrastructure/outbox.relay.js';
import { PgCartStore } from './infrastructure/pg-cart.store.js';
import { PgFulfilmentRepository } from './infrastructure/pg-fulfilment.repository.js';
import { PgOrderRepository } from './infrastructure/pg-order.repository.js';
import { NoFlashSaleGate, RedisFlashSaleGate } from './infrastructure/redis-flash-sale.gate.js';
import { RedisCartStore } from './infrastructure/redis-cart.store.js';
import { SimulatedPaymentProvider } from './infrastructure/simulated-payment.provider.js';
import { FulfilmentJobs } from './jobs/fulfilment.jobs.js';
import { ORDER_JOB_DECLARATIONS } from './jobs/order-jobs.js';
import { CartStore } from './ports/cart.store.js';
import { FlashSaleGate } from './ports/flash-sale.gate.js';
import { FulfilmentRepository } from './ports/fulfilment.repository.js';
import { OrderRepository } from './ports/order.repository.js';
import { OutboxPublisher } from './ports/outbox.js';
import { PaymentProvider } from './ports/payment.provider.js';
import { ORDERS_USE_CASES } from './orders.use-cases.js';

/**
 * Cart, checkout and the order lifecycle on the order shards (orders_0..N-1). Stock goes through
 * CatalogPort only. With REDIS_URL the cart and the flash-sale counters live in Redis; without it
 * the cart is on the user's shard and flash-sale items take the normal path.
 */
@Global()
@Module({
  imports: [AuthModule, QueueModule.forFeature({ jobs: ORDER_JOB_DECLARATIONS })],
  providers: [
    OrderShards,
    { provide: OrderRepository, useClass: PgOrderRepository },
    { provide: FulfilmentRepository, useClass: PgFulfilmentRepository },
    { provide: PaymentProvider, useClass: SimulatedPaymentProvider },
    OutboxRelay,
    { provide: OutboxPublisher, useExisting: OutboxRelay },
    {
      provide: CartStore,
      inject: [REDIS, AppConfig, OrderShards],
      useFactory: (redis: Redis | undefined, config: AppConfig, shards: OrderShards) =>
        redis ? new RedisCartStore(redis, config) : new PgCartStore(shards, config),
    },
    {
      provide: FlashSaleGate,
      inject: [REDIS, AppConfig],
      useFactory: (redis: Redis | undefined, config: AppConfig) => (redis ? new RedisFlashSaleGate(redis, config) : new NoFlashSaleGate()),
    },
    ReleaseReservation,
    PlaceOrderUseCase,
    CancelOrderUseCase,
    GetOrderUseCase,
    ListOrdersUseCase,
    ViewCartUseCase,
    UpdateCartUseCase,
    FulfilmentJobs,
  ],
  exports: ORDERS_USE_CASES.map((b) => b.useCase),
})
export class OrdersModule {}

/**
 * The cart and order HTTP routes. Their use cases come from wherever the app binds them:
 * OrdersModule in the monolith, remote bindings of ORDERS_USE_CASES in the gateway.
 */
@Module({
  imports: [AuthModule],
  controllers: [CartController, OrdersController, AdminOrdersController],
})
export class OrdersHttpModule {}
