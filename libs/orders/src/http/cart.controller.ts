import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '@surge/contracts';
import { Auth, CurrentUser } from '@surge/platform/auth';
import { UpdateCartUseCase } from '../application/cart/update-cart.use-case.js';
import { ViewCartUseCase, type CartView } from '../application/cart/view-cart.use-case.js';
import { ProductIdParamsDto, SetCartItemDto } from './dto/order-requests.dto.js';
import { CartResponse } from './dto/order-responses.dto.js';

@ApiTags('cart')
@Auth()
@Controller('cart')
export class CartController {
  constructor(
    private readonly view: ViewCartUseCase,
    private readonly update: UpdateCartUseCase,
  ) {}

  @Get()
  @ApiOkResponse({ type: CartResponse })
  get(@CurrentUser() user: AuthenticatedUser): Promise<CartView> {
    return this.view.execute(user.id);
  }

  @Put('items/:productId')
  @ApiOkResponse({ type: CartResponse, description: 'The cart after the change' })
  @ApiNotFoundResponse({ description: 'PRODUCT_NOT_FOUND; 409 OUT_OF_STOCK when the quantity is not available' })
  async setItem(@CurrentUser() user: AuthenticatedUser, @Param() params: ProductIdParamsDto, @Body() body: SetCartItemDto): Promise<CartView> {
    return (await this.update.execute(user.id, { set: { productId: params.productId, quantity: body.quantity } }))!;
  }

  @Delete('items/:productId')
  @ApiOkResponse({ type: CartResponse, description: 'The cart after the change' })
  async removeItem(@CurrentUser() user: AuthenticatedUser, @Param() params: ProductIdParamsDto): Promise<CartView> {
    return (await this.update.execute(user.id, { remove: params.productId }))!;
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cart emptied' })
  async clear(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.update.execute(user.id, 'clear');
  }
}
