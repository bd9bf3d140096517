import { DomainError, NotFoundError, ValidationFailedError } from '@surge/contracts';

export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super('Product not found');
  }
}

export class SkuTakenError extends DomainError {
  constructor(sku: string) {
    super('conflict', 'SKU_TAKEN', `A product with sku ${sku} already exists`);
  }
}

export class CategoryTakenError extends DomainError {
  constructor(slug: string) {
    super('conflict', 'CATEGORY_TAKEN', `A category with slug ${slug} already exists`);
  }
}

export class UnknownCategoryError extends ValidationFailedError {
  constructor(slug: string) {
    super([{ field: 'category', message: `category ${slug} does not exist` }]);
  }
}

/** The If-Match tag names an older version than the stored one. */
export class StaleVersionError extends DomainError {
  constructor() {
    super('precondition_failed', 'PRECONDITION_FAILED', 'The product has changed since it was read (If-Match does not match)');
  }
}

export class InvalidCursorError extends ValidationFailedError {
  constructor() {
    super([{ field: 'cursor', message: 'cursor is not a cursor this endpoint returned for this sort' }]);
  }
}
