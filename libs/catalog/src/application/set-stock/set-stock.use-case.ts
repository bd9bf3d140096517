import { Injectable } from '@nestjs/common';
import { ProductNotFoundError } from '../../domain/catalog.errors.js';
import type { ProductRecord } from '../../domain/product.js';
import { ProductRepository } from '../../ports/product.repository.js';
import { CatalogCache } from '../catalog-cache.js';

@Injectable()
export class SetStockUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  async execute(id: number, stock: number): Promise<ProductRecord> {
    const updated = await this.products.setStock(id, stock);
    if (!updated) throw new ProductNotFoundError();
    await this.cache.productsChanged(id);
    return updated;
  }
}
