import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { SLUG } from './product-query.dto.js';

const MAX_INT = 2_147_483_647;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class MoneyBodyDto {
  @ApiProperty({ description: 'Integer minor units', example: 1999 })
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  amount!: number;

  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency!: string;
}

export class CreateProductDto {
  @ApiProperty({ example: 'TSHIRT-RED-M' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'sku may hold letters, digits, dot, dash and underscore' })
  sku!: string;

  @ApiProperty({ example: 'Red T-shirt' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ type: MoneyBodyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyBodyDto)
  price!: MoneyBodyDto;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  stock?: number;

  @ApiProperty({ description: 'Category slug', example: 'apparel' })
  @IsString()
  @Matches(SLUG, { message: 'category must be a category slug' })
  category!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  flashSale?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Every field optional; stock has its own route (PUT .../stock). */
export class UpdateProductDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'sku may hold letters, digits, dot, dash and underscore' })
  sku?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: MoneyBodyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyBodyDto)
  price?: MoneyBodyDto;

  @ApiPropertyOptional({ description: 'Category slug' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, { message: 'category must be a category slug' })
  category?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  flashSale?: boolean;

  @ApiPropertyOptional({ description: 'true reactivates a deactivated product' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class SetStockDto {
  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  stock!: number;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'apparel' })
  @IsString()
  @MaxLength(64)
  @Matches(SLUG, { message: 'slug must be lower-case words joined by dashes' })
  slug!: string;

  @ApiProperty({ example: 'Apparel' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;
}
