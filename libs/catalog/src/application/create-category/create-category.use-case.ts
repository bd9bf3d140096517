import { Injectable } from '@nestjs/common';
import type { CategoryDto } from '@surge/contracts';
import { ProductRepository } from '../../ports/product.repository.js';
import { CatalogCache } from '../catalog-cache.js';

@Injectable()
export class CreateCategoryUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  async execute(category: CategoryDto): Promise<CategoryDto> {
    const created = await this.products.createCategory(category);
    await this.cache.categoriesChanged();
    return created;
  }
}
