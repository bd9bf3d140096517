import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiNotFoundResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GetProductUseCase } from '../application/get-product/get-product.use-case.js';
import { ListProductsUseCase, type ProductPage } from '../application/list-products/list-products.use-case.js';
import { ifNoneMatchHits, productEtag } from '../domain/product.js';
import { ListProductsQueryDto } from './dto/product-query.dto.js';
import { ProductIdPipe } from './product-id.pipe.js';
import { ProductPageResponse, ProductResponse } from './dto/responses.dto.js';

/**
 * Serialized bodies of cached product records. A cache hit hands back the same (read-only) record
 * object, so its JSON is built once per cache fill instead of once per request.
 */
const serialized = new WeakMap<object, string>();

function bodyOf(product: object): string {
  let body = serialized.get(product);
  if (body === undefined) {
    body = JSON.stringify(product);
    serialized.set(product, body);
  }
  return body;
}

@ApiTags('catalog')
@Controller('products')
export class ProductsController {
  constructor(
    private readonly listProducts: ListProductsUseCase,
    private readonly getProduct: GetProductUseCase,
  ) {}

  @Get()
  @ApiOkResponse({ type: ProductPageResponse, description: 'Active products; page.nextCursor is null on the last page' })
  list(@Query() query: ListProductsQueryDto): Promise<ProductPage> {
    return this.listProducts.execute(query);
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: ProductResponse, description: 'With an ETag (W/"<id>-<version>")' })
  @ApiResponse({ status: 304, description: 'If-None-Match names the current version' })
  @ApiNotFoundResponse({ description: 'Unknown or deactivated product' })
  async get(@Param('id', ProductIdPipe) id: number, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const record = await this.getProduct.execute(id);
    const etag = productEtag(record);
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (ifNoneMatchHits(ifNoneMatch, etag)) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).header('content-type', 'application/json; charset=utf-8').send(bodyOf(record.product));
  }
}
