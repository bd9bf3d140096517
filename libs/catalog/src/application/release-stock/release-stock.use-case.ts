import { Injectable } from '@nestjs/common';
import type { StockReservationDto } from '@surge/contracts';
import { StockLedger } from '../../ports/stock.ledger.js';
import { CatalogCache } from '../catalog-cache.js';
import { checkReservationId } from '../reserve-stock/reserve-stock.use-case.js';

@Injectable()
export class ReleaseStockUseCase {
  constructor(
    private readonly ledger: StockLedger,
    private readonly cache: CatalogCache,
  ) {}

  async execute(reservationId: string): Promise<StockReservationDto> {
    checkReservationId(reservationId);
    const { reservation, changed } = await this.ledger.release(reservationId);
    if (changed) await this.cache.stockMoved(...reservation.items.map((i) => i.productId));
    return reservation;
  }
}
