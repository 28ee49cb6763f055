import holidayJp from '@holiday-jp/holiday_jp';
import { Injectable } from '@nestjs/common';

/** The time source of src/ (tests may replace it). Workflows never read a clock. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date in Japan (YYYY-MM-DD): the organisation's calendar day. */
  today(): string {
    return japanDate(this.now());
  }
}

export function japanDate(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isRealDate(s: string): boolean {
  // year 0000 is a day to JavaScript but not to PostgreSQL (there is no year 0 there): refuse it here
  if (s.startsWith('0000')) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);
}

/** The calendar day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(day + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The last day whose national holidays are known (the end of the last year @holiday-jp/holiday_jp
 * lists): after it every weekday would count as a working day, holidays included, so no request,
 * registration or absence may reach past it.
 */
export const CALENDAR_KNOWN_UNTIL = `${Object.keys(holidayJp.holidays as Record<string, unknown>)
  .sort()
  .at(-1)!
  .slice(0, 4)}-12-31`;
