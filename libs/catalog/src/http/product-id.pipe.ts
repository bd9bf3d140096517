import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '@surge/contracts';

const MAX_INT = 2_147_483_647;

/**
 * The :id of product routes, checked by hand: product detail is the hottest route, and a DTO
 * through class-transformer and class-validator costs a measurable share of its time.
 */
@Injectable()
export class ProductIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const id = typeof value === 'number' ? value : /^\d{1,10}$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isSafeInteger(id) || id < 1 || id > MAX_INT) {
      throw new ValidationFailedError([{ field: 'id', message: 'id must be a positive integer' }]);
    }
    return id;
  }
}
