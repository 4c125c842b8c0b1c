import { Weekday } from './civil-date';

const NAMES: Record<string, Weekday> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  // Stork also accepts these two spellings.
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};

/** "Thursday", "thu", "THU", Stork's "Thur"/"Thurs": the full or 3-letter English name in any case. */
export function parseWeekday(text: string): Weekday | undefined {
  return Object.prototype.hasOwnProperty.call(NAMES, text.toLowerCase()) ? NAMES[text.toLowerCase()] : undefined;
}

export const WEEKDAY_FIX = 'write a day of the week in English, in full or in 3 letters, e.g. "Thursday" or "thu".';
