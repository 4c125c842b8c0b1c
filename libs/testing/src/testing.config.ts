import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

// The environment variables that steer the test helpers. This is the only file of the library that reads
// process.env, so every knob is listed here.

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Postgres server (and a user allowed to create databases) that `createTestDatabase` uses. */
export function testPostgresUrl(): string {
  return process.env.TANDEM_TEST_PG_URL || DEFAULT_TEST_PG_URL;
}

/** Where scripts/tools.sh puts the pinned Go tools; keep the two in step. */
export function toolsDir(): string {
  return process.env.TANDEM_TOOLS_DIR || join(homedir(), '.cache', 'tandem', 'tools');
}

/** A nats-server binary to use instead of the one scripts/tools.sh built. */
export function natsServerBinOverride(): string | undefined {
  return process.env.TANDEM_NATS_SERVER_BIN || undefined;
}

/** The directories of PATH, in order. */
export function executableSearchPath(): string[] {
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean);
}
