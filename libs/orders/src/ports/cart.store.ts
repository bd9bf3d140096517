export interface CartLine {
  productId: number;
  quantity: number;
}

/** A user's cart: product id -> quantity. Redis (hash with a TTL) when configured, the user's shard otherwise. */
export abstract class CartStore {
  abstract get(userId: string): Promise<CartLine[]>;
  abstract set(userId: string, productId: number, quantity: number): Promise<void>;
  abstract remove(userId: string, productId: number): Promise<void>;
  abstract clear(userId: string): Promise<void>;
}
