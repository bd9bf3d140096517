import { Injectable } from '@nestjs/common';
import { CatalogPort, type ProductDto, type StockItem, type StockReservationDto } from '@surge/contracts';
import { ReleaseStockUseCase } from '../application/release-stock/release-stock.use-case.js';
import { ReserveStockUseCase } from '../application/reserve-stock/reserve-stock.use-case.js';
import { ProductRepository } from '../ports/product.repository.js';

/** The in-process binding of CatalogPort (monolith, and inside the catalog service). */
@Injectable()
export class LocalCatalogPort extends CatalogPort {
  constructor(
    private readonly products: ProductRepository,
    private readonly reserve: ReserveStockUseCase,
    private readonly release: ReleaseStockUseCase,
  ) {
    super();
  }

  /** Straight from the database, not the cache: orders price what is stored now. */
  getProducts(ids: number[]): Promise<ProductDto[]> {
    return this.products.findActiveByIds(ids);
  }

  reserveStock(reservationId: string, items: StockItem[]): Promise<StockReservationDto> {
    return this.reserve.execute(reservationId, items);
  }

  releaseStock(reservationId: string): Promise<StockReservationDto> {
    return this.release.execute(reservationId);
  }
}
