import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AsDemoSeeder, type DemoSeeder } from '@surge/platform/database';

export const DEMO_CATEGORIES = [
  { slug: 'apparel', name: 'Apparel', nouns: ['T-shirt', 'Hoodie', 'Jacket', 'Cap', 'Scarf'] },
  { slug: 'electronics', name: 'Electronics', nouns: ['Headphones', 'Speaker', 'Charger', 'Keyboard', 'Mouse'] },
  { slug: 'home', name: 'Home', nouns: ['Mug', 'Lamp', 'Blanket', 'Vase', 'Candle'] },
  { slug: 'outdoors', name: 'Outdoors', nouns: ['Tent', 'Backpack', 'Bottle', 'Lantern', 'Hammock'] },
  { slug: 'books', name: 'Books', nouns: ['Novel', 'Cookbook', 'Atlas', 'Journal', 'Guide'] },
] as const;
const ADJECTIVES = ['Classic', 'Organic', 'Wireless', 'Vintage', 'Compact', 'Deluxe', 'Rugged', 'Minimal', 'Cozy', 'Bright'];

/** 50 products over five categories (SKUs DEMO-0001..), seeded once on the first dev start. */
@Injectable()
@AsDemoSeeder('catalog-demo')
export class CatalogDemoSeeder implements DemoSeeder {
  readonly database = 'catalog';

  async seed(manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO categories (slug, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (slug) DO NOTHING`,
      [DEMO_CATEGORIES.map((c) => c.slug), DEMO_CATEGORIES.map((c) => c.name)],
    );
    const rows = Array.from({ length: 50 }, (_, i) => {
      const category = DEMO_CATEGORIES[i % DEMO_CATEGORIES.length]!;
      const noun = category.nouns[Math.floor(i / DEMO_CATEGORIES.length) % category.nouns.length]!;
      const adjective = ADJECTIVES[(i * 7) % ADJECTIVES.length]!;
      return {
        sku: `DEMO-${String(i + 1).padStart(4, '0')}`,
        name: `${adjective} ${noun}`,
        description: `A ${adjective.toLowerCase()} ${noun.toLowerCase()} from the ${category.name.toLowerCase()} range.`,
        price: 499 + ((i * 1373) % 19_500),
        stock: i % 10 === 9 ? 0 : 10 + ((i * 37) % 200),
        category: category.slug,
        flashSale: i % 12 === 0,
      };
    });
    await manager.query(
      `INSERT INTO products (sku, name, description, price_amount, currency, stock, category_id, flash_sale)
       SELECT r.sku, r.name, r.description, r.price, 'USD', r.stock, c.id, r.flash_sale
       FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::integer[], $6::text[], $7::boolean[])
         AS r (sku, name, description, price, stock, category, flash_sale)
       JOIN categories c ON c.slug = r.category
       ON CONFLICT (sku) DO NOTHING`,
      [
        rows.map((r) => r.sku),
        rows.map((r) => r.name),
        rows.map((r) => r.description),
        rows.map((r) => r.price),
        rows.map((r) => r.stock),
        rows.map((r) => r.category),
        rows.map((r) => r.flashSale),
      ],
    );
  }
}
