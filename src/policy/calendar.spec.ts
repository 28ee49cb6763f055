import { OrgCalendar } from './calendar';
import type { CalendarSpec } from './calendar';
import { formatDay, parseDay } from './dates';

const spec: CalendarSpec = {
  closed: [
    { label: { ja: '年末年始の休庁', en: 'year-end closure' }, from: '12-29', to: '01-03' },
    { label: { ja: '庁舎点検', en: 'building inspection' }, from: '2027-06-14' },
  ],
  open: [{ label: { ja: '振替出勤日', en: 'swapped working day' }, from: '2027-06-12' }],
  emergencies: [{ id: 'e1', label: { ja: '緊急事態', en: 'emergency' }, from: '2020-04-07', to: '2020-05-25' }],
};
const cal = new OrgCalendar(spec);

describe('OrgCalendar', () => {
  it.each([
    ['2026-12-28', true, 'Monday before the closure'],
    ['2026-12-29', false, 'first day of the closure'],
    ['2027-01-03', false, 'last day of the closure'],
    ['2027-01-04', true, 'first working day of the year'],
    ['2027-01-11', false, 'Coming of Age Day'],
    ['2027-03-22', false, 'substitute holiday for 春分の日 on a Sunday'],
    ['2026-12-12', false, 'Saturday'],
    ['2027-06-14', false, 'a one-off local closure'],
    ['2027-06-12', true, 'a Saturday opened as a working day'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('names why a day is closed', () => {
    expect(cal.closedReason('2027-01-01')).toEqual({ ja: '元日', en: "New Year's Day" });
    expect(cal.closedReason('2026-12-30')).toEqual({ ja: '年末年始の休庁', en: 'year-end closure' });
    expect(cal.closedReason('2026-12-13')).toEqual({ ja: '日曜日', en: 'Sunday' });
    expect(cal.closedReason('2026-12-14')).toBeNull();
  });

  it('adds working days over weekends, holidays and the closure', () => {
    expect(cal.addWorkingDays('2026-12-04', 1)).toBe('2026-12-07'); // Friday → Monday
    expect(cal.addWorkingDays('2026-12-28', 1)).toBe('2027-01-04');
    expect(cal.addWorkingDays('2027-01-08', 1)).toBe('2027-01-12'); // over 成人の日
    expect(cal.addWorkingDays('2027-01-04', -1)).toBe('2026-12-28');
    expect(cal.addWorkingDays('2026-12-12', 0)).toBe('2026-12-12');
  });

  it('counts working days in a half-open range, negative when reversed', () => {
    expect(cal.workingDaysBetween('2026-12-04', '2026-12-07')).toBe(1); // Friday counts for Monday
    expect(cal.workingDaysBetween('2026-12-05', '2026-12-07')).toBe(0); // Saturday does not
    expect(cal.workingDaysBetween('2026-12-07', '2026-12-07')).toBe(0);
    expect(cal.workingDaysBetween('2026-12-07', '2026-12-04')).toBe(-1);
    expect(cal.workingDaysIn('2026-12-01', '2026-12-31')).toBe(20);
  });

  it('agrees with a day-by-day count, inside and beyond the precomputed years', () => {
    for (const [a, b] of [
      ['2019-12-20', '2021-01-10'],
      ['2100-12-01', '2101-01-20'],
      ['1969-12-25', '1970-01-10'],
    ] as const) {
      let brute = 0;
      for (let d = parseDay(a); d < parseDay(b); d++) if (cal.isWorkingDay(formatDay(d))) brute++;
      expect(cal.workingDaysBetween(a, b)).toBe(brute);
    }
    expect(cal.isWorkingDay('2101-12-29')).toBe(false);
  });

  it.each([
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
  ])('puts %s in ISO week %s', (date, key) => {
    expect(cal.isoWeek(date).key).toBe(key);
  });

  it('knows the emergency periods, both ends included', () => {
    expect(cal.isEmergency('2020-04-06')).toBe(false);
    expect(cal.isEmergency('2020-04-07')).toBe(true);
    expect(cal.isEmergency('2020-05-25')).toBe(true);
    expect(cal.emergencyAt('2020-05-26')).toBeNull();
  });

  it('writes every day it can read, years before 1000 included, in four-digit years', () => {
    for (const day of ['0001-01-01', '0999-12-31', '1000-01-01', '2026-02-28', '9999-12-31'])
      expect(formatDay(parseDay(day))).toBe(day);
  });

  it('does not depend on the machine’s time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
      expect(formatDay(parseDay('2027-01-04'))).toBe('2027-01-04');
      expect(new OrgCalendar(spec).isWorkingDay('2027-01-04')).toBe(true);
      process.env.TZ = 'Pacific/Pago_Pago'; // UTC-11
      expect(new OrgCalendar(spec).workingDaysBetween('2026-12-04', '2026-12-07')).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('refuses a malformed date', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow('Not a calendar date');
  });
});

describe('day numbers', () => {
  it('round-trip every day from 1900 to 2200 and agree with Date.UTC', () => {
    for (let n = parseDay('1900-01-01'); n <= parseDay('2200-12-31'); n += 1) {
      const s = formatDay(n);
      if (parseDay(s) !== n || Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86_400_000 !== n)
        throw new Error(`mismatch at ${s}`);
    }
  });
});
