export { OrdersHttpModule, OrdersModule } from './orders.module.js';
export { ORDERS_USE_CASES } from './orders.use-cases.js';
export { ORDERS_SCHEMA } from './orders.schema.js';
export { BucketMap, bucketOfUser } from './domain/bucket-map.js';
export { BUCKET_COUNT, newOrderId, parseOrderId } from './domain/order-id.js';
export { ORDER_STATUSES, type Order, type OrderStatus } from './domain/order.js';
export { ORDERS_QUEUE, NOTIFICATIONS_QUEUE } from './jobs/order-jobs.js';
export { PaymentProvider } from './ports/payment.provider.js';
