import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { SpanSet } from '../calendar';
import { formatDay } from '../dates';
import { EFFECTS } from '../policy.types';
import type { Effect, ParamProblem } from '../policy.types';
import { DaySpanSpec, spanProblem } from '../schema.common';
import { defineRule, fire, pass } from './rule-kit';

/** Rules read against the organisation's calendar (national holidays + calendar.yaml). */

/**
 * File at least workingDays working days before the first requested day: the days counted are
 * the working days from the filing day (included) to the requested day (excluded), so
 * 1 = "by the previous working day" (a Friday filing for Monday is in time).
 */
export class AdvanceNoticeParams {
  @IsDefined() @IsInt() @Min(0) @Max(30) workingDays!: number;
  /** What a late request marked urgent (phoned in first) gets instead of the rule's effect. */
  @IsOptional() @IsIn(EFFECTS) urgent?: Effect;
}

export const advanceNoticeRule = defineRule<AdvanceNoticeParams, AdvanceNoticeParams>({
  type: 'advance_notice',
  params: AdvanceNoticeParams,
  placeholders: ['submittedOn', 'firstDate', 'deadline', 'noticeDays', 'required', 'urgent'],
  passMessage: { ja: '申請期限（{deadline}）までに申請されています。', en: 'Filed by the deadline ({deadline}).' },
  compile: (p) => p,
  check: (p, ctx) => {
    const first = ctx.days[0] ?? ctx.submittedDay;
    const noticeDays = ctx.calendar.workingDaysBetweenN(ctx.submittedDay, first);
    const urgent = ctx.facts.request.urgent === true;
    const facts = {
      submittedOn: ctx.facts.submittedOn,
      firstDate: formatDay(first),
      deadline: formatDay(ctx.calendar.addWorkingDaysN(first, -p.workingDays)),
      noticeDays,
      required: p.workingDays,
      urgent,
    };
    if (noticeDays >= p.workingDays && first >= ctx.submittedDay) return pass(facts);
    return urgent && p.urgent ? { fired: true, facts, outcome: p.urgent } : fire(facts);
  },
});

/** Every requested day must be a working day of the organisation. Takes no params. */
export const closedDayRule = defineRule<object, null>({
  type: 'closed_day',
  params: null,
  placeholders: ['date', 'reason'],
  passMessage: { ja: '申請日はすべて開庁日です。', en: 'Every requested day is a working day.' },
  compile: () => null,
  check: (_c, ctx) => {
    for (let i = 0; i < ctx.days.length; i++) {
      const reason = ctx.calendar.closedReasonN(ctx.days[i] ?? 0);
      if (reason) return fire({ date: ctx.dates[i], reason });
    }
    return pass({ dates: ctx.dates });
  },
});

/** Days on which telework is not allowed (fiscal-year start, tax season, elections…). */
export class BlackoutParams {
  @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => DaySpanSpec) periods!: DaySpanSpec[];
}

export const blackoutRule = defineRule<BlackoutParams, SpanSet>({
  type: 'blackout',
  params: BlackoutParams,
  placeholders: ['date', 'period'],
  passMessage: { ja: 'テレワーク不可の期間には当たりません。', en: 'No requested day falls in a blackout period.' },
  compile: (p) => new SpanSet(p.periods.map((s) => ({ label: s.label ?? { ja: '', en: '' }, from: s.from, to: s.to }))),
  check: (set, ctx) => {
    for (let i = 0; i < ctx.days.length; i++) {
      const label = set.find(ctx.days[i] ?? 0);
      if (label) return fire({ date: ctx.dates[i], period: label.ja ? label : null });
    }
    return pass({ dates: ctx.dates });
  },
  problems: (p) =>
    p.periods.flatMap((s, i): ParamProblem[] => {
      const problem = spanProblem(s.from, s.to);
      return problem ? [{ path: ['periods', i, 'to'], message: problem }] : [];
    }),
});
