import { Injectable } from '@nestjs/common';
import { CatalogPort } from '@surge/contracts';
import { FlashSaleGate } from '../ports/flash-sale.gate.js';

/** Gives back everything an order (id = reservation id) took: catalog stock, then flash-sale units. Idempotent. */
@Injectable()
export class ReleaseReservation {
  constructor(
    private readonly catalog: CatalogPort,
    private readonly gate: FlashSaleGate,
  ) {}

  async execute(orderId: string): Promise<void> {
    await this.catalog.releaseStock(orderId);
    await this.gate.giveBack(orderId);
  }
}
