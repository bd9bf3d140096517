import { Injectable } from '@nestjs/common';
import type { ProductRecord } from '../../domain/product.js';
import { ProductRepository, type ProductChanges } from '../../ports/product.repository.js';
import { CatalogCache } from '../catalog-cache.js';

/** Optimistic concurrency: with `expectedVersion` the update applies only to that version (else 412). */
@Injectable()
export class UpdateProductUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  async execute(id: number, changes: ProductChanges, expectedVersion?: number): Promise<ProductRecord> {
    const updated = await this.products.update(id, changes, expectedVersion);
    await this.cache.productsChanged(id);
    return updated;
  }
}
