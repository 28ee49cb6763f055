import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import {
  daysFromCivil,
  daysInMonth,
  formatDay,
  formatMonthIndex,
  isoWeekOf,
  parseDay,
  monthIndexOf,
  weekStartOf,
} from '../dates';
import type { Part } from '../policy.facts';
import type { EvalContext } from '../policy.types';
import { defineRule, fire, pass } from './rule-kit';

/** How much one telework day of each part counts towards a cap (default 1, 0.5, 0.5, 0.5). */
export class PartWeights {
  @IsOptional() @IsNumber() @Min(0) @Max(1) full?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) am?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) pm?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) hours?: number;
}

export const CAP_PERIODS = ['iso_week', 'month', 'rolling'] as const;
type CapPeriod = (typeof CAP_PERIODS)[number];

/** At most maxDays telework days per ISO week, per calendar month, or in any window of windowDays. */
export class CapParams {
  @IsDefined() @IsIn(CAP_PERIODS) period!: CapPeriod;
  /** Calendar days of the rolling window (rolling only). */
  @IsOptional() @IsInt() @Min(2) @Max(366) windowDays?: number;
  @IsDefined() @IsNumber() @Min(0) @Max(366) maxDays!: number;
  @IsOptional() @ValidateNested() @Type(() => PartWeights) weights?: PartWeights;
}

interface CapCompiled {
  period: CapPeriod;
  windowDays: number;
  max: number;
  weights: Readonly<Record<Part, number>>;
}

const EPSILON = 1e-9;

interface Worst {
  total: number;
  from: number;
  to: number;
  key: string;
}

/** Sum of telework weight per week or month holding a requested day; the heaviest one. */
function worstBucket(c: CapCompiled, ctx: EvalContext, byWeek: boolean): Worst {
  let worst: Worst | null = null;
  const seen = new Set<number>();
  for (const day of ctx.days) {
    const key = byWeek ? weekStartOf(day) : monthIndexOf(day);
    if (seen.has(key)) continue;
    seen.add(key);
    const inBucket = (d: number): boolean => (byWeek ? weekStartOf(d) === key : monthIndexOf(d) === key);
    let total = 0;
    for (const h of ctx.history) if (inBucket(h.day)) total += c.weights[h.part];
    for (const d of ctx.days) if (inBucket(d)) total += c.weights[ctx.facts.request.part];
    if (!worst || total > worst.total) worst = { total, ...bucketBounds(day, byWeek) };
  }
  return worst ?? { total: 0, from: 0, to: 0, key: '' };
}

function bucketBounds(day: number, byWeek: boolean): { from: number; to: number; key: string } {
  if (byWeek) return { from: weekStartOf(day), to: weekStartOf(day) + 6, key: isoWeekOf(day).key };
  const m = monthIndexOf(day);
  const year = Math.floor(m / 12);
  const month = (m % 12) + 1;
  const first = daysFromCivil(year, month, 1);
  return { from: first, to: first + daysInMonth(year, month) - 1, key: formatMonthIndex(m) };
}

/** The heaviest window of windowDays calendar days holding a requested day (two pointers). */
function worstWindow(c: CapCompiled, ctx: EvalContext): Worst {
  const w = c.weights[ctx.facts.request.part];
  const items = ctx.history.map((h) => ({ day: h.day, weight: c.weights[h.part] }));
  for (const day of ctx.days) items.push({ day, weight: w });
  items.sort((a, b) => a.day - b.day);
  let worst: Worst = { total: 0, from: 0, to: 0, key: '' };
  let sum = 0;
  let j = 0;
  let r = 0;
  for (let i = 0; i < items.length; i++) {
    const start = items[i]?.day ?? 0;
    const end = start + c.windowDays - 1;
    while (j < items.length && (items[j]?.day ?? 0) <= end) sum += items[j++]?.weight ?? 0;
    while (r < ctx.days.length && (ctx.days[r] ?? 0) < start) r++;
    const holdsRequest = r < ctx.days.length && (ctx.days[r] ?? 0) <= end;
    if (holdsRequest && sum > worst.total) worst = { total: sum, from: start, to: end, key: '' };
    sum -= items[i]?.weight ?? 0;
  }
  worst.key = `${formatDay(worst.from)}…${formatDay(worst.to)}`;
  return worst;
}

export const capRule = defineRule<CapParams, CapCompiled>({
  type: 'cap',
  params: CapParams,
  placeholders: ['period', 'periodKey', 'from', 'to', 'days', 'max', 'windowDays'],
  passMessage: {
    ja: 'テレワーク日数は上限内です（{periodKey}：{days}日／上限{max}日）。',
    en: 'Telework days are within the cap ({periodKey}: {days} of {max}).',
  },
  compile: (p) => ({
    period: p.period,
    windowDays: p.windowDays ?? 0,
    max: p.maxDays,
    weights: {
      full: p.weights?.full ?? 1,
      am: p.weights?.am ?? 0.5,
      pm: p.weights?.pm ?? 0.5,
      hours: p.weights?.hours ?? 0.5,
    },
  }),
  check: (c, ctx) => {
    const worst = c.period === 'rolling' ? worstWindow(c, ctx) : worstBucket(c, ctx, c.period === 'iso_week');
    const facts = {
      period: c.period,
      periodKey: worst.key,
      from: formatDay(worst.from),
      to: formatDay(worst.to),
      days: worst.total,
      max: c.max,
      windowDays: c.period === 'rolling' ? c.windowDays : null,
    };
    return worst.total > c.max + EPSILON ? fire(facts) : pass(facts);
  },
  problems: (p) => {
    if (p.period === 'rolling' && p.windowDays === undefined)
      return [
        {
          path: ['windowDays'],
          message: {
            ja: 'period が rolling のときは windowDays が必要です。',
            en: 'windowDays is required when period is rolling',
          },
        },
      ];
    if (p.period !== 'rolling' && p.windowDays !== undefined)
      return [
        {
          path: ['windowDays'],
          message: {
            ja: 'windowDays は period が rolling のときだけ指定できます。',
            en: 'windowDays is only for period rolling',
          },
        },
      ];
    return [];
  },
  reachDays: (p) => (p.period === 'rolling' ? (p.windowDays ?? 0) : p.period === 'month' ? 31 : 7),
});

/**
 * At least minDays office days in each ISO week holding a requested full day (only full days leave the
 * office). A day on registered leave or a business trip (`awayDays`) is no office day either.
 */
export class MinOfficeDaysParams {
  @IsDefined() @IsInt() @Min(0) @Max(7) minDays!: number;
}

export const minOfficeDaysRule = defineRule<MinOfficeDaysParams, number>({
  type: 'min_office_days',
  params: MinOfficeDaysParams,
  placeholders: ['week', 'from', 'to', 'workingDays', 'teleworkDays', 'leaveDays', 'officeDays', 'minDays'],
  passMessage: {
    ja: '週の出勤日を確保しています（{week}：出勤{officeDays}日）。',
    en: 'Enough office days remain ({week}: {officeDays} in the office).',
  },
  compile: (p) => p.minDays,
  check: (minDays, ctx) => {
    if (ctx.facts.request.part !== 'full') return pass({ part: ctx.facts.request.part });
    let worst: Record<string, unknown> | null = null;
    let worstGap = Number.POSITIVE_INFINITY;
    const onLeave = new Set((ctx.facts.awayDays ?? []).map(parseDay));
    for (const day of ctx.days) {
      const from = weekStartOf(day);
      const workingDays = ctx.calendar.workingDaysBetweenN(from, from + 7);
      const away = new Set<number>();
      for (const h of ctx.history) if (h.part === 'full' && weekStartOf(h.day) === from) away.add(h.day);
      for (const d of ctx.days) if (weekStartOf(d) === from) away.add(d);
      let teleworkDays = 0;
      for (const d of away) if (ctx.calendar.isWorkingDayN(d)) teleworkDays++;
      // leave on a day not teleworked (a day is counted once, as telework)
      let leaveDays = 0;
      for (const d of onLeave)
        if (weekStartOf(d) === from && !away.has(d) && ctx.calendar.isWorkingDayN(d)) leaveDays++;
      const officeDays = workingDays - teleworkDays - leaveDays;
      const required = Math.min(minDays, workingDays);
      if (officeDays - required < worstGap) {
        worstGap = officeDays - required;
        worst = {
          week: isoWeekOf(day).key,
          from: formatDay(from),
          to: formatDay(from + 6),
          workingDays,
          teleworkDays,
          leaveDays,
          officeDays,
          minDays: required,
        };
      }
    }
    return worst && worstGap < 0 ? fire(worst) : pass(worst ?? {});
  },
  reachDays: () => 7,
});
