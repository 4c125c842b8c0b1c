import type { ExecResult, Platform } from '@tandem/platform';

// The data the protect bench moves: a table in the lab application's PostgreSQL, filled through its pg pod with
// deterministic rows of about 1 KiB: 512 bytes that do not compress (SHA-512 digests of the row id) and about 500
// that do (a repeated short text). Row i is the same on every run.

const NAMESPACE = 'appns';
const TABLE = 'bench_fill';
/** Rows per INSERT statement (about 73 MiB on disk), so each psql call stays well under its timeout. */
const BATCH_ROWS = 65_536;
const STATEMENT_TIMEOUT_MS = 10 * 60_000;

/** 512 incompressible bytes for row `id`, different for each `round` (a row updated in round 2 gets new bytes). */
const noise = (id: string, round: number) =>
  Array.from({ length: 8 }, (_, k) => `sha512(int8send(${id}) || '\\x${(round * 16 + k + 1).toString(16).padStart(2, '0')}'::bytea)`).join(' || ');
const pattern = (id: string) => `repeat(lpad(${id}::text, 16, '0') || ' tandem bench row', 15)`;

/** Runs SQL with psql in the pg pod of appns (as postgres, over its socket), with a timeout fit for bulk work. */
export async function appPsql(platform: Platform, sql: string, timeoutMs = STATEMENT_TIMEOUT_MS): Promise<string> {
  const [result]: (ExecResult | undefined)[] = await platform.exec({
    namespace: NAMESPACE,
    podSelector: { matchLabels: { app: 'pg' } },
    command: ['psql', '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql],
    single: true,
    timeoutMs,
  });
  if (!result) throw new Error(`no pg pod in ${NAMESPACE} to run psql in`);
  if (result.exitCode !== 0) {
    throw new Error(`psql -c ${JSON.stringify(sql.slice(0, 200))} in pod ${result.pod} failed (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
  return result.stdout.trim();
}

const num = async (platform: Platform, sql: string): Promise<number> => Number(await appPsql(platform, sql));

export interface FillResult {
  rows: number;
  /** pg_relation_size of the table (heap only) and pg_total_relation_size (with its index). */
  relation_bytes: number;
  total_relation_bytes: number;
  /** Bytes of the rows' payload that compress well / do not. */
  compressible_payload_bytes: number;
  incompressible_payload_bytes: number;
  fill_s: number;
  vacuum_checkpoint_s: number;
}

/**
 * Creates the table and inserts batches of rows until its heap holds at least `targetBytes`; then VACUUM (so that
 * no later read sets hint bits on every page, which would rewrite the whole table) and CHECKPOINT.
 */
export async function fillTable(platform: Platform, targetBytes: number, progress: (line: string) => void): Promise<FillResult> {
  const started = Date.now();
  await appPsql(platform, `CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, noise bytea NOT NULL, pattern text NOT NULL)`);
  let rows = 0;
  let size = 0;
  while (size < targetBytes) {
    await appPsql(platform, `INSERT INTO ${TABLE} SELECT i, ${noise('i', 0)}, ${pattern('i')} FROM generate_series(${rows + 1}, ${rows + BATCH_ROWS}) AS i`);
    rows += BATCH_ROWS;
    size = await num(platform, `SELECT pg_relation_size('${TABLE}')`);
    progress(`  ${rows} rows, ${(size / 2 ** 20).toFixed(0)} MiB`);
  }
  const fillS = (Date.now() - started) / 1000;
  const vacuumStarted = Date.now();
  await appPsql(platform, `VACUUM (ANALYZE) ${TABLE}`);
  await appPsql(platform, 'CHECKPOINT');
  const patternBytes = await num(platform, `SELECT octet_length(${pattern('1')})`);
  return {
    rows,
    relation_bytes: size,
    total_relation_bytes: await num(platform, `SELECT pg_total_relation_size('${TABLE}')`),
    compressible_payload_bytes: rows * patternBytes,
    incompressible_payload_bytes: rows * 512,
    fill_s: fillS,
    vacuum_checkpoint_s: (Date.now() - vacuumStarted) / 1000,
  };
}

export interface ChangeResult {
  rows_updated: number;
  rows_inserted: number;
  /** Rows written × their average size on disk: what the change amounts to in table bytes. */
  row_bytes_written: number;
  /** Growth of pg_total_relation_size (new row versions and inserted rows land at the end of the table). */
  relation_growth_bytes: number;
  /** WAL written from before the change to after its CHECKPOINT (includes the full-page images and the writer's few rows). */
  wal_bytes: number;
  change_s: number;
}

/**
 * Changes about `bytes` worth of rows: half by UPDATE of a contiguous id range in the middle of the table (new
 * incompressible bytes), half by INSERT after the last id; then CHECKPOINT, so the change is on the volume.
 */
export async function changeRows(platform: Platform, fill: FillResult, bytes: number): Promise<ChangeResult> {
  const started = Date.now();
  const rowBytes = fill.relation_bytes / fill.rows;
  const each = Math.max(1, Math.round(bytes / rowBytes / 2));
  const from = Math.floor(fill.rows / 2);
  const walBefore = await appPsql(platform, 'SELECT pg_current_wal_lsn()');
  const sizeBefore = await num(platform, `SELECT pg_total_relation_size('${TABLE}')`);
  await appPsql(platform, `UPDATE ${TABLE} SET noise = ${noise('id', 1)} WHERE id > ${from} AND id <= ${from + each}`);
  await appPsql(platform, `INSERT INTO ${TABLE} SELECT i, ${noise('i', 0)}, ${pattern('i')} FROM generate_series(${fill.rows + 1}, ${fill.rows + each}) AS i`);
  await appPsql(platform, 'CHECKPOINT');
  const sizeAfter = await num(platform, `SELECT pg_total_relation_size('${TABLE}')`);
  const wal = await num(platform, `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '${walBefore}')`);
  return {
    rows_updated: each,
    rows_inserted: each,
    row_bytes_written: Math.round(2 * each * rowBytes),
    relation_growth_bytes: sizeAfter - sizeBefore,
    wal_bytes: wal,
    change_s: (Date.now() - started) / 1000,
  };
}
