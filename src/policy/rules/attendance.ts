import { IsDefined, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import type { ParamProblem } from '../policy.types';
import { dayFacts, defineRule, fire, pass } from './rule-kit';

/**
 * Office attendance of the requester's section or department per day. `inOffice` in the facts
 * excludes this request; the rules take the requester out of the office for the day.
 */
export const UNITS = ['section', 'department'] as const;
type Unit = (typeof UNITS)[number];

/** Keep at least minStaff people, and at least minRatio of the headcount, in the office (counters). */
export class AttendanceFloorParams {
  @IsOptional() @IsIn(UNITS) unit?: Unit;
  @IsOptional() @IsNumber() @Min(0) @Max(1) minRatio?: number;
  @IsOptional() @IsInt() @Min(0) minStaff?: number;
}

interface FloorCompiled {
  unit: Unit;
  minRatio: number;
  minStaff: number;
}

export const attendanceFloorRule = defineRule<AttendanceFloorParams, FloorCompiled>({
  type: 'attendance_floor',
  params: AttendanceFloorParams,
  placeholders: ['date', 'unit', 'headcount', 'inOffice', 'required'],
  passMessage: {
    ja: '{date}の出勤者数は必要人数を満たします（{inOffice}人／必要{required}人）。',
    en: 'Enough staff stay in the office on {date} ({inOffice}, {required} needed).',
  },
  compile: (p) => ({ unit: p.unit ?? 'section', minRatio: p.minRatio ?? 0, minStaff: p.minStaff ?? 0 }),
  check: (c, ctx) => {
    let worst: Record<string, unknown> = {};
    let worstGap = Number.POSITIVE_INFINITY;
    for (let i = 0; i < ctx.days.length; i++) {
      const a = dayFacts(ctx, i)[c.unit];
      const inOffice = a.inOffice - 1;
      // ceil with a tolerance: 0.5 × 10 must need 5, not 6 after float error.
      const required = Math.max(c.minStaff, Math.ceil(c.minRatio * a.headcount - 1e-9));
      if (inOffice - required < worstGap) {
        worstGap = inOffice - required;
        worst = { date: ctx.dates[i], unit: c.unit, headcount: a.headcount, inOffice, required };
      }
    }
    return worstGap < 0 ? fire(worst) : pass(worst);
  },
  problems: (p) => {
    const out: ParamProblem[] = [];
    if (p.minRatio === undefined && p.minStaff === undefined)
      out.push({
        path: [],
        message: {
          ja: 'minRatio、minStaff のどちらか（または両方）を指定してください。',
          en: 'give minRatio, minStaff or both',
        },
      });
    return out;
  },
});

/** At most maxRatio of the headcount in the office (emergency: 40%). A request never raises attendance,
 * so this fires when attendance stays above the ceiling even after it: a signal for the supervisor. */
export class AttendanceCeilingParams {
  @IsOptional() @IsIn(UNITS) unit?: Unit;
  @IsDefined() @IsNumber() @Min(0) @Max(1) maxRatio!: number;
}

export const attendanceCeilingRule = defineRule<AttendanceCeilingParams, { unit: Unit; maxRatio: number }>({
  type: 'attendance_ceiling',
  params: AttendanceCeilingParams,
  placeholders: ['date', 'unit', 'headcount', 'inOffice', 'percent', 'maxPercent'],
  passMessage: {
    ja: '{date}の出勤率は上限以下です（{percent}%／上限{maxPercent}%）。',
    en: 'Office attendance on {date} is within the ceiling ({percent}% of {maxPercent}%).',
  },
  compile: (p) => ({ unit: p.unit ?? 'department', maxRatio: p.maxRatio }),
  check: (c, ctx) => {
    let worst: Record<string, unknown> = {};
    let worstRatio = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < ctx.days.length; i++) {
      const a = dayFacts(ctx, i)[c.unit];
      const inOffice = Math.max(0, a.inOffice - 1);
      const ratio = a.headcount > 0 ? inOffice / a.headcount : 0;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        const percent = Math.round(ratio * 100);
        worst = {
          date: ctx.dates[i],
          unit: c.unit,
          headcount: a.headcount,
          inOffice,
          percent,
          maxPercent: Math.round(c.maxRatio * 100),
        };
      }
    }
    return worstRatio > c.maxRatio + 1e-9 ? fire(worst) : pass(worst);
  },
});
