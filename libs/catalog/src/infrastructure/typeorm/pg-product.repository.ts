import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CategoryDto, ProductDto } from '@surge/contracts';
import { CategoryTakenError, ProductNotFoundError, SkuTakenError, StaleVersionError, UnknownCategoryError } from '../../domain/catalog.errors.js';
import type { ProductRecord } from '../../domain/product.js';
import type { ListedProduct, ProductFilter } from '../../domain/product-query.js';
import { ProductRepository, type NewProduct, type ProductChanges, type ProductListQuery } from '../../ports/product.repository.js';
import { countProductsSql, listProductsSql } from './product-list.sql.js';
import { PRODUCT_COLUMNS, toProductDto, toProductRecord, type ProductRow } from './product-row.js';

const MAX_INT = 2_147_483_647;
const validId = (id: number): boolean => Number.isSafeInteger(id) && id >= 1 && id <= MAX_INT;
const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';

/** Products and categories in the `catalog` database (PostgreSQL or embedded PGlite). */
@Injectable()
export class PgProductRepository extends ProductRepository {
  constructor(@InjectDataSource('catalog') private readonly db: DataSource) {
    super();
  }

  async list(query: ProductListQuery): Promise<ListedProduct[]> {
    const { text, params } = listProductsSql(query);
    const rows: ProductRow[] = await this.db.query(text, params);
    return rows.map((r) => ({ product: toProductDto(r), rank: r.rank ?? null }));
  }

  async count(filter: ProductFilter): Promise<number> {
    const { text, params } = countProductsSql(filter);
    const rows: { total: number }[] = await this.db.query(text, params);
    return rows[0]!.total;
  }

  async findById(id: number): Promise<ProductRecord | null> {
    if (!validId(id)) return null;
    const rows: ProductRow[] = await this.db.query(
      `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = $1`,
      [id],
    );
    return rows[0] ? toProductRecord(rows[0]) : null;
  }

  async findActiveByIds(ids: number[]): Promise<ProductDto[]> {
    const wanted = ids.filter(validId);
    if (wanted.length === 0) return [];
    const rows: ProductRow[] = await this.db.query(
      `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ANY($1::integer[]) AND p.active`,
      [wanted],
    );
    const byId = new Map(rows.map((r) => [r.id, toProductDto(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async create(p: NewProduct): Promise<ProductRecord> {
    // ON CONFLICT instead of catching a unique violation: also right when two creations race.
    const rows: ProductRow[] = await this.db.query(
      `WITH c AS (SELECT id, slug, name FROM categories WHERE slug = $7),
       p AS (
         INSERT INTO products (sku, name, description, price_amount, currency, stock, category_id, flash_sale, active)
         SELECT $1, $2, $3, $4, $5, $6, c.id, $8, $9 FROM c
         ON CONFLICT (sku) DO NOTHING RETURNING *
       ) SELECT ${PRODUCT_COLUMNS} FROM p JOIN c ON c.id = p.category_id`,
      [p.sku, p.name, p.description, p.price.amount, p.price.currency, p.stock, p.category, p.flashSale, p.active],
    );
    if (rows[0]) return toProductRecord(rows[0]);
    if ((await this.categoryId(p.category)) === null) throw new UnknownCategoryError(p.category);
    throw new SkuTakenError(p.sku);
  }

  async update(id: number, changes: ProductChanges, expectedVersion?: number): Promise<ProductRecord> {
    if (!validId(id)) throw new ProductNotFoundError();
    let categoryId: number | null = null;
    if (changes.category !== undefined) {
      categoryId = await this.categoryId(changes.category);
      if (categoryId === null) throw new UnknownCategoryError(changes.category);
    }
    let rows: ProductRow[];
    try {
      rows = await this.db.query(
        `WITH p AS (
           UPDATE products SET
             sku = COALESCE($3, sku), name = COALESCE($4, name), description = COALESCE($5, description),
             price_amount = COALESCE($6, price_amount), currency = COALESCE($7, currency),
             category_id = COALESCE($8, category_id), flash_sale = COALESCE($9, flash_sale), active = COALESCE($10, active),
             version = version + 1, updated_at = now()
           WHERE id = $1 AND ($2::integer IS NULL OR version = $2::integer) RETURNING *
         ) SELECT ${PRODUCT_COLUMNS} FROM p JOIN categories c ON c.id = p.category_id`,
        [
          id,
          expectedVersion ?? null,
          changes.sku ?? null,
          changes.name ?? null,
          changes.description ?? null,
          changes.price?.amount ?? null,
          changes.price?.currency ?? null,
          categoryId,
          changes.flashSale ?? null,
          changes.active ?? null,
        ],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new SkuTakenError(changes.sku ?? '');
      throw error;
    }
    if (rows[0]) return toProductRecord(rows[0]);
    throw (await this.findById(id)) ? new StaleVersionError() : new ProductNotFoundError();
  }

  async setStock(id: number, stock: number): Promise<ProductRecord | null> {
    if (!validId(id)) return null;
    const rows: ProductRow[] = await this.db.query(
      `WITH p AS (
         UPDATE products SET stock = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *
       ) SELECT ${PRODUCT_COLUMNS} FROM p JOIN categories c ON c.id = p.category_id`,
      [id, stock],
    );
    return rows[0] ? toProductRecord(rows[0]) : null;
  }

  async deactivate(id: number): Promise<boolean> {
    if (!validId(id)) return false;
    const rows: { id: number }[] = await this.db.query(
      `WITH p AS (
         UPDATE products SET active = false,
           version = CASE WHEN active THEN version + 1 ELSE version END,
           updated_at = CASE WHEN active THEN now() ELSE updated_at END
         WHERE id = $1 RETURNING id
       ) SELECT id FROM p`,
      [id],
    );
    return rows.length > 0;
  }

  async listCategories(): Promise<CategoryDto[]> {
    return this.db.query(`SELECT slug, name FROM categories ORDER BY name, slug`);
  }

  async createCategory(category: CategoryDto): Promise<CategoryDto> {
    const rows: CategoryDto[] = await this.db.query(
      `INSERT INTO categories (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING RETURNING slug, name`,
      [category.slug, category.name],
    );
    if (!rows[0]) throw new CategoryTakenError(category.slug);
    return rows[0];
  }

  private async categoryId(slug: string): Promise<number | null> {
    const rows: { id: number }[] = await this.db.query(`SELECT id FROM categories WHERE slug = $1`, [slug]);
    return rows[0]?.id ?? null;
  }
}
