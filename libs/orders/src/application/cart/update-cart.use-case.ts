import { Injectable } from '@nestjs/common';
import { CatalogPort, OutOfStockError } from '@surge/contracts';
import { CurrencyMismatchError, ProductNotFoundError } from '../../domain/orders.errors.js';
import { CartStore } from '../../ports/cart.store.js';
import { ViewCartUseCase, type CartView } from './view-cart.use-case.js';

export type CartChange = { set: { productId: number; quantity: number } } | { remove: number } | 'clear';

/**
 * PUT /cart/items/:productId, DELETE /cart/items/:productId and DELETE /cart. A quantity must be
 * available now (stock is only taken when the order is placed) and in the cart's currency.
 */
@Injectable()
export class UpdateCartUseCase {
  constructor(
    private readonly cart: CartStore,
    private readonly catalog: CatalogPort,
    private readonly view: ViewCartUseCase,
  ) {}

  async execute(userId: string, change: CartChange): Promise<CartView | undefined> {
    if (change === 'clear') {
      await this.cart.clear(userId);
      return undefined;
    }
    if ('remove' in change) {
      await this.cart.remove(userId, change.remove);
      return this.view.execute(userId);
    }
    const { productId, quantity } = change.set;
    const [product] = await this.catalog.getProducts([productId]);
    if (!product) throw new ProductNotFoundError(productId);
    if (quantity > product.stock) throw new OutOfStockError([{ productId, requested: quantity, available: product.stock }]);
    const current = await this.view.execute(userId);
    if (current.items.some((i) => i.productId !== productId && i.product.price.currency !== product.price.currency)) throw new CurrencyMismatchError();
    await this.cart.set(userId, productId, quantity);
    return this.view.execute(userId);
  }
}
