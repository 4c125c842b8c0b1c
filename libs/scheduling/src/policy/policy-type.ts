/**
 * The four kinds of schedule in a policy. One policy may hold several; each fires on its own.
 * interval  every N minutes (Stork) or N seconds (Tandem), on a fixed grid from an anchor instant
 * daily     every day at a time of day
 * weekly    on one day of the week at a time of day
 * monthly   on one date of the month at a time of day
 */
export type PolicyType = 'interval' | 'daily' | 'weekly' | 'monthly';

/** In Stork's order, which is also the order in which a scheduler should consider them. */
export const POLICY_TYPES: readonly PolicyType[] = ['interval', 'daily', 'weekly', 'monthly'];

export const isPolicyType = (value: unknown): value is PolicyType =>
  typeof value === 'string' && (POLICY_TYPES as readonly string[]).includes(value);
