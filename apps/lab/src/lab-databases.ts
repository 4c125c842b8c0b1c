import { Client } from 'pg';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_IDENTIFIER_LENGTH = 63;

export interface LabDatabasesOptions {
  /** Prepended to each name (`<prefix>_<name>`), so that labs and tests sharing a server do not collide. Default `tandem_lab`. */
  prefix?: string;
}

/**
 * Creates (fresh) one database per service on the server at `serverUrl` and returns their URLs by name.
 * Names and prefix are lowercase letters, digits and underscores (e.g. `primary_scheduler`).
 */
export async function createLabDatabases(serverUrl: string, names: string[], options: LabDatabasesOptions = {}): Promise<Record<string, string>> {
  const prefix = options.prefix ?? 'tandem_lab';
  const databases = names.map((name) => {
    const db = `${prefix}_${name}`;
    if (!IDENTIFIER.test(db) || db.length > MAX_IDENTIFIER_LENGTH) {
      throw new Error(
        `lab database name "${db}" (prefix "${prefix}", name "${name}") must be lowercase letters, digits and underscores, ` +
          `starting with a letter or underscore, at most ${MAX_IDENTIFIER_LENGTH} characters: choose a shorter or plainer prefix or name`,
      );
    }
    return { name, db };
  });
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const urls: Record<string, string> = {};
    for (const { name, db } of databases) {
      await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db]);
      await client.query(`DROP DATABASE IF EXISTS "${db}"`);
      await client.query(`CREATE DATABASE "${db}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${db}`;
      urls[name] = url.toString();
    }
    return urls;
  } finally {
    await client.end();
  }
}

/** Drops the databases `createLabDatabases` made with the same prefix and names (connections to them are ended first). */
export async function dropLabDatabases(serverUrl: string, names: string[], options: LabDatabasesOptions = {}): Promise<void> {
  const prefix = options.prefix ?? 'tandem_lab';
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const name of names) {
      const db = `${prefix}_${name}`;
      if (!IDENTIFIER.test(db)) continue;
      await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db]);
      await client.query(`DROP DATABASE IF EXISTS "${db}"`);
    }
  } finally {
    await client.end();
  }
}
