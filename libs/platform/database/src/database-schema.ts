import type { MixedList, EntitySchema } from 'typeorm';

/** What a domain lib contributes to one logical database: its entities and its migrations. */
export interface DatabaseSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** The logical databases of Surge; `orders` is every order shard. */
export type LogicalDatabase = 'users' | 'catalog' | 'orders';

/** Which logical databases an app opens, with the schema each one carries. */
export type DatabaseSchemas = Partial<Record<LogicalDatabase, DatabaseSchema>>;

export function logicalDatabaseOf(dataSourceName: string): LogicalDatabase {
  return dataSourceName.startsWith('orders_') ? 'orders' : (dataSourceName as LogicalDatabase);
}
