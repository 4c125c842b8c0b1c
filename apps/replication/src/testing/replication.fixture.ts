import { type NatsServerHandle, type ServiceUnderTest, startServiceUnderTest } from '@tandem/testing';

export type ReplicationUnderTest = ServiceUnderTest;

/** Starts a real replication service process (domain `primary`) with its own database, on the test's nats-server and bus. */
export function startReplication(opts: { nats: NatsServerHandle; prefix: string; env?: Record<string, string> }): Promise<ReplicationUnderTest> {
  return startServiceUnderTest({ app: 'replication', nats: opts.nats, prefix: opts.prefix, env: { TANDEM_DOMAIN: 'primary', ...opts.env } });
}
