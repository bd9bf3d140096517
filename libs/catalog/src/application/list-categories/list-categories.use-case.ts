import { Injectable } from '@nestjs/common';
import type { CategoryDto } from '@surge/contracts';
import { ProductRepository } from '../../ports/product.repository.js';
import { CatalogCache } from '../catalog-cache.js';

@Injectable()
export class ListCategoriesUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  execute(): Promise<CategoryDto[]> {
    return this.cache.categories(() => this.products.listCategories());
  }
}
