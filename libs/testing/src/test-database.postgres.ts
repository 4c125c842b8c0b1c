import { Client } from 'pg';
import { databaseUrl, quoteIdent, redactUrl } from './postgres.url';
import { testPostgresUrl } from './testing.config';
import { uniqueName } from './unique-name.util';

export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  readonly name: string;
  /** Terminates its connections and drops it; safe to call twice. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database named `test_<label>_<random>` on the server at `TANDEM_TEST_PG_URL`
 * (default postgres://postgres@127.0.0.1:5432/postgres), so tests never share tables.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const serverUrl = testPostgresUrl();
  const name = uniqueName(`test_${label}`);
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return {
    url: databaseUrl(serverUrl, name),
    name,
    drop: async () => {
      // WITH (FORCE) (Postgres 13+) terminates the sessions still connected, atomically with the drop.
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

async function withClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `cannot connect to the test Postgres server at ${redactUrl(serverUrl)}: ${(error as Error).message}. ` +
        'Start Postgres (.ci/run starts the machine\'s cluster) or set TANDEM_TEST_PG_URL to a server where ' +
        'that user may create databases.',
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
