import { Injectable } from '@nestjs/common';
import { ProductNotFoundError } from '../../domain/catalog.errors.js';
import { ProductRepository } from '../../ports/product.repository.js';
import { CatalogCache } from '../catalog-cache.js';

/** Products are never deleted (orders refer to them): they stop being listed, shown and orderable. */
@Injectable()
export class DeactivateProductUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  async execute(id: number): Promise<void> {
    if (!(await this.products.deactivate(id))) throw new ProductNotFoundError();
    await this.cache.productsChanged(id);
  }
}
