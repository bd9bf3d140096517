import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CursorPageQueryDto } from '@surge/platform/http';
import { PRODUCT_SORTS } from '../../domain/product-query.js';

const MAX_INT = 2_147_483_647;
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Query strings carry text: 'true' and 'false' become booleans, anything else stays and fails IsBoolean. */
export const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ListProductsQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'Offset paging: 1-based page number; page.total is returned' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  page?: number;

  @ApiPropertyOptional({ enum: PRODUCT_SORTS, description: 'Default -createdAt, or relevance when q is given' })
  @IsOptional()
  @IsIn(PRODUCT_SORTS)
  sort?: (typeof PRODUCT_SORTS)[number];

  @ApiPropertyOptional({ description: 'Category slug' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(SLUG, { message: 'category must be a category slug' })
  category?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Minor units, inclusive' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  minPrice?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Minor units, inclusive' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  maxPrice?: number;

  @ApiPropertyOptional({ description: 'true: only products in stock; false: only sold-out ones' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  inStock?: boolean;

  @ApiPropertyOptional({ description: 'Full-text search (web search syntax: words, "phrases", -exclusions, or)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ProductIdParamsDto {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a positive integer' })
  @Min(1, { message: 'id must be a positive integer' })
  @Max(MAX_INT)
  id!: number;
}
