import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';

const POSTGRES_IDS: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/**
 * The engines the database tests run on: SQLite always, plus every PostgreSQL version whose
 * `BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING` is set — `tools/postgres/up.sh` writes it to
 * `.postgres/env` and the Jest global setup exports it. Docker is never used.
 *
 * Call at the top of a test file or `describe` block (it registers an `afterAll` that drops the databases).
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', ...POSTGRES_IDS],
    disableDocker: true,
  });
  if (
    process.env.PAVED_POSTGRES_URL &&
    !POSTGRES_IDS.some(id => databases.supports(id))
  ) {
    throw new Error(
      `PAVED_POSTGRES_URL is set but no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING that TestDatabases reads (versions ${POSTGRES_IDS.join(
        ', ',
      )}); source .postgres/env written by tools/postgres/up.sh`,
    );
  }
  return databases;
}

/** `coreServices.database` over a fresh, empty database of the given engine. */
export async function testDatabaseService(
  databases: TestDatabases,
  id: TestDatabaseId,
): Promise<DatabaseService> {
  return mockServices.database({ knex: await databases.init(id) });
}
