import holidayJp from '@holiday-jp/holiday_jp';
import {
  daysFromCivil,
  daysInMonth,
  formatDay,
  isoWeekOf,
  monthDayOf,
  parseDay,
  tryParseDay,
  tryParseMonthDay,
  weekdayOf,
} from './dates';
import type { Label } from './policy.types';

/** A span of days: 'YYYY-MM-DD' once, or 'MM-DD' every year (may wrap the year: 12-29 … 01-03). */
export interface DaySpan {
  label: Label;
  from: string;
  to?: string;
}

export interface EmergencyPeriod {
  id: string;
  label: Label;
  from: string;
  to: string;
}

/** What calendar.yaml says, already validated. */
export interface CalendarSpec {
  closed: readonly DaySpan[];
  open: readonly DaySpan[];
  emergencies: readonly EmergencyPeriod[];
}

/** A set of days built from spans; `find` gives the label of the span holding a day. */
export class SpanSet {
  private readonly once: { from: number; to: number; label: Label }[] = [];
  private readonly annual: { from: number; to: number; label: Label }[] = [];

  constructor(spans: readonly DaySpan[]) {
    for (const s of spans) {
      const to = s.to ?? s.from;
      const day = tryParseDay(s.from);
      if (day !== null) this.once.push({ from: day, to: parseDay(to), label: s.label });
      else this.annual.push({ from: mustMonthDay(s.from), to: mustMonthDay(to), label: s.label });
    }
  }

  get isEmpty(): boolean {
    return this.once.length === 0 && this.annual.length === 0;
  }

  find(n: number, monthDay?: number): Label | null {
    for (const s of this.once) if (n >= s.from && n <= s.to) return s.label;
    if (this.annual.length === 0) return null;
    const md = monthDay ?? monthDayOf(n);
    for (const s of this.annual) {
      const inside = s.from <= s.to ? md >= s.from && md <= s.to : md >= s.from || md <= s.to;
      if (inside) return s.label;
    }
    return null;
  }
}

function mustMonthDay(s: string): number {
  const md = tryParseMonthDay(s);
  if (md === null) throw new TypeError(`Not a date (YYYY-MM-DD) or yearly date (MM-DD): "${s}"`);
  return md;
}

const FIRST_YEAR = 1970;
const LAST_YEAR = 2100;
const BASE = daysFromCivil(FIRST_YEAR, 1, 1);
const WEEKEND: readonly Label[] = [
  { ja: '土曜日', en: 'Saturday' },
  { ja: '日曜日', en: 'Sunday' },
];

let holidayCache: Map<number, Label> | undefined;
/** National holidays (国民の祝日・振替休日・国民の休日) from @holiday-jp/holiday_jp, built once. */
function nationalHolidays(): Map<number, Label> {
  if (holidayCache) return holidayCache;
  holidayCache = new Map();
  for (const h of Object.values(holidayJp.holidays) as { date: string; name: string; name_en: string }[]) {
    holidayCache.set(parseDay(h.date), { ja: h.name, en: h.name_en });
  }
  return holidayCache;
}

/**
 * The organisation's working days: weekdays that are neither national holidays nor
 * closures from calendar.yaml, plus any day calendar.yaml opens explicitly. Precomputed
 * for 1970–2100 (a bitmap and a prefix sum) so counting working days costs O(1).
 */
export class OrgCalendar {
  private readonly closed: SpanSet;
  private readonly open: SpanSet;
  private readonly emergencies: { from: number; to: number; period: EmergencyPeriod }[];
  private readonly working: Uint8Array;
  private readonly cumulative: Int32Array;

  constructor(spec: CalendarSpec) {
    this.closed = new SpanSet(spec.closed);
    this.open = new SpanSet(spec.open);
    this.emergencies = spec.emergencies.map((p) => ({ from: parseDay(p.from), to: parseDay(p.to), period: p }));
    const size = daysFromCivil(LAST_YEAR + 1, 1, 1) - BASE;
    this.working = new Uint8Array(size);
    this.cumulative = new Int32Array(size + 1);
    let i = 0;
    for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1, dim = daysInMonth(y, m); d <= dim; d++, i++) {
          const w = this.computeWorking(BASE + i, m * 100 + d) ? 1 : 0;
          this.working[i] = w;
          this.cumulative[i + 1] = (this.cumulative[i] ?? 0) + w;
        }
      }
    }
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayN(parseDay(date));
  }

  /** Why a day is closed (holiday name, closure, weekend), or null on a working day. */
  closedReason(date: string): Label | null {
    return this.closedReasonN(parseDay(date));
  }

  /** The n-th working day after `date` (n < 0: before it); n = 0 gives `date` itself. */
  addWorkingDays(date: string, n: number): string {
    let day = parseDay(date);
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.isWorkingDayN(day)) left--;
    }
    return formatDay(day);
  }

  /** Working days w with a ≤ w < b: the notice a request filed on a gives for day b. Negative when b < a. */
  workingDaysBetween(a: string, b: string): number {
    return this.workingDaysBetweenN(parseDay(a), parseDay(b));
  }

  /** The working days from `from` to `to`, both included, in order ('YYYY-MM-DD'). */
  workingDates(from: string, to: string): string[] {
    const dates: string[] = [];
    for (let d = parseDay(from), last = parseDay(to); d <= last; d++)
      if (this.isWorkingDayN(d)) dates.push(formatDay(d));
    return dates;
  }

  /** Working days from `from` to `to`, both included. */
  workingDaysIn(from: string, to: string): number {
    return this.workingDaysBetweenN(parseDay(from), parseDay(to) + 1);
  }

  isoWeek(date: string): { year: number; week: number; key: string } {
    return isoWeekOf(parseDay(date));
  }

  isEmergency(date: string): boolean {
    return this.emergencyAtN(parseDay(date)) !== null;
  }

  emergencyAt(date: string): EmergencyPeriod | null {
    return this.emergencyAtN(parseDay(date));
  }

  // Day-number variants: the evaluator's hot path.

  isWorkingDayN(n: number): boolean {
    const i = n - BASE;
    if (i >= 0 && i < this.working.length) return this.working[i] === 1;
    return this.computeWorking(n, monthDayOf(n));
  }

  addWorkingDaysN(day: number, n: number): number {
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.isWorkingDayN(day)) left--;
    }
    return day;
  }

  closedReasonN(n: number): Label | null {
    if (this.isWorkingDayN(n)) return null;
    const md = monthDayOf(n);
    return nationalHolidays().get(n) ?? this.closed.find(n, md) ?? WEEKEND[weekdayOf(n) - 5] ?? null;
  }

  workingDaysBetweenN(a: number, b: number): number {
    if (b < a) return -this.workingDaysBetweenN(b, a);
    const ia = a - BASE;
    const ib = b - BASE;
    if (ia >= 0 && ib < this.cumulative.length) return (this.cumulative[ib] ?? 0) - (this.cumulative[ia] ?? 0);
    let count = 0;
    for (let n = a; n < b; n++) if (this.isWorkingDayN(n)) count++;
    return count;
  }

  emergencyAtN(n: number): EmergencyPeriod | null {
    for (const e of this.emergencies) if (n >= e.from && n <= e.to) return e.period;
    return null;
  }

  private computeWorking(n: number, monthDay: number): boolean {
    if (!this.open.isEmpty && this.open.find(n, monthDay)) return true;
    if (weekdayOf(n) >= 5) return false;
    if (nationalHolidays().has(n)) return false;
    return this.closed.find(n, monthDay) === null;
  }
}
