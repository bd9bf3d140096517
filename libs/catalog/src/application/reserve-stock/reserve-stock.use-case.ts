import { Injectable } from '@nestjs/common';
import { ValidationFailedError, type StockItem, type StockReservationDto } from '@surge/contracts';
import { StockLedger } from '../../ports/stock.ledger.js';
import { CatalogCache } from '../catalog-cache.js';

export function checkReservationId(reservationId: string): void {
  if (typeof reservationId !== 'string' || reservationId.length < 1 || reservationId.length > 200) {
    throw new ValidationFailedError([{ field: 'reservationId', message: 'reservationId must be 1 to 200 characters' }]);
  }
}

/** All-or-nothing, idempotent per reservation id; the products' cached views are dropped after. */
@Injectable()
export class ReserveStockUseCase {
  constructor(
    private readonly ledger: StockLedger,
    private readonly cache: CatalogCache,
  ) {}

  async execute(reservationId: string, items: StockItem[]): Promise<StockReservationDto> {
    checkReservationId(reservationId);
    const { reservation, changed } = await this.ledger.reserve(reservationId, items);
    if (changed) await this.cache.stockMoved(...reservation.items.map((i) => i.productId));
    return reservation;
  }
}
