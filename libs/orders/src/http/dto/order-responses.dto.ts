import { ApiProperty } from '@nestjs/swagger';
import { ORDER_STATUSES } from '../../domain/order.js';

// OpenAPI shapes of the cart and order responses (the types live in domain/order.ts).

class Money {
  @ApiProperty() amount!: number;
  @ApiProperty() currency!: string;
}

export class CartLineResponse {
  @ApiProperty() productId!: number;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'The product as it is now (catalog product shape)' }) product!: object;
}

export class CartResponse {
  @ApiProperty({ type: [CartLineResponse] }) items!: CartLineResponse[];
  @ApiProperty({ type: Money }) total!: Money;
}

export class OrderLineResponse {
  @ApiProperty() productId!: number;
  @ApiProperty({ description: 'Name when ordered' }) name!: string;
  @ApiProperty({ type: Money, description: 'Unit price when ordered' }) unitPrice!: Money;
  @ApiProperty() quantity!: number;
}

export class OrderResponse {
  @ApiProperty({ description: 'Decimal string; encodes the shard bucket and may exceed 2^53' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiProperty({ type: [OrderLineResponse] }) items!: OrderLineResponse[];
  @ApiProperty({ type: Money }) total!: Money;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

class OrderPageInfo {
  @ApiProperty() limit!: number;
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class OrderPageResponse {
  @ApiProperty({ type: [OrderResponse] }) items!: OrderResponse[];
  @ApiProperty({ type: OrderPageInfo }) page!: OrderPageInfo;
}

class InvoiceLineResponse extends OrderLineResponse {
  @ApiProperty({ type: Money }) lineTotal!: Money;
}

export class InvoiceResponse {
  @ApiProperty() number!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: [InvoiceLineResponse] }) lines!: InvoiceLineResponse[];
  @ApiProperty({ type: Money }) total!: Money;
}

class TrackingEventResponse {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiProperty() detail!: string;
}

export class TrackingResponse {
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) trackingNumber!: string | null;
  @ApiProperty({ type: [TrackingEventResponse] }) events!: TrackingEventResponse[];
}
