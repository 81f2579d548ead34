import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex, migrateDatabase } from './migrateDatabase';

/**
 * A store on one of Paved's tables: it holds the plugin's database client, created with Paved's migrations
 * applied (unless `database.migrations.skip` is set).
 */
export abstract class PavedStore {
  constructor(protected readonly db: Knex) {}

  /** Connects to the plugin's database and applies the migrations (unless `migrations.skip` is set). */
  static async create<S>(
    this: new (db: Knex) => S,
    options: { database: DatabaseService },
  ): Promise<S> {
    return new this(await migrateDatabase(options.database));
  }
}
