import { Injectable } from '@nestjs/common';
import type { ProductRecord } from '../../domain/product.js';
import { ProductRepository, type NewProduct } from '../../ports/product.repository.js';
import { CatalogCache } from '../catalog-cache.js';

@Injectable()
export class CreateProductUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  async execute(product: NewProduct): Promise<ProductRecord> {
    const created = await this.products.create(product);
    // The id may have been cached as unknown (someone asked for it before it existed).
    await this.cache.productsChanged(created.product.id);
    return created;
  }
}
