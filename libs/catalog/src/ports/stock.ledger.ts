import type { StockItem, StockReservationDto } from '@surge/contracts';

export interface StockOutcome {
  reservation: StockReservationDto;
  /** False when the call found its work already done (a retry): nothing was taken or given back. */
  changed: boolean;
}

/** Stock taken and given back by reservation id, each at most once. */
export abstract class StockLedger {
  /** All or nothing; throws OutOfStockError. Items are merged per product. */
  abstract reserve(reservationId: string, items: StockItem[]): Promise<StockOutcome>;
  abstract release(reservationId: string): Promise<StockOutcome>;
}
