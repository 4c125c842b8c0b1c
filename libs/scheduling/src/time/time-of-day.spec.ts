import { parseTimeOfDay } from './time-of-day';
import { parseWeekday } from './weekday';

describe('parseTimeOfDay', () => {
  it.each([
    ['10:14PM', 22, 14],
    ['8:05PM', 20, 5],
    ['08:05pm', 20, 5],
    ['12:00AM', 0, 0],
    ['12:00am', 0, 0],
    ['12:30PM', 12, 30],
    ['1:00AM', 1, 0],
    ['10:14 pm', 22, 14],
    ['22:14', 22, 14],
    ['0:00', 0, 0],
    ['07:30', 7, 30],
    ['23:59', 23, 59],
  ])('reads %s as %i:%i', (text, hour, minute) => {
    expect(parseTimeOfDay(text)).toEqual({ hour, minute });
  });

  it.each(['13:00PM', '0:30AM', '10:60PM', '24:00', '10:1PM', '10PM', 'noon', '', ' 10:14PM', '10:14PMX'])('refuses %j', (text) => {
    expect(parseTimeOfDay(text)).toBeUndefined();
  });
});

describe('parseWeekday', () => {
  it.each([
    ['Thursday', 4],
    ['thursday', 4],
    ['THURSDAY', 4],
    ['Thu', 4],
    ['thur', 4],
    ['Thurs', 4],
    ['sun', 0],
    ['Saturday', 6],
    ['mon', 1],
  ])('reads %s as %i', (text, day) => {
    expect(parseWeekday(text)).toBe(day);
  });

  it.each(['Thursdays', 'th', 'Donnerstag', '', 'toString', '__proto__'])('refuses %j', (text) => {
    expect(parseWeekday(text)).toBeUndefined();
  });
});
