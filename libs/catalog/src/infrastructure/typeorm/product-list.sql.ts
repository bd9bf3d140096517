import type { ProductFilter, ProductSort } from '../../domain/product-query.js';
import type { ProductListQuery } from '../../ports/product.repository.js';
import { PRODUCT_COLUMNS } from './product-row.js';

interface SortSql {
  column: string;
  cast: string;
  direction: 'ASC' | 'DESC';
}

// Each sort is (key, id) in one direction, so keyset paging is a row comparison that the
// matching (key, id) index answers; descending sorts scan the same index backwards.
const SORT_SQL: Record<ProductSort, SortSql> = {
  price: { column: 'p.price_amount', cast: 'integer', direction: 'ASC' },
  '-price': { column: 'p.price_amount', cast: 'integer', direction: 'DESC' },
  name: { column: 'p.name', cast: 'text', direction: 'ASC' },
  '-name': { column: 'p.name', cast: 'text', direction: 'DESC' },
  createdAt: { column: 'p.created_at', cast: 'timestamptz', direction: 'ASC' },
  '-createdAt': { column: 'p.created_at', cast: 'timestamptz', direction: 'DESC' },
  relevance: { column: 'ts_rank(p.search, query)', cast: 'real', direction: 'DESC' },
};

export interface SqlStatement {
  text: string;
  params: unknown[];
}

/** FROM and WHERE shared by the page query and its count. */
function fromWhere(filter: ProductFilter, params: unknown[], from: string): { from: string; where: string[] } {
  const param = (value: unknown): string => `$${params.push(value)}`;
  const where = ['p.active'];
  if (filter.q !== undefined) {
    from += `, websearch_to_tsquery('english', ${param(filter.q)}) query`;
    where.push('p.search @@ query');
  }
  if (filter.category !== undefined) where.push(`p.category_id = (SELECT id FROM categories WHERE slug = ${param(filter.category)})`);
  if (filter.minPrice !== undefined) where.push(`p.price_amount >= ${param(filter.minPrice)}`);
  if (filter.maxPrice !== undefined) where.push(`p.price_amount <= ${param(filter.maxPrice)}`);
  if (filter.inStock === true) where.push('p.stock > 0');
  if (filter.inStock === false) where.push('p.stock = 0');
  return { from, where };
}

export function listProductsSql(query: ProductListQuery): SqlStatement {
  const params: unknown[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const { from, where } = fromWhere(query, params, 'products p JOIN categories c ON c.id = p.category_id');
  const sort = SORT_SQL[query.sort];
  if (query.after) {
    const op = sort.direction === 'ASC' ? '>' : '<';
    where.push(`(${sort.column}, p.id) ${op} (${param(query.after.value)}::${sort.cast}, ${param(query.after.id)}::integer)`);
  }
  const rank = query.q !== undefined ? ', ts_rank(p.search, query) AS rank' : '';
  let text = `SELECT ${PRODUCT_COLUMNS}${rank}
    FROM ${from}
    WHERE ${where.join(' AND ')}
    ORDER BY ${sort.column} ${sort.direction}, p.id ${sort.direction}
    LIMIT ${param(query.limit)}`;
  if (query.offset) text += ` OFFSET ${param(query.offset)}`;
  return { text, params };
}

export function countProductsSql(filter: ProductFilter): SqlStatement {
  const params: unknown[] = [];
  const { from, where } = fromWhere(filter, params, 'products p');
  return { text: `SELECT count(*)::integer AS total FROM ${from} WHERE ${where.join(' AND ')}`, params };
}
