import { formatDay, parseDay } from './dates';
import { renderLabel } from './messages';
import type { PolicyFacts } from './policy.facts';
import type { CompiledPolicy, CompiledRule, EvalContext, RuleResult, Verdict, VerdictOutcome } from './policy.types';

/**
 * The decision: a pure function of the policy and the facts. Every rule's result, with the fact
 * values it used and its message, comes out of this one pass: the explanation is the decision.
 * Any deny → deny; else any needs_exception → needs_exception; else allow (warn informs only).
 */
export interface EvaluateOptions {
  /** false: skip rendering messages (bulk simulation re-renders only what it reports). */
  messages?: boolean;
}

const NO_MESSAGE = Object.freeze({ ja: '', en: '' });

export function evaluate(policy: CompiledPolicy, facts: PolicyFacts, options: EvaluateOptions = {}): Verdict {
  return decide(policy, buildContext(policy, facts), options.messages !== false);
}

/**
 * Two policies on the same facts (a simulation's current and draft versions). When both share
 * calendar, levels and reach, the context — parsed dates, sorted history — is built once, and a
 * rule the draft did not change is evaluated once: its result is the same under both.
 */
export function evaluatePair(
  a: CompiledPolicy,
  b: CompiledPolicy,
  facts: PolicyFacts,
  options: EvaluateOptions = {},
): [Verdict, Verdict] {
  const messages = options.messages !== false;
  const ctxA = buildContext(a, facts);
  if (!sameContext(a, b)) return [decide(a, ctxA, messages), decide(b, buildContext(b, facts), messages)];
  const first = decide(a, ctxA, messages);
  return [first, decide(b, ctxA, messages, { results: first.reasons, from: unchangedRules(a, b) })];
}

const unchangedCache = new WeakMap<CompiledPolicy, WeakMap<CompiledPolicy, Int32Array>>();

/** For each rule of b, the index of the identical rule of a (same definition), or -1. */
function unchangedRules(a: CompiledPolicy, b: CompiledPolicy): Int32Array {
  let byB = unchangedCache.get(a);
  if (!byB) unchangedCache.set(a, (byB = new WeakMap()));
  let map = byB.get(b);
  if (!map) {
    const index = new Map(a.rules.map((r, i) => [r.definition, i]));
    map = Int32Array.from(b.rules, (r) => index.get(r.definition) ?? -1);
    byB.set(b, map);
  }
  return map;
}

function sameContext(a: CompiledPolicy, b: CompiledPolicy): boolean {
  if (a.hashes.calendar !== b.hashes.calendar || a.historyReachDays !== b.historyReachDays) return false;
  if (a.levels.size !== b.levels.size) return false;
  for (const [k, v] of a.levels) if (b.levels.get(k) !== v) return false;
  return true;
}

/** Results of an identical rule of another policy, evaluated on the same context. */
interface Reuse {
  results: readonly RuleResult[];
  /** rule index → index into results, or -1. */
  from: Int32Array;
}

function decide(policy: CompiledPolicy, ctx: EvalContext, messages: boolean, reuse?: Reuse): Verdict {
  let emergencyAny = false;
  let emergencyAll = true;
  for (const day of ctx.days) {
    const inEmergency = policy.calendar.emergencyAtN(day) !== null;
    emergencyAny ||= inEmergency;
    emergencyAll &&= inEmergency;
  }
  const reasons: RuleResult[] = new Array<RuleResult>(policy.rules.length);
  let outcome: VerdictOutcome = 'allow';
  for (let i = 0; i < policy.rules.length; i++) {
    const rule = policy.rules[i] as CompiledRule;
    const j = reuse ? (reuse.from[i] as number) : -1;
    const result =
      j >= 0 ? withSource(reuse!.results[j]!, rule) : evaluateRule(rule, ctx, emergencyAny, emergencyAll, messages);
    reasons[i] = result;
    if (result.outcome === 'deny') outcome = 'deny';
    else if (result.outcome === 'needs_exception' && outcome === 'allow') outcome = 'needs_exception';
  }
  return { outcome, policyVersion: policy.hash, policyLabel: policy.version, reasons };
}

/** A result reused from an identical rule, cited at this rule's own place in its file. */
function withSource(result: RuleResult, rule: CompiledRule): RuleResult {
  const s = result.source;
  const t = rule.source;
  return s === t || (s.line === t.line && s.column === t.column && s.file === t.file)
    ? result
    : { ...result, source: t };
}

function evaluateRule(
  rule: CompiledRule,
  ctx: EvalContext,
  emergencyAny: boolean,
  emergencyAll: boolean,
  messages: boolean,
): RuleResult {
  if (rule.effective && !inEffect(rule.effective, ctx.days)) return rule.skipped.notEffective;
  if (rule.inScope && !rule.inScope(ctx.facts)) return rule.skipped.scope;
  const emergencyRole = skippedInEmergency(rule, emergencyAny, emergencyAll);
  if (emergencyRole) return rule.skipped[emergencyRole];
  const check = rule.kind.check(rule.params, ctx);
  return {
    ruleId: rule.id,
    type: rule.type,
    outcome: check.fired ? (check.outcome ?? rule.effect) : 'pass',
    facts: check.facts,
    message: messages ? renderLabel(check.fired ? rule.message : rule.passMessage, check.facts) : NO_MESSAGE,
    source: rule.source,
  };
}

/**
 * Whether the rule's emergency role skips it: one for emergencies only when no requested day lies
 * in one; one relaxed in an emergency only when the whole request does (a mixed request is judged
 * normally).
 */
export function skippedInEmergency(
  rule: CompiledRule,
  emergencyAny: boolean,
  emergencyAll: boolean,
): 'notEmergency' | 'relaxed' | null {
  if (rule.emergencyOnly && !emergencyAny) return 'notEmergency';
  if (rule.relaxedInEmergency && emergencyAll) return 'relaxed';
  return null;
}

/** Whether the rule is in force on one of the days (its `effective` span). */
export function inEffect(range: { from: number; to: number }, days: readonly number[]): boolean {
  for (const d of days) if (d >= range.from && d <= range.to) return true;
  return false;
}

function buildContext(policy: CompiledPolicy, facts: PolicyFacts): EvalContext {
  const requested = facts.request.dates;
  if (requested.length === 0) throw new TypeError('PolicyFacts.request.dates is empty');
  const days = [...new Set(requested.map(parseDay))].sort((a, b) => a - b);
  const from = (days[0] ?? 0) - policy.historyReachDays;
  const to = (days[days.length - 1] ?? 0) + policy.historyReachDays;
  // entries that carry their day number (a simulation's shared ones) are used as they are
  const history: { day: number; part: PolicyFacts['request']['part'] }[] = [];
  let sorted = true;
  for (const h of facts.history) {
    const day = h.day ?? parseDay(h.date);
    if (day < from || day > to) continue;
    sorted &&= history.length === 0 || history[history.length - 1]!.day <= day;
    history.push(h.day === undefined ? { day, part: h.part } : (h as { day: number; part: typeof h.part }));
  }
  if (!sorted) history.sort((a, b) => a.day - b.day);
  return {
    facts,
    calendar: policy.calendar,
    levels: policy.levels,
    days,
    dates: days.length === requested.length && isSorted(requested) ? requested : days.map(formatDay),
    history,
    submittedDay: parseDay(facts.submittedOn),
  };
}

function isSorted(dates: readonly string[]): boolean {
  for (let i = 1; i < dates.length; i++) if ((dates[i] ?? '') <= (dates[i - 1] ?? '')) return false;
  return true;
}

/**
 * The history range the gathering service must read for these requested dates: every rule's
 * reach (ISO week, month, rolling window) around them.
 */
export function factsWindow(policy: CompiledPolicy, dates: readonly string[]): { from: string; to: string } {
  const days = dates.map(parseDay);
  return {
    from: formatDay(Math.min(...days) - policy.historyReachDays),
    to: formatDay(Math.max(...days) + policy.historyReachDays),
  };
}
