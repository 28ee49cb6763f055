import { ArrayNotEmpty, IsArray, IsBoolean, IsDefined, IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { tryParseClock } from '../dates';
import { PARTS } from '../policy.facts';
import type { Part } from '../policy.facts';
import type { Label, ParamProblem } from '../policy.types';
import { IsClock } from '../schema.common';
import { defineRule, fire, pass } from './rule-kit';

/** Units a request may take: full day, half day (am/pm), hours; hours may require hourly leave (時間休). */
export class UnitsParams {
  @IsArray() @ArrayNotEmpty() @IsIn(PARTS, { each: true }) allowed!: Part[];
  /** Hourly telework only together with hourly leave for a private absence. */
  @IsOptional() @IsBoolean() hoursRequireLeave?: boolean;
  @IsOptional() @IsNumber() @Min(0.25) @Max(24) minHours?: number;
  @IsOptional() @IsNumber() @Min(0.25) @Max(24) maxHours?: number;
}

const UNIT_PROBLEMS: Record<'part' | 'leave' | 'times' | 'length', Label> = {
  part: { ja: 'この単位でのテレワークは認められていません', en: 'telework in this unit is not allowed' },
  leave: {
    ja: '時間単位のテレワークは時間休と組み合わせる場合に限られます',
    en: 'hourly telework is allowed only together with hourly leave',
  },
  times: { ja: '時間単位の申請には開始・終了時刻が必要です', en: 'an hourly request needs a start and an end time' },
  length: { ja: '時間数が認められた範囲外です', en: 'the number of hours is outside the allowed range' },
};

export const unitsRule = defineRule<UnitsParams, UnitsParams & { allowedSet: ReadonlySet<Part> }>({
  type: 'units',
  params: UnitsParams,
  placeholders: ['part', 'allowed', 'withLeave', 'hours', 'minHours', 'maxHours', 'problem'],
  passMessage: { ja: '申請の単位（{part}）は認められています。', en: 'The unit ({part}) is allowed.' },
  compile: (p) => ({ ...p, allowedSet: new Set(p.allowed) }),
  check: (c, ctx) => {
    const { part, withLeave, startTime, endTime } = ctx.facts.request;
    const start = startTime === undefined ? null : tryParseClock(startTime);
    const end = endTime === undefined ? null : tryParseClock(endTime);
    const hours = start !== null && end !== null ? (end - start) / 60 : null;
    const facts: Record<string, unknown> = {
      part,
      allowed: c.allowed,
      withLeave: withLeave === true,
      hours,
      minHours: c.minHours ?? null,
      maxHours: c.maxHours ?? null,
    };
    let problem: Label | null = null;
    if (!c.allowedSet.has(part)) problem = UNIT_PROBLEMS.part;
    else if (part === 'hours') {
      if (c.hoursRequireLeave && withLeave !== true) problem = UNIT_PROBLEMS.leave;
      else if (hours === null) problem = UNIT_PROBLEMS.times;
      else if (hours < (c.minHours ?? 0) || hours > (c.maxHours ?? 24)) problem = UNIT_PROBLEMS.length;
    }
    if (!problem) return pass(facts);
    facts.problem = problem;
    return fire(facts);
  },
  problems: (p) =>
    p.minHours !== undefined && p.maxHours !== undefined && p.minHours > p.maxHours
      ? [
          {
            path: ['maxHours'],
            message: {
              ja: `maxHours（${p.maxHours}）が minHours（${p.minHours}）より小さいです。`,
              en: `maxHours (${p.maxHours}) is below minHours (${p.minHours})`,
            },
          },
        ]
      : [],
});

/** Telework hours must lie inside the working-hours window (no overtime on telework days). */
export class WorkingHoursParams {
  @IsDefined() @IsClock() earliestStart!: string;
  @IsDefined() @IsClock() latestEnd!: string;
}

const HOURS_PROBLEMS: Record<'order' | 'window', Label> = {
  order: { ja: '終了時刻が開始時刻より前です', en: 'the end time is not after the start time' },
  window: { ja: '勤務時間帯の外にかかっています', en: 'the hours fall outside the working-hours window' },
};

export const workingHoursRule = defineRule<
  WorkingHoursParams,
  { earliest: number; latest: number; p: WorkingHoursParams }
>({
  type: 'working_hours',
  params: WorkingHoursParams,
  placeholders: ['startTime', 'endTime', 'earliestStart', 'latestEnd', 'problem'],
  passMessage: {
    ja: '勤務時間帯（{earliestStart}〜{latestEnd}）の内です。',
    en: 'Within the working-hours window ({earliestStart}–{latestEnd}).',
  },
  compile: (p) => ({ earliest: tryParseClock(p.earliestStart) ?? 0, latest: tryParseClock(p.latestEnd) ?? 0, p }),
  check: (c, ctx) => {
    const { startTime, endTime } = ctx.facts.request;
    const facts: Record<string, unknown> = {
      startTime: startTime ?? null,
      endTime: endTime ?? null,
      earliestStart: c.p.earliestStart,
      latestEnd: c.p.latestEnd,
    };
    const start = startTime === undefined ? c.earliest : (tryParseClock(startTime) ?? -1);
    const end = endTime === undefined ? c.latest : (tryParseClock(endTime) ?? 24 * 60);
    let problem: Label | null = null;
    if (end <= start) problem = HOURS_PROBLEMS.order;
    else if (start < c.earliest || end > c.latest) problem = HOURS_PROBLEMS.window;
    if (!problem) return pass(facts);
    facts.problem = problem;
    return fire(facts);
  },
  problems: (p): ParamProblem[] =>
    (tryParseClock(p.latestEnd) ?? 0) <= (tryParseClock(p.earliestStart) ?? 0)
      ? [
          {
            path: ['latestEnd'],
            message: {
              ja: `latestEnd（${p.latestEnd}）は earliestStart（${p.earliestStart}）より後にしてください。`,
              en: `latestEnd (${p.latestEnd}) must be after earliestStart (${p.earliestStart})`,
            },
          },
        ]
      : [],
});
