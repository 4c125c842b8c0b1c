/** A time of day in a schedule policy, as minutes after midnight (0 … 1439). */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

const TWELVE_HOUR = /^(\d{1,2}):(\d{2})\s?([AaPp][Mm])$/;
const TWENTY_FOUR_HOUR = /^(\d{1,2}):(\d{2})$/;

/**
 * Parses a policy time the way Stork writes it, Go's `time.Kitchen` ("10:14PM", "8:05PM", "12:04am"; 12AM is
 * midnight, 12PM noon), and also 24-hour "22:14". Tandem is more lenient than Stork in two ways: AM/PM in any
 * case and an optional space before it ("10:14 pm"). Returns undefined for anything else.
 */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const twelve = TWELVE_HOUR.exec(text);
  if (twelve) {
    const hour = Number(twelve[1]);
    const minute = Number(twelve[2]);
    if (hour < 1 || hour > 12 || minute > 59) return undefined;
    const pm = twelve[3].toLowerCase() === 'pm';
    return { hour: (hour % 12) + (pm ? 12 : 0), minute };
  }
  const twentyFour = TWENTY_FOUR_HOUR.exec(text);
  if (twentyFour) {
    const hour = Number(twentyFour[1]);
    const minute = Number(twentyFour[2]);
    if (hour > 23 || minute > 59) return undefined;
    return { hour, minute };
  }
  return undefined;
}

export const minuteOfDay = (t: TimeOfDay): number => t.hour * 60 + t.minute;

export const TIME_OF_DAY_FIX =
  'write a time of day as Stork does, e.g. "10:14PM" or "8:05am", or in 24-hour form, e.g. "22:14".';
