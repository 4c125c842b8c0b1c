import type { EntityManager } from 'typeorm';

/**
 * Records that `consumer` handled `messageId`, in the caller's transaction. Returns false when it had already
 * been handled: the caller then does nothing and the message is acked. Because the record commits with the
 * handler's effects, a crash before commit leaves neither, and the redelivered message is handled afresh.
 */
export async function claimInbox(
  manager: EntityManager,
  consumer: string,
  messageId: string,
  type: string,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO tandem_inbox (consumer, message_id, type) VALUES ($1, $2, $3)
     ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
    [consumer, messageId, type],
  );
  return rows.length === 1;
}
