import { parseDay } from './dates';
import { inEffect, skippedInEmergency } from './evaluate';
import { requesterFacts, type StaffFacts } from './facts/facts.builder';
import type { DayFacts, PolicyFacts } from './policy.facts';
import type { CompiledPolicy, CompiledRule, EvalContext } from './policy.types';
import type { UNITS } from './rules/attendance';

/** The rule types that hold office attendance of a unit (課 or 部) to a floor or a ceiling. */
const ATTENDANCE_RULES: ReadonlySet<string> = new Set(['attendance_floor', 'attendance_ceiling']);

export type AttendanceUnit = (typeof UNITS)[number];

/** A section, a department or the whole organisation (no rule counts in it) as the outlook counts it. */
export interface OutlookUnit {
  kind: AttendanceUnit | 'organisation';
  id: string;
  /** Active staff of the unit, as the policy's requester facts describe them. */
  members: readonly StaffFacts[];
}

/**
 * People of a unit away from the office on a day: teleworking with an approved or a pending request,
 * or on leave or a trip. Each person counts once, under the first that applies.
 */
export interface AwayCount {
  approved: number;
  /** Those whose request (for any part of the day) is still awaiting a decision, and none approved. */
  pending: number;
  /** Those on leave or a business trip (absences) with no telework counted that day. */
  onLeave: number;
}

/** Where one unit stands on one day against one attendance rule of the policy. */
export interface LimitStanding {
  ruleId: string;
  type: string;
  /** What the rule does when a request breaks it: deny, needs_exception or warn. */
  effect: string;
  /** `all`: the rule judges everyone of the unit; `some`: only some of them, or some requests. */
  appliesTo: 'all' | 'some';
  /** The unit is outside the limit now: below the floor, or above the ceiling. */
  breached: boolean;
  /** Floor: staff the unit must keep in the office. */
  required?: number;
  /**
   * Floor: how many more of the unit may telework that day before a request meets the rule
   * (0: the next one does; negative: the unit is below the floor already).
   */
  room?: number;
  /** Ceiling: the highest share of the headcount in the office, in percent. */
  maxPercent?: number;
}

export interface UnitDayOutlook {
  date: string;
  headcount: number;
  approved: number;
  pending: number;
  onLeave: number;
  inOffice: number;
  /** inOffice / headcount in percent, to one decimal (0 for an empty unit). */
  percent: number;
  limits: LimitStanding[];
}

/**
 * Office attendance of a unit on each working day, against the attendance rules of the policy
 * in force: the numbers a supervisor or an admin plans the days by ("near 40% in the office",
 * "the counter needs three"). The rule's own check decides each standing, on the counts as they
 * are (approved and pending requests, as at submission; leave and trips), so the view and the verdicts agree.
 */
export function unitOutlook(
  policy: CompiledPolicy,
  unit: OutlookUnit,
  dates: readonly string[],
  away: (date: string) => AwayCount,
): UnitDayOutlook[] {
  const rules = policy.rules.filter((r) => ATTENDANCE_RULES.has(r.type) && unitOf(r) === unit.kind);
  const reach = new Map<CompiledRule, 'all' | 'some' | null>(rules.map((r) => [r, appliesTo(r, unit, dates[0])]));
  const headcount = unit.members.length;
  return dates.map((date) => {
    const { approved, pending, onLeave } = away(date);
    const inOffice = Math.max(0, headcount - approved - pending - onLeave);
    const limits: LimitStanding[] = [];
    for (const rule of rules) {
      const to = reach.get(rule);
      if (!to || !inForce(rule, policy, date)) continue;
      limits.push({ ...standing(rule, policy, date, headcount, inOffice), appliesTo: to });
    }
    return {
      date,
      headcount,
      approved,
      pending,
      onLeave,
      inOffice,
      // one decimal: 449 of 450 is not 100%, and 33 of 82 (40.2%) not at a 40% ceiling
      percent: headcount > 0 ? Math.round((inOffice / headcount) * 1000) / 10 : 0,
      limits,
    };
  });
}

/** The unit an attendance rule counts in, with its default (see rules/attendance.ts). */
function unitOf(rule: CompiledRule): AttendanceUnit {
  return (rule.params as { unit: AttendanceUnit }).unit;
}

/** Whether the rule is in force on the day, as a verdict for that day alone would find: its span, its emergency role. */
function inForce(rule: CompiledRule, policy: CompiledPolicy, date: string): boolean {
  if (rule.effective && !inEffect(rule.effective, [parseDay(date)])) return false;
  const emergency = policy.calendar.isEmergency(date);
  return skippedInEmergency(rule, emergency, emergency) === null;
}

/**
 * Whom of the unit the rule judges: a scope on the section alone (the counter floor: counter
 * sections only) is the same for all of a section; one on the person or the request is for some.
 */
function appliesTo(rule: CompiledRule, unit: OutlookUnit, date: string | undefined): 'all' | 'some' | null {
  if (!rule.inScope || rule.scopeLevel === 'none') return 'all';
  if (rule.scopeLevel === 'member' || date === undefined) return 'some';
  const inScope = rule.inScope;
  const matching = unit.members.filter((s) => inScope(unitFacts(s, date))).length;
  if (matching === 0) return null;
  return matching === unit.members.length ? 'all' : 'some';
}

/**
 * The rule's check on the unit as it is. The rule judges a request, taking its requester out of
 * the office; the outlook asks about the day itself, so it counts one more in, who the rule takes out.
 */
function standing(
  rule: CompiledRule,
  policy: CompiledPolicy,
  date: string,
  headcount: number,
  inOffice: number,
): Omit<LimitStanding, 'appliesTo'> {
  const counts = { headcount, inOffice: inOffice + 1 };
  const day = { section: counts, department: counts } as unknown as DayFacts;
  const n = parseDay(date);
  // attendance checks read the day's counts of their unit and the date, nothing else
  const ctx = {
    facts: { perDay: { [date]: day } } as unknown as PolicyFacts,
    calendar: policy.calendar,
    levels: policy.levels,
    days: [n],
    dates: [date],
    history: [],
    submittedDay: n,
  } satisfies EvalContext;
  const check = rule.kind.check(rule.params, ctx);
  const base = { ruleId: rule.id, type: rule.type, effect: rule.effect, breached: check.fired };
  if (rule.type === 'attendance_floor') {
    const required = Number(check.facts.required);
    return { ...base, required, room: inOffice - required };
  }
  return { ...base, maxPercent: Number(check.facts.maxPercent) };
}

/** Requester facts of a staff member for a scope on the section (the request's fields are not read). */
function unitFacts(s: StaffFacts, date: string): PolicyFacts {
  return {
    requester: requesterFacts(s),
    request: { dates: [date], part: 'full', location: 'home', tasks: [] },
    submittedOn: date,
    history: [],
    perDay: {},
  } as unknown as PolicyFacts;
}
