'use strict';
// The `writer` pod of the two-site lab's application: inserts a row into `ledger` every WRITER_INTERVAL_MS and, once
// PostgreSQL has acknowledged it, appends "<id>\t<wall time of the ack, ISO 8601>" to WRITER_ACKS_FILE. Connection
// settings come from the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE). A lost connection is
// retried; SIGTERM ends the loop after the insert in flight.
const { openSync, writeSync } = require('node:fs');
const { Client } = require('pg');

const acksFile = process.env.WRITER_ACKS_FILE;
if (!acksFile) {
  process.stderr.write('writer: WRITER_ACKS_FILE is not set: set it to the file the acknowledged ids are appended to\n');
  process.exit(2);
}
const intervalMs = Number(process.env.WRITER_INTERVAL_MS || 20);
const name = process.env.POD_NAME || 'writer';
const acks = openSync(acksFile, 'a');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

async function connect() {
  const client = new Client({ connectionTimeoutMillis: 5000 });
  client.on('error', (error) => process.stderr.write(`writer: connection lost: ${error.message}\n`));
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

async function main() {
  let client;
  let seq = 0;
  let lastError = '';
  while (!stopping) {
    const started = Date.now();
    try {
      client = client || (await connect());
      seq += 1;
      const { rows } = await client.query('INSERT INTO ledger (payload) VALUES ($1) RETURNING id', [`${name}-${seq}`]);
      writeSync(acks, `${rows[0].id}\t${new Date().toISOString()}\n`);
      lastError = '';
      await sleep(Math.max(0, intervalMs - (Date.now() - started)));
    } catch (error) {
      if (error.message !== lastError) process.stderr.write(`writer: ${error.message}; retrying\n`);
      lastError = error.message;
      if (client) await client.end().catch(() => undefined);
      client = undefined;
      await sleep(200);
    }
  }
  if (client) await client.end().catch(() => undefined);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`writer: ${error.stack || error.message}\n`);
    process.exit(1);
  },
);
