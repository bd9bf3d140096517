import { Injectable } from '@nestjs/common';
import { ProductNotFoundError } from '../../domain/catalog.errors.js';
import type { ProductRecord } from '../../domain/product.js';
import { ProductRepository } from '../../ports/product.repository.js';
import { CatalogCache } from '../catalog-cache.js';

/** One active product, through the cache (unknown and inactive ids are cached as misses briefly). */
@Injectable()
export class GetProductUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  async execute(id: number): Promise<ProductRecord> {
    const record = await this.cache.product(id, async () => {
      const found = await this.products.findById(id);
      return found?.product.active ? found : null;
    });
    if (!record) throw new ProductNotFoundError();
    return record;
  }
}
