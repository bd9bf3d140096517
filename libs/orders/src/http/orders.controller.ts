import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedUser } from '@surge/contracts';
import { Auth, CurrentUser } from '@surge/platform/auth';
import { CursorPageQueryDto } from '@surge/platform/http';
import { CancelOrderUseCase } from '../application/cancel-order/cancel-order.use-case.js';
import { PlaceOrderUseCase } from '../application/place-order/place-order.use-case.js';
import { GetOrderUseCase } from '../application/read-orders/get-order.use-case.js';
import { ListOrdersUseCase, type OrderPage } from '../application/read-orders/list-orders.use-case.js';
import type { Invoice, Order, Tracking } from '../domain/order.js';
import { PlaceOrderDto } from './dto/order-requests.dto.js';
import { InvoiceResponse, OrderPageResponse, OrderResponse, TrackingResponse } from './dto/order-responses.dto.js';

@ApiTags('orders')
@Auth()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly placeOrder: PlaceOrderUseCase,
    private readonly listOrders: ListOrdersUseCase,
    private readonly getOrder: GetOrderUseCase,
    private readonly cancelOrder: CancelOrderUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '1 to 255 visible ASCII characters, e.g. a UUID' })
  @ApiCreatedResponse({ type: OrderResponse, description: 'The order (also for a replay of the same key and body: Idempotent-Replayed: true)' })
  @ApiConflictResponse({ description: 'OUT_OF_STOCK (details.items), PURCHASE_LIMIT_EXCEEDED, IDEMPOTENCY_KEY_IN_PROGRESS' })
  @ApiUnprocessableEntityResponse({ description: 'IDEMPOTENCY_KEY_REUSED with another body; CURRENCY_MISMATCH' })
  async place(
    @CurrentUser() user: AuthenticatedUser,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: PlaceOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Order> {
    const { order, replayed } = await this.placeOrder.execute({ user, idempotencyKey, items: body?.items ?? undefined });
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return order;
  }

  @Get()
  @ApiOkResponse({ type: OrderPageResponse, description: 'Own orders, newest first' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: CursorPageQueryDto): Promise<OrderPage> {
    return this.listOrders.execute({ user }, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderResponse })
  @ApiNotFoundResponse({ description: 'Unknown, malformed, or someone else’s order' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<Order> {
    return this.getOrder.execute(user, id, 'order');
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderResponse, description: 'Cancelled; its stock is back' })
  @ApiConflictResponse({ description: 'ORDER_NOT_CANCELLABLE once it is fulfilled' })
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<Order> {
    return this.cancelOrder.execute(user, id);
  }

  @Get(':id/invoice')
  @ApiOkResponse({ type: InvoiceResponse })
  @ApiNotFoundResponse({ description: 'NOT_FOUND, or INVOICE_NOT_ISSUED while the order is not yet fulfilled' })
  invoice(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<Invoice> {
    return this.getOrder.execute(user, id, 'invoice');
  }

  @Get(':id/tracking')
  @ApiOkResponse({ type: TrackingResponse })
  tracking(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<Tracking> {
    return this.getOrder.execute(user, id, 'tracking');
  }
}
