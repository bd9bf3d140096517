import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { CatalogPort, OutOfStockError, ServiceUnavailableError, ValidationFailedError, type AuthenticatedUser, type ProductDto, type StockItem } from '@surge/contracts';
import { currentRequestId } from '@surge/platform/observability';
import { bucketOfUser } from '../../domain/bucket-map.js';
import { newOrderId } from '../../domain/order-id.js';
import { checkIdempotencyKey, normalizeItems, requestFingerprint } from '../../domain/order-request.js';
import { MAX_TOTAL_MINOR, type Order, type OrderLine } from '../../domain/order.js';
import { CartEmptyError, CurrencyMismatchError, IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from '../../domain/orders.errors.js';
import { CartStore } from '../../ports/cart.store.js';
import { FlashSaleGate } from '../../ports/flash-sale.gate.js';
import { OrderRepository } from '../../ports/order.repository.js';
import { OutboxPublisher } from '../../ports/outbox.js';
import { ORDER_JOB, orderStep } from '../../jobs/order-jobs.js';
import { ReleaseReservation } from '../release-reservation.js';

/** How long a request owns its Idempotency-Key before the sweeper may give its stock back. */
export const CLAIM_LEASE_MS = 30_000;
/** How long a duplicate request waits for the first one to finish. */
const DUPLICATE_WAIT_MS = 10_000;
const DUPLICATE_POLL_MS = 25;

export interface PlaceOrderCommand {
  user: AuthenticatedUser;
  idempotencyKey: string | undefined;
  /** Undefined: order the cart. */
  items?: StockItem[];
}

export interface PlacedOrder {
  order: Order;
  /** True when this answers an earlier request with the same key. */
  replayed: boolean;
}

/**
 * POST /orders. The Idempotency-Key is claimed on the user's shard first, with the order id this
 * request will use; that id is also the stock reservation id, so every retry below is idempotent.
 * Stock is taken (flash-sale counter, then the catalog's conditional UPDATE), then the order, its
 * first event and its outbox entries are written in one shard transaction. Any failure after
 * taking stock gives it back; a crash in between leaves a claim the sweeper releases.
 */
@Injectable()
export class PlaceOrderUseCase {
  private readonly log = new Logger('PlaceOrder');

  constructor(
    private readonly orders: OrderRepository,
    private readonly catalog: CatalogPort,
    private readonly cart: CartStore,
    private readonly gate: FlashSaleGate,
    private readonly release: ReleaseReservation,
    private readonly outbox: OutboxPublisher,
  ) {}

  async execute(command: PlaceOrderCommand): Promise<PlacedOrder> {
    const key = checkIdempotencyKey(command.idempotencyKey);
    const userId = command.user.id;
    const fingerprint = requestFingerprint(command.items);
    if (command.items && this.gate.enabled) {
      // A flash crowd is mostly turned away: answer "sold out" from the gate's counter without
      // writing anything, unless this key already has an answer to replay.
      const short = await this.gate.soldOut(normalizeItems(command.items));
      if (short.length > 0 && !(await this.orders.findClaim(userId, key))) throw new OutOfStockError(short);
    }
    const deadline = Date.now() + DUPLICATE_WAIT_MS;
    for (;;) {
      const orderId = newOrderId(bucketOfUser(userId));
      const claim = await this.orders.claim(userId, key, fingerprint, orderId, CLAIM_LEASE_MS);
      if (claim.claimed) return { order: await this.place(userId, key, orderId, command.items), replayed: false };
      if ('collision' in claim) continue; // another replica minted the same id this millisecond
      if (claim.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (claim.state === 'done') {
        const order = await this.orders.findById(claim.orderId);
        if (order) return { order, replayed: true };
      }
      // The first request is still working (or just failed and dropped its claim): wait and look again.
      if (Date.now() > deadline) throw new IdempotencyKeyInProgressError();
      await sleep(DUPLICATE_POLL_MS);
    }
  }

  private async place(userId: string, key: string, orderId: string, requested: StockItem[] | undefined): Promise<Order> {
    // What this attempt holds, so a failure gives back exactly that.
    let holds: 'nothing' | 'flash-units' | 'stock' = 'nothing';
    try {
      const items = normalizeItems(requested ?? (await this.cart.get(userId)));
      if (items.length === 0) throw new CartEmptyError();
      const products = new Map((await this.catalog.getProducts(items.map((i) => i.productId))).map((p) => [p.id, p]));
      const order = priceOrder(orderId, userId, items, products);
      const flash = items.flatMap((item) => (products.get(item.productId)!.flashSale ? [{ ...item, stock: products.get(item.productId)!.stock }] : []));
      if (flash.length > 0 && this.gate.enabled) {
        await this.gate.take(orderId, userId, flash);
        holds = 'flash-units';
      }
      try {
        const reservation = await this.catalog.reserveStock(orderId, items);
        // Only a sweeper that expired this claim can have released the reservation first.
        if (reservation.status !== 'reserved') throw new ServiceUnavailableError('The order took too long to place; please retry');
      } catch (error) {
        // A refusal took nothing; any other failure may have taken the stock.
        if (!(error instanceof OutOfStockError)) holds = 'stock';
        throw error;
      }
      holds = 'stock';
      const written = await this.orders.create(order, key, [orderStep(ORDER_JOB.chargePayment, { orderId, requestId: currentRequestId() })]);
      if (!written) throw new ServiceUnavailableError('The order took too long to place; please retry');
      this.outbox.afterCommit(orderId);
      if (requested === undefined) await this.cart.clear(userId).catch(() => undefined);
      return order;
    } catch (error) {
      await this.abandon(userId, key, orderId, holds);
      throw error;
    }
  }

  /** Gives back what the attempt holds and frees the key; if that fails now, the sweeper does it later. */
  private async abandon(userId: string, key: string, orderId: string, holds: 'nothing' | 'flash-units' | 'stock'): Promise<void> {
    try {
      if (holds === 'stock') await this.release.execute(orderId);
      if (holds === 'flash-units') await this.gate.giveBack(orderId);
      await this.orders.dropClaim(userId, key, orderId);
    } catch (error) {
      this.log.warn(`Order ${orderId} abandoned; its claim stays for the sweeper: ${(error as Error).message}`);
    }
  }
}

/** The order with its snapshot of names and unit prices, from the catalog's stored values (not its cache). */
function priceOrder(orderId: string, userId: string, items: StockItem[], products: Map<number, ProductDto>): Order {
  const missing = items.filter((i) => !products.has(i.productId));
  if (missing.length > 0) throw new OutOfStockError(missing.map((i) => ({ productId: i.productId, requested: i.quantity, available: 0 })));
  const lines: OrderLine[] = items.map((i) => {
    const product = products.get(i.productId)!;
    return { productId: i.productId, name: product.name, unitPrice: product.price, quantity: i.quantity };
  });
  const currency = lines[0]!.unitPrice.currency;
  if (lines.some((l) => l.unitPrice.currency !== currency)) throw new CurrencyMismatchError();
  const amount = lines.reduce((sum, l) => sum + l.unitPrice.amount * l.quantity, 0);
  if (amount > MAX_TOTAL_MINOR) throw new ValidationFailedError([{ field: 'items', message: 'the order total is too large' }]);
  const now = new Date().toISOString();
  return { id: orderId, userId, status: 'pending', items: lines, total: { amount, currency }, createdAt: now, updatedAt: now };
}
