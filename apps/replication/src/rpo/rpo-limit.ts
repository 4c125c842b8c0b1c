/** Assumed interval of a schedule that has none (a daily, weekly or monthly policy): a day. */
export const DEFAULT_INTERVAL_SECONDS = 86_400;

/** An application's RPO is exceeded past twice its schedule's interval. */
export const rpoLimitSeconds = (intervalSeconds: number | undefined): number => 2 * (intervalSeconds ?? DEFAULT_INTERVAL_SECONDS);
