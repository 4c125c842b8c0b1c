/**
 * The fire times of one schedule as a numbered sequence: slot `i` fires at `instantAt(i)`, strictly increasing
 * in `i`. Counting slots between two instants is then a subtraction, however long the downtime was.
 */
export interface FireCalendar {
  /** The instant (ms since the epoch) of slot `index`. */
  instantAt(index: number): number;
  /** A slot near the one in force at `ms`, at most a few off; `slotAtOrBefore` corrects it. */
  estimateSlot(ms: number): number;
}

/** The newest slot that fires at or before `ms`. */
export function slotAtOrBefore(calendar: FireCalendar, ms: number): number {
  let slot = calendar.estimateSlot(ms);
  while (calendar.instantAt(slot) > ms) slot--;
  while (calendar.instantAt(slot + 1) <= ms) slot++;
  return slot;
}

/** The first fire time strictly after `ms`. */
export function fireAfter(calendar: FireCalendar, ms: number): number {
  return calendar.instantAt(slotAtOrBefore(calendar, ms) + 1);
}
