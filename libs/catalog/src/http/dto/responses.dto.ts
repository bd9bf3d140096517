import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// OpenAPI shapes of the catalog responses (the types themselves live in @surge/contracts).

export class MoneyResponse {
  @ApiProperty() amount!: number;
  @ApiProperty() currency!: string;
}

export class CategoryResponse {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class ProductResponse {
  @ApiProperty() id!: number;
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: MoneyResponse }) price!: MoneyResponse;
  @ApiProperty() stock!: number;
  @ApiProperty({ type: CategoryResponse }) category!: CategoryResponse;
  @ApiProperty() flashSale!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ProductPageInfo {
  @ApiProperty() limit!: number;
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiPropertyOptional({ description: 'With page=' }) number?: number;
  @ApiPropertyOptional({ description: 'With page=' }) total?: number;
}

export class ProductPageResponse {
  @ApiProperty({ type: [ProductResponse] }) items!: ProductResponse[];
  @ApiProperty({ type: ProductPageInfo }) page!: ProductPageInfo;
}

export class CategoryListResponse {
  @ApiProperty({ type: [CategoryResponse] }) items!: CategoryResponse[];
}
