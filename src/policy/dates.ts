/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings in Japan time. A date is a day number (days
 * since 1970-01-01) computed with integer arithmetic, so the machine's time zone never
 * matters and the evaluator's hot path allocates no Date objects.
 */
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY_RE = /^(\d{2})-(\d{2})$/;
const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Day number of a valid 'YYYY-MM-DD', or null for anything else (2026-02-30 included). */
export function tryParseDay(s: string): number | null {
  const m = DAY_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d);
}

// A few thousand distinct dates cover years of requests: parsing each once keeps the
// evaluator's history loop (hundreds of dates per evaluation) off the regex engine.
const parsed = new Map<string, number>();
const PARSED_MAX = 50_000;

/** Day number of a 'YYYY-MM-DD'; throws on a malformed date (facts are trusted, but not blindly). */
export function parseDay(s: string): number {
  const hit = parsed.get(s);
  if (hit !== undefined) return hit;
  const n = tryParseDay(s);
  if (n === null) throw new TypeError(`Not a calendar date (YYYY-MM-DD): "${s}"`);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(s, n);
  return n;
}

export function formatDay(n: number): string {
  const { year, month, day } = civilFromDays(n);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of daysFromCivil. */
export function civilFromDays(n: number): { year: number; month: number; day: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 'MM-DD' → month*100+day (e.g. 1229), or null. Feb 29 is accepted: it exists in leap years. */
export function tryParseMonthDay(s: string): number | null {
  const m = MONTH_DAY_RE.exec(s);
  if (!m) return null;
  const mo = Number(m[1]);
  const d = Number(m[2]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(2024, mo)) return null;
  return mo * 100 + d;
}

/** month*100+day of a day number, for annual ranges such as 12-29 … 01-03. */
export function monthDayOf(n: number): number {
  const { month, day } = civilFromDays(n);
  return month * 100 + day;
}

/** 'HH:MM' → minutes after midnight, or null. */
export function tryParseClock(s: string): number | null {
  const m = CLOCK_RE.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** ISO weekday index: Monday 0 … Sunday 6 (1970-01-01 was a Thursday). */
export function weekdayOf(n: number): number {
  return (((n + 3) % 7) + 7) % 7;
}

/** Day number of the Monday starting the ISO week of n: the key for per-week counting. */
export function weekStartOf(n: number): number {
  return n - weekdayOf(n);
}

/** ISO 8601 week: the week belongs to the year holding its Thursday. */
export function isoWeekOf(n: number): { year: number; week: number; key: string } {
  const thursday = weekStartOf(n) + 3;
  const year = civilFromDays(thursday).year;
  const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return { year, week, key: `${year}-W${String(week).padStart(2, '0')}` };
}

/** year*12+month0: the key for per-month counting. */
export function monthIndexOf(n: number): number {
  const { year, month } = civilFromDays(n);
  return year * 12 + month - 1;
}

export function formatMonthIndex(i: number): string {
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
