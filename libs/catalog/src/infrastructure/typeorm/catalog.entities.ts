import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

// Tables created by CreateCatalog1764200000000. Queries are hand-written SQL (keyset paging,
// conditional stock updates); the entities register the tables with the `catalog` DataSource.

@Entity('categories')
export class CategoryEntity {
  @PrimaryGeneratedColumn('identity')
  id!: number;

  @Column('text', { unique: true })
  slug!: string;

  @Column('text')
  name!: string;

  @Column({ type: 'timestamptz', name: 'created_at', precision: 3 })
  createdAt!: Date;
}

/** The generated `search` tsvector column is left out: it is written by PostgreSQL only. */
@Entity('products')
export class ProductEntity {
  @PrimaryGeneratedColumn('identity')
  id!: number;

  @Column('text', { unique: true })
  sku!: string;

  @Column('text')
  name!: string;

  @Column('text')
  description!: string;

  @Column('integer', { name: 'price_amount' })
  priceAmount!: number;

  @Column('text')
  currency!: string;

  @Column('integer')
  stock!: number;

  @Column('integer', { name: 'category_id' })
  categoryId!: number;

  @Column('boolean', { name: 'flash_sale' })
  flashSale!: boolean;

  @Column('boolean')
  active!: boolean;

  @Column('integer')
  version!: number;

  @Column({ type: 'timestamptz', name: 'created_at', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', precision: 3 })
  updatedAt!: Date;
}

@Entity('stock_reservations')
export class StockReservationEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  status!: 'reserved' | 'released';

  @Column({ type: 'timestamptz', name: 'created_at', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'released_at', precision: 3, nullable: true })
  releasedAt!: Date | null;
}

@Entity('stock_reservation_items')
export class StockReservationItemEntity {
  @PrimaryColumn('text', { name: 'reservation_id' })
  reservationId!: string;

  @PrimaryColumn('integer', { name: 'product_id' })
  productId!: number;

  @Column('integer')
  quantity!: number;
}

export const CATALOG_ENTITIES = [CategoryEntity, ProductEntity, StockReservationEntity, StockReservationItemEntity];
