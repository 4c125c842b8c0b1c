import { DataSource, MigrationInterface } from 'typeorm';


export interface DatabaseOptions {
  url: string;
  /** Names this service's connections in pg_stat_activity. */
  applicationName: string;
  migrations: (new () => MigrationInterface)[];
  poolSize?: number;
}

/** Serialises migrations across replicas of the same service starting together. */
const MIGRATION_LOCK = 7_461_636_101;

/**
 * Opens the service's database and brings its schema up to date with the migrations (never `synchronize`).
 * Migrations run under an advisory lock, so replicas starting at once do not race.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url: opts.url,
    applicationName: opts.applicationName,
    synchronize: false,
    migrationsRun: false,
    migrations: opts.migrations,
    migrationsTableName: 'tandem_migrations',
    migrationsTransactionMode: 'each',
    poolSize: opts.poolSize ?? 10,
    logging: false,
  });
  await ds.initialize();
  // A session lock lives on one connection: hold it on a dedicated runner while the migrations run.
  const lock = ds.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await lock.release();
    }
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}
