import type { DataSource, EntityManager } from 'typeorm';
import { claimInbox } from './inbox';

/**
 * Runs `effects` and records the message as handled, in one transaction. A message already handled (a
 * redelivery, or the same message published twice) runs nothing and answers `{ handled: false }`.
 */
export async function handleOnce<T>(
  db: DataSource,
  consumer: string,
  message: { id: string; type: string },
  effects: (manager: EntityManager) => Promise<T>,
): Promise<{ handled: true; value: T } | { handled: false }> {
  return db.transaction(async (manager) => {
    if (!(await claimInbox(manager, consumer, message.id, message.type))) return { handled: false as const };
    return { handled: true as const, value: await effects(manager) };
  });
}
