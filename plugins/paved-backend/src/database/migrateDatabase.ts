import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

/** The Knex client `coreServices.database` hands out (typed without a direct dependency on knex). */
export type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const migrationsDir = resolvePackagePath(
  '@paved/plugin-paved-backend',
  'migrations',
);

// One migration run per client: the stores share a database and may be created at the same time.
const runs = new WeakMap<Knex, Promise<void>>();

/**
 * Returns the plugin's database client with Paved's tables migrated to the latest version, unless
 * `database.migrations.skip` is set (a read-only or externally migrated database).
 */
export async function migrateDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (database.migrations?.skip) {
    return client;
  }
  let run = runs.get(client);
  if (!run) {
    run = client.migrate
      .latest({ directory: migrationsDir })
      .then(() => undefined);
    runs.set(client, run);
    run.catch(() => runs.delete(client));
  }
  await run;
  return client;
}
