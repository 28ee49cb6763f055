import { OrgCalendar } from '../calendar';
import type { WorkingHoursWindow } from './routing.types';
import { japanDayOf, WorkingClock } from './working-hours';

/** Deadlines in working hours on the organisation's calendar (2026-11-23 勤労感謝の日 is a Monday). */

const calendar = new OrgCalendar({
  closed: [{ label: { ja: '年末年始の休庁', en: 'year-end closure' }, from: '12-29', to: '01-03' }],
  open: [],
  emergencies: [],
});
const day: WorkingHoursWindow = { start: '08:30', end: '17:15', breaks: [] };
const clock = new WorkingClock(calendar, day);
const withLunch = new WorkingClock(calendar, { ...day, breaks: [{ start: '12:00', end: '13:00' }] });

/** A Japan-time instant: jst('2026-11-27 16:00'). */
const jst = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+09:00`);
/** Back to 'YYYY-MM-DD HH:MM[:SS]' in Japan time, to compare readably. */
const show = (d: Date): string => {
  const iso = new Date(d.getTime() + 9 * 3_600_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, iso.endsWith(':00.000Z') ? 16 : 19)}`;
};

describe('WorkingClock.addWorkingHours', () => {
  it.each([
    ['2026-11-27 16:00', 4, '2026-11-30 11:15', 'Friday afternoon → Monday morning'],
    ['2026-11-20 16:00', 4, '2026-11-24 11:15', 'over a weekend and Monday 勤労感謝の日'],
    ['2026-12-28 16:00', 4, '2027-01-04 11:15', 'over the year-end closure'],
    ['2026-11-30 07:00', 1, '2026-11-30 09:30', 'a start before opening begins at opening'],
    ['2026-11-30 18:00', 1, '2026-12-01 09:30', 'a start after closing begins at the next opening'],
    ['2026-11-28 10:00', 1, '2026-11-30 09:30', 'a start on a Saturday begins on Monday'],
    ['2026-11-23 10:00', 1, '2026-11-24 09:30', 'a start on a national holiday begins the next working day'],
    ['2026-11-30 16:00', 1.25, '2026-11-30 17:15', 'a deadline that uses up the day ends at closing'],
    ['2026-11-30 17:15', 0, '2026-12-01 08:30', 'a start at closing begins at the next opening'],
    ['2026-11-30 09:00', 0, '2026-11-30 09:00', 'zero hours inside working hours is the start itself'],
    ['2026-11-30 09:00', 0.5, '2026-11-30 09:30', 'half an hour'],
    ['2026-11-30 09:00', 1 / 3, '2026-11-30 09:20', 'a third of an hour'],
    ['2026-11-30 09:00', 0.01, '2026-11-30 09:00:36', 'a hundredth of an hour'],
    ['2026-11-30 08:30', 17.5, '2026-12-01 17:15', 'two full days'],
    ['2026-11-30 08:30', 44, '2026-12-07 08:45', 'five full days (43h45) and a quarter, over a weekend'],
  ])('%s + %s h → %s (%s)', (from, hours, expected) => {
    expect(show(clock.addWorkingHours(jst(from), hours))).toBe(expected);
  });

  it.each([
    ['2026-11-30 11:30', 1, '2026-11-30 13:30', 'the lunch break is not counted'],
    ['2026-11-30 11:00', 1, '2026-11-30 12:00', 'a deadline may end as the break starts'],
    ['2026-11-30 12:15', 0.5, '2026-11-30 13:30', 'a start in the break begins after it'],
    ['2026-11-27 16:00', 4, '2026-11-30 11:15', 'the break after the deadline changes nothing'],
    ['2026-11-30 08:30', 7.75, '2026-11-30 17:15', 'a full day with lunch is 7h45'],
  ])('with a lunch break: %s + %s h → %s (%s)', (from, hours, expected) => {
    expect(show(withLunch.addWorkingHours(jst(from), hours))).toBe(expected);
  });

  it('refuses negative and non-finite hours', () => {
    expect(() => clock.addWorkingHours(jst('2026-11-30 09:00'), -1)).toThrow(RangeError);
    expect(() => clock.addWorkingHours(jst('2026-11-30 09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => clock.addWorkingHours(new Date(Number.NaN), 1)).toThrow(RangeError);
  });

  it('does not depend on the machine time zone', () => {
    const saved = process.env['TZ'];
    try {
      process.env['TZ'] = 'America/Los_Angeles';
      expect(clock.addWorkingHours(jst('2026-11-27 16:00'), 4).toISOString()).toBe('2026-11-30T02:15:00.000Z');
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });

  it('gives up on a calendar with no working day instead of looping', () => {
    const closed = new OrgCalendar({
      closed: [{ label: { ja: '休庁', en: 'closed' }, from: '01-01', to: '12-31' }],
      open: [],
      emergencies: [],
    });
    expect(() => new WorkingClock(closed, day).addWorkingHours(jst('2026-11-30 09:00'), 1)).toThrow(RangeError);
  });

  it('refuses a window that holds no time', () => {
    expect(() => new WorkingClock(calendar, { start: '09:00', end: '09:00', breaks: [] })).toThrow(RangeError);
  });
});

describe('WorkingClock.workingHoursBetween', () => {
  it.each([
    ['2026-11-30 09:00', '2026-11-30 10:30', 1.5, 'within a day'],
    ['2026-11-27 16:00', '2026-11-30 11:15', 4, 'over a weekend'],
    ['2026-11-20 16:00', '2026-11-24 11:15', 4, 'over a weekend and a national holiday'],
    ['2026-12-25 08:30', '2027-01-05 08:30', 26.25, 'three working days around the year-end closure'],
    ['2026-11-28 09:00', '2026-11-29 18:00', 0, 'a weekend holds no working time'],
    ['2026-11-30 06:00', '2026-11-30 20:00', 8.75, 'outside hours at both ends'],
    ['2026-11-30 11:15', '2026-11-27 16:00', -4, 'negative when reversed'],
  ])('%s → %s: %s h (%s)', (a, b, hours) => {
    expect(clock.workingHoursBetween(jst(a), jst(b))).toBeCloseTo(hours, 9);
  });

  it('leaves out the lunch break', () => {
    expect(withLunch.workingHoursBetween(jst('2026-11-30 11:00'), jst('2026-11-30 14:00'))).toBe(2);
    expect(withLunch.workingHoursBetween(jst('2026-11-27 08:00'), jst('2026-12-01 08:00'))).toBe(15.5);
  });

  it('undoes addWorkingHours from any start inside working hours', () => {
    let seed = 42;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 200; i++) {
      const from = withLunch.addWorkingHours(jst('2026-12-21 08:30'), Math.floor(next() * 60 * 60) / 60);
      const hours = Math.round(next() * 4000) / 100;
      expect(withLunch.workingHoursBetween(from, withLunch.addWorkingHours(from, hours))).toBeCloseTo(hours, 6);
    }
  });
});

describe('WorkingClock days', () => {
  it('counts 後閲 due days on the calendar and closes them at the end of the day', () => {
    expect(clock.addWorkingDays('2026-11-20', 1)).toBe('2026-11-24'); // over 勤労感謝の日
    expect(clock.addWorkingDays('2026-12-28', 2)).toBe('2027-01-05'); // over the closure
    expect(clock.isWorkingDay('2026-11-23')).toBe(false);
    expect(show(withLunch.closingOn('2026-11-24'))).toBe('2026-11-24 17:15');
  });

  it('reads the Japan calendar day of an instant', () => {
    expect(japanDayOf(new Date('2026-11-23T15:30:00Z'))).toBe('2026-11-24'); // 00:30 in Japan
    expect(japanDayOf(new Date('2026-11-23T14:59:59Z'))).toBe('2026-11-23');
  });
});
