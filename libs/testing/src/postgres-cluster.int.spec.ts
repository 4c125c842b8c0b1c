import { Client } from 'pg';
import { rm, stat } from 'node:fs/promises';
import { startPostgresCluster } from './postgres-cluster.process';
import { tempDir } from './temp-dir.util';

describe('startPostgresCluster', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pg-cluster');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('initialises a throwaway cluster on loopback that accepts connections, then stops it', async () => {
    const cluster = await startPostgresCluster(dir);
    try {
      expect(cluster.url).toBe(`postgres://postgres@127.0.0.1:${cluster.port}/postgres`);
      expect((await stat(`${cluster.socketDir}/.s.PGSQL.${cluster.port}`)).isSocket()).toBe(true);

      const client = new Client({ connectionString: cluster.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ dir: string; port: string }>(
          "SELECT current_setting('data_directory') AS dir, current_setting('port') AS port",
        );
        expect(rows).toEqual([{ dir: cluster.dataDir, port: String(cluster.port) }]);
      } finally {
        await client.end();
      }
    } finally {
      await cluster.stop();
    }

    const afterStop = new Client({ connectionString: cluster.url, connectionTimeoutMillis: 2_000 });
    await expect(afterStop.connect()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reuses the cluster already in the directory, with its data', async () => {
    const first = await startPostgresCluster(dir);
    const client = new Client({ connectionString: first.url });
    await client.connect();
    await client.query("CREATE TABLE kept AS SELECT 'still here' AS note");
    await client.end();
    await first.stop();

    const second = await startPostgresCluster(dir);
    try {
      const again = new Client({ connectionString: second.url });
      await again.connect();
      const { rows } = await again.query('SELECT note FROM kept');
      await again.end();
      expect(rows).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  });
});
