import { evaluatePair } from './evaluate';
import type { PolicyFacts } from './policy.facts';
import type { CompiledPolicy, RuleOutcome, RuleResult, VerdictOutcome } from './policy.types';

/** Preview of a policy change: evaluate past requests under both versions and report the differences. */

/** A stored request and its facts, or why its facts could not be built (counted as failed). */
export type SimulationCase = { requestId: string; facts: PolicyFacts } | { requestId: string; error: string };

export interface ChangedRequest {
  requestId: string;
  from: VerdictOutcome;
  to: VerdictOutcome;
  /** False when only the fired rules differ (e.g. a new warning) and the outcome stays. */
  outcomeChanged: boolean;
  /** Rules whose outcome differs, by id (a rule missing from one version counts as `absent`). */
  rules: { ruleId: string; from: RuleOutcome | 'absent'; to: RuleOutcome | 'absent' }[];
  /** The fired (deny, needs_exception, warn) reasons of each version. */
  oldReasons: RuleResult[];
  newReasons: RuleResult[];
}

export interface SimulationResult {
  oldVersion: string;
  newVersion: string;
  totals: {
    requests: number;
    outcomeChanged: number;
    firedChanged: number;
    failed: number;
    old: Record<VerdictOutcome, number>;
    new: Record<VerdictOutcome, number>;
  };
  /** Outcome moves, largest first, e.g. { from: 'allow', to: 'needs_exception', count: 12 }. */
  transitions: { from: VerdictOutcome; to: VerdictOutcome; count: number }[];
  /** Those whose outcome moves first, then those whose fired rules alone change; at most maxChanged. */
  changed: ChangedRequest[];
  /** Requests whose facts could not be evaluated (e.g. a missing perDay entry), at most maxChanged. */
  failures: { requestId: string; message: string }[];
}

const FIRED = new Set<RuleOutcome>(['deny', 'needs_exception', 'warn']);
const zero = (): Record<VerdictOutcome, number> => ({ allow: 0, needs_exception: 0, deny: 0 });

export function simulate(
  oldPolicy: CompiledPolicy,
  newPolicy: CompiledPolicy,
  factsList: Iterable<SimulationCase>,
  options: { maxChanged?: number } = {},
): SimulationResult {
  const maxChanged = options.maxChanged ?? 1000;
  const result: SimulationResult = {
    oldVersion: oldPolicy.hash,
    newVersion: newPolicy.hash,
    totals: { requests: 0, outcomeChanged: 0, firedChanged: 0, failed: 0, old: zero(), new: zero() },
    transitions: [],
    changed: [],
    failures: [],
  };
  const moves = new Map<string, { from: VerdictOutcome; to: VerdictOutcome; count: number }>();
  // changes listed, up to maxChanged each: outcome moves, and fired rules alone
  const moved: ChangedRequest[] = [];
  const fired: ChangedRequest[] = [];
  const fail = (requestId: string, message: string) => {
    result.totals.failed++;
    if (result.failures.length < maxChanged) result.failures.push({ requestId, message });
  };
  for (const c of factsList) {
    const { requestId } = c;
    result.totals.requests++;
    if ('error' in c) {
      fail(requestId, c.error);
      continue;
    }
    let change: ChangedRequest | null;
    try {
      change = compare(requestId, oldPolicy, newPolicy, c.facts, result.totals, (outcome) =>
        outcome ? moved.length < maxChanged : fired.length < maxChanged,
      );
    } catch (e) {
      fail(requestId, (e as Error).message);
      continue;
    }
    if (!change) continue;
    if (change.outcomeChanged) {
      const key = `${change.from}>${change.to}`;
      const move = moves.get(key) ?? { from: change.from, to: change.to, count: 0 };
      move.count++;
      moves.set(key, move);
    }
    if (change.outcomeChanged ? moved.length < maxChanged : fired.length < maxChanged)
      (change.outcomeChanged ? moved : fired).push(change);
  }
  // requests whose outcome moves first: the list is capped, and those are what an admin must see
  result.changed = [...moved, ...fired].slice(0, maxChanged);
  result.transitions = [...moves.values()].sort((a, b) => b.count - a.count);
  return result;
}

function compare(
  requestId: string,
  oldPolicy: CompiledPolicy,
  newPolicy: CompiledPolicy,
  facts: PolicyFacts,
  totals: SimulationResult['totals'],
  report: (outcomeChanged: boolean) => boolean,
): ChangedRequest | null {
  // messages only for what is reported: most requests do not change
  let [before, after] = evaluatePair(oldPolicy, newPolicy, facts, { messages: false });
  totals.old[before.outcome]++;
  totals.new[after.outcome]++;
  const rules = ruleChanges(before.reasons, after.reasons);
  const outcomeChanged = before.outcome !== after.outcome;
  if (!outcomeChanged && rules.length === 0) return null;
  if (outcomeChanged) totals.outcomeChanged++;
  else totals.firedChanged++;
  if (report(outcomeChanged)) {
    [before, after] = evaluatePair(oldPolicy, newPolicy, facts);
  }
  return {
    requestId,
    from: before.outcome,
    to: after.outcome,
    outcomeChanged,
    rules,
    oldReasons: before.reasons.filter((r) => FIRED.has(r.outcome)),
    newReasons: after.reasons.filter((r) => FIRED.has(r.outcome)),
  };
}

/** Rules that fired in one version and not (or differently) in the other; passes and skips are alike. */
function ruleChanges(before: readonly RuleResult[], after: readonly RuleResult[]): ChangedRequest['rules'] {
  const firedOutcome = (r: RuleResult | undefined): RuleOutcome | 'absent' =>
    r === undefined ? 'absent' : FIRED.has(r.outcome) ? r.outcome : 'pass';
  // Usual case: the draft keeps the rules in the same order — compare pairwise, no maps.
  if (before.length === after.length && before.every((r, i) => r.ruleId === after[i]!.ruleId)) {
    const out: ChangedRequest['rules'] = [];
    for (let i = 0; i < before.length; i++) {
      const from = firedOutcome(before[i]);
      const to = firedOutcome(after[i]);
      if (from !== to) out.push({ ruleId: before[i]!.ruleId, from, to });
    }
    return out;
  }
  const oldById = new Map(before.map((r) => [r.ruleId, r]));
  const newById = new Map(after.map((r) => [r.ruleId, r]));
  const out: ChangedRequest['rules'] = [];
  for (const id of new Set([...oldById.keys(), ...newById.keys()])) {
    const from = firedOutcome(oldById.get(id));
    const to = firedOutcome(newById.get(id));
    const quiet = (o: RuleOutcome | 'absent') => o === 'pass' || o === 'absent';
    if (from !== to && !(quiet(from) && quiet(to))) out.push({ ruleId: id, from, to });
  }
  return out;
}
