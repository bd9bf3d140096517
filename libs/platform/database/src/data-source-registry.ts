import type { DataSource } from 'typeorm';

/** Every DataSource this app opened, by name; used by health checks, seeding and shutdown. */
export class DataSourceRegistry {
  private readonly byName: ReadonlyMap<string, DataSource>;

  constructor(names: string[], dataSources: DataSource[]) {
    this.byName = new Map(names.map((name, i) => [name, dataSources[i]!]));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): [string, DataSource][] {
    return [...this.byName.entries()];
  }

  get(name: string): DataSource {
    const ds = this.byName.get(name);
    if (!ds) throw new Error(`No DataSource named ${name}`);
    return ds;
  }
}
