import { Client } from 'pg';

/** Creates (fresh) one database per service on the server at `serverUrl` and returns their URLs. */
export async function createLabDatabases(serverUrl: string, names: string[]): Promise<Record<string, string>> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const urls: Record<string, string> = {};
    for (const name of names) {
      const db = `tandem_lab_${name}`;
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
