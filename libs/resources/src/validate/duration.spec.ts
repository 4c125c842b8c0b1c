import { formatDuration, parseDuration } from './duration';

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2s500ms', 2_500],
  ])('reads %s as %i ms and writes it back the same', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(formatDuration(ms)).toBe(text);
  });

  it.each(['', '30', '2 minutes', '1.5m', 's', '5m1h'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('writes 90 seconds as 1m30s', () => expect(formatDuration(90_000)).toBe('1m30s'));
});
