import { Body, Controller, Delete, Headers, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ProductDto } from '@surge/contracts';
import { Auth } from '@surge/platform/auth';
import { CreateProductUseCase } from '../application/create-product/create-product.use-case.js';
import { DeactivateProductUseCase } from '../application/deactivate-product/deactivate-product.use-case.js';
import { SetStockUseCase } from '../application/set-stock/set-stock.use-case.js';
import { UpdateProductUseCase } from '../application/update-product/update-product.use-case.js';
import { StaleVersionError } from '../domain/catalog.errors.js';
import { productEtag, versionFromIfMatch, type ProductRecord } from '../domain/product.js';
import { ProductIdParamsDto } from './dto/product-query.dto.js';
import { CreateProductDto, SetStockDto, UpdateProductDto } from './dto/product-write.dto.js';
import { ProductResponse } from './dto/responses.dto.js';

/** Answers with the product and its new ETag, so a client can chain If-Match updates. */
function withEtag(reply: FastifyReply, record: ProductRecord): ProductDto {
  void reply.header('etag', productEtag(record));
  return record.product;
}

@ApiTags('admin')
@Controller('admin/products')
@Auth('admin')
export class AdminProductsController {
  constructor(
    private readonly createProduct: CreateProductUseCase,
    private readonly updateProduct: UpdateProductUseCase,
    private readonly deactivateProduct: DeactivateProductUseCase,
    private readonly setStock: SetStockUseCase,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: ProductResponse })
  @ApiConflictResponse({ description: 'SKU_TAKEN' })
  async create(@Body() body: CreateProductDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductDto> {
    const record = await this.createProduct.execute({
      ...body,
      description: body.description ?? '',
      stock: body.stock ?? 0,
      flashSale: body.flashSale ?? false,
      active: body.active ?? true,
    });
    return withEtag(reply, record);
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version this change is based on' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiNotFoundResponse({ description: 'No such product' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another version (PRECONDITION_FAILED)' })
  @ApiConflictResponse({ description: 'SKU_TAKEN' })
  async update(
    @Param() params: ProductIdParamsDto,
    @Body() body: UpdateProductDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductDto> {
    const expected = versionFromIfMatch(ifMatch, params.id);
    if (expected === -1) throw new StaleVersionError();
    return withEtag(reply, await this.updateProduct.execute(params.id, body, expected));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deactivated: no longer listed, shown or orderable' })
  @ApiNotFoundResponse({ description: 'No such product' })
  async deactivate(@Param() params: ProductIdParamsDto): Promise<void> {
    await this.deactivateProduct.execute(params.id);
  }

  @Put(':id/stock')
  @ApiOkResponse({ type: ProductResponse })
  @ApiNotFoundResponse({ description: 'No such product' })
  async stock(@Param() params: ProductIdParamsDto, @Body() body: SetStockDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductDto> {
    return withEtag(reply, await this.setStock.execute(params.id, body.stock));
  }
}
