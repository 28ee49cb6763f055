import type { OrgCalendar } from '../calendar';
import { formatDay, parseDay, tryParseClock } from '../dates';
import type { CompiledRouting, WorkingHoursWindow } from './routing.types';

/**
 * Business-hours arithmetic for kessai deadlines: working hours (routing.yaml `workingHours`,
 * breaks excluded) on the organisation's working days (calendar.yaml + national holidays).
 * Japan time is UTC+9 all year (no DST), so the machine's time zone never matters.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
const JST = 9 * HOUR;
/** A calendar with no working day for ten years would otherwise loop for ever. */
const MAX_DAYS_WITHOUT_WORK = 3660;

interface Instant {
  /** Day number (days since 1970-01-01, as in ../dates). */
  day: number;
  /** Milliseconds since midnight, Japan time. */
  t: number;
}

export class WorkingClock {
  /** [start, end) of each working period of a day, in ms since midnight, in order. */
  private readonly segments: readonly (readonly [number, number])[];
  private readonly dayLength: number;

  constructor(
    private readonly calendar: OrgCalendar,
    window: WorkingHoursWindow,
  ) {
    this.segments = segmentsOf(window);
    this.dayLength = this.segments.reduce((sum, [s, e]) => sum + e - s, 0);
    if (this.dayLength <= 0) throw new RangeError(`working hours ${window.start}–${window.end} hold no time`);
  }

  /**
   * The instant `hours` working hours after `from`. A start outside working hours (before
   * opening, after closing, in a break, on a closed day) begins at the next opening; a
   * deadline that uses up a period ends at its closing (17:15), not at the next opening.
   */
  addWorkingHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be 0 or more, got ${hours}`);
    let remaining = Math.round(hours * HOUR);
    let { day, t } = instantOf(from);
    for (let idle = 0; idle < MAX_DAYS_WITHOUT_WORK; day++, t = 0) {
      if (!this.calendar.isWorkingDayN(day)) {
        idle++;
        continue;
      }
      idle = 0;
      for (const [s, e] of this.segments) {
        if (e <= t) continue;
        const begin = Math.max(s, t);
        if (remaining <= e - begin) return dateOf({ day, t: begin + remaining });
        remaining -= e - begin;
      }
    }
    throw new RangeError(`no working day within ${MAX_DAYS_WITHOUT_WORK} days of ${from.toISOString()}`);
  }

  /** Working hours in [a, b): the age of a waiting item. Negative when b is before a. */
  workingHoursBetween(a: Date, b: Date): number {
    if (b.getTime() < a.getTime()) return -this.workingHoursBetween(b, a);
    const x = instantOf(a);
    const y = instantOf(b);
    if (x.day === y.day) return this.workedOn(x.day, x.t, y.t) / HOUR;
    const fullDays = this.calendar.workingDaysBetweenN(x.day + 1, y.day);
    return (this.workedOn(x.day, x.t, DAY) + fullDays * this.dayLength + this.workedOn(y.day, 0, y.t)) / HOUR;
  }

  /** The n-th working day after `day` ('YYYY-MM-DD'), e.g. a 後閲 due date. */
  addWorkingDays(day: string, n: number): string {
    return this.calendar.addWorkingDays(day, n);
  }

  isWorkingDay(day: string): boolean {
    return this.calendar.isWorkingDay(day);
  }

  /** The closing time of a day (a due date's deadline instant). */
  closingOn(day: string): Date {
    return dateOf({ day: parseDay(day), t: this.segments.at(-1)?.[1] ?? 0 });
  }

  private workedOn(day: number, from: number, to: number): number {
    if (!this.calendar.isWorkingDayN(day)) return 0;
    return this.segments.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(to, e) - Math.max(from, s)), 0);
  }
}

/** The clock of a loaded routing.yaml on the organisation's calendar. */
export function workingClockOf(routing: CompiledRouting, calendar: OrgCalendar): WorkingClock {
  return new WorkingClock(calendar, routing.workingHours);
}

/** The calendar day in Japan of an instant ('YYYY-MM-DD'). */
export function japanDayOf(d: Date): string {
  return formatDay(instantOf(d).day);
}

/** The window minus its breaks (clipped and ordered: a hand-built window is not validated). */
function segmentsOf(window: WorkingHoursWindow): [number, number][] {
  const ms = (clock: string): number => (tryParseClock(clock) ?? 0) * 60_000;
  const out: [number, number][] = [];
  let cursor = ms(window.start);
  const end = ms(window.end);
  const breaks = [...window.breaks].sort((p, q) => ms(p.start) - ms(q.start));
  for (const b of breaks) {
    if (Math.min(ms(b.start), end) > cursor) out.push([cursor, Math.min(ms(b.start), end)]);
    cursor = Math.max(cursor, ms(b.end));
  }
  if (end > cursor) out.push([cursor, end]);
  return out;
}

function instantOf(d: Date): Instant {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid date');
  const day = Math.floor((ms + JST) / DAY);
  return { day, t: ms + JST - day * DAY };
}

const dateOf = ({ day, t }: Instant): Date => new Date(day * DAY + t - JST);
