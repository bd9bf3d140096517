import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '@surge/platform/auth';
import { ListOrdersUseCase, type OrderPage } from '../application/read-orders/list-orders.use-case.js';
import { AdminOrderQueryDto } from './dto/order-requests.dto.js';
import { OrderPageResponse } from './dto/order-responses.dto.js';

@ApiTags('admin')
@Auth('admin')
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(private readonly listOrders: ListOrdersUseCase) {}

  @Get()
  @ApiOkResponse({ type: OrderPageResponse, description: 'Every shard, newest first' })
  list(@Query() query: AdminOrderQueryDto): Promise<OrderPage> {
    return this.listOrders.execute('all', query);
  }
}
