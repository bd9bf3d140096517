import { Injectable } from '@nestjs/common';
import { CatalogPort, type MoneyDto, type ProductDto } from '@surge/contracts';
import { CartStore } from '../../ports/cart.store.js';

export interface CartView {
  items: { productId: number; quantity: number; product: ProductDto }[];
  total: MoneyDto;
}

const EMPTY_CURRENCY = 'USD';

/** GET /cart: the lines with their products as they are now; lines whose product is gone are dropped. */
@Injectable()
export class ViewCartUseCase {
  constructor(
    private readonly cart: CartStore,
    private readonly catalog: CatalogPort,
  ) {}

  async execute(userId: string): Promise<CartView> {
    const lines = await this.cart.get(userId);
    const products = new Map((lines.length ? await this.catalog.getProducts(lines.map((l) => l.productId)) : []).map((p) => [p.id, p]));
    const gone = lines.filter((l) => !products.has(l.productId));
    await Promise.all(gone.map((l) => this.cart.remove(userId, l.productId)));
    const items = lines.filter((l) => products.has(l.productId)).map((l) => ({ ...l, product: products.get(l.productId)! }));
    return {
      items,
      total: {
        amount: items.reduce((sum, i) => sum + i.product.price.amount * i.quantity, 0),
        currency: items[0]?.product.price.currency ?? EMPTY_CURRENCY,
      },
    };
  }
}
