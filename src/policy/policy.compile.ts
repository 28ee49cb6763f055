import { createHash } from 'node:crypto';
import { OrgCalendar } from './calendar';
import { parseDay } from './dates';
import { compileLabel } from './messages';
import type { PolicyFacts } from './policy.facts';
import type { CalendarFileSpec, RuleSpec, ScopeSpec, TeleworkSpec } from './policy.schema';
import { levelsOf } from './policy.checks';
import type {
  CompiledPolicy,
  CompiledRule,
  Label,
  RuleKind,
  RuleResult,
  SkipReason,
  SourceLocation,
} from './policy.types';
import { RULE_KIND_BY_TYPE } from './rules';

/** Validated specs → a CompiledPolicy: sets, parsed dates and split templates, so evaluate stays cheap. */

export interface CompileInput {
  telework: TeleworkSpec;
  calendar: CalendarFileSpec;
  contents: { telework: string; calendar: string };
  /** Source location of rules[i]. */
  ruleSource(index: number): SourceLocation;
}

export function compilePolicy(input: CompileInput): CompiledPolicy {
  const { telework, calendar } = input;
  const levels = levelsOf(telework);
  const relax = new Set(telework.emergency?.relax ?? []);
  const only = new Set(telework.emergency?.only ?? []);
  const rules = telework.rules.map((spec, i) => {
    const kind = RULE_KIND_BY_TYPE.get(spec.type);
    if (!kind) throw new Error(`unknown rule type ${spec.type}`); // the schema refused it already
    return compileRule(spec, kind, input.ruleSource(i), {
      levels,
      relaxed: relax.has(spec.id),
      emergencyOnly: only.has(spec.id),
    });
  });
  const hashes = { telework: sha256(input.contents.telework), calendar: sha256(input.contents.calendar) };
  const reach = Math.max(7, ...telework.rules.map((r) => RULE_KIND_BY_TYPE.get(r.type)?.reachDays?.(r.params) ?? 0));
  return {
    name: plainLabel(telework.name),
    version: telework.version,
    hash: sha256(`${hashes.telework}\n${hashes.calendar}`),
    hashes,
    calendar: new OrgCalendar({
      closed: (calendar.closed ?? []).map((s) => ({ label: plainLabel(s.label), from: s.from, to: s.to })),
      open: (calendar.open ?? []).map((s) => ({ label: plainLabel(s.label), from: s.from, to: s.to })),
      emergencies: (calendar.emergencies ?? []).map((e) => ({
        id: e.id,
        label: plainLabel(e.label),
        from: e.from,
        to: e.to,
      })),
    }),
    rules,
    levels,
    historyReachDays: reach,
    urgentGraceWorkingDays: telework.urgentGraceWorkingDays ?? 0,
    allowance: telework.allowance
      ? Object.freeze({
          label: plainLabel(telework.allowance.label),
          minDaysPerMonth: telework.allowance.minDaysPerMonth,
          months: telework.allowance.months,
          locations: Object.freeze([...(telework.allowance.locations ?? ['home'])]),
        })
      : null,
  };
}

function compileRule(
  spec: RuleSpec,
  kind: RuleKind,
  source: SourceLocation,
  opts: { levels: ReadonlyMap<string, number>; relaxed: boolean; emergencyOnly: boolean },
): CompiledRule {
  const skip = (reason: SkipReason): RuleResult =>
    Object.freeze({
      ruleId: spec.id,
      type: spec.type,
      outcome: 'skipped',
      facts: Object.freeze({ skipped: reason }),
      message: SKIP_MESSAGES[reason],
      source,
    });
  return {
    id: spec.id,
    type: spec.type,
    effect: spec.effect,
    source: Object.freeze(source),
    definition: JSON.stringify([spec, opts.relaxed, opts.emergencyOnly]),
    kind,
    params: kind.compile(spec.params, { levels: opts.levels }),
    inScope: compileScope(spec.scope),
    scopeLevel: scopeLevelOf(spec.scope),
    effective: spec.effective
      ? {
          from: spec.effective.from ? parseDay(spec.effective.from) : -Infinity,
          to: spec.effective.to ? parseDay(spec.effective.to) : Infinity,
        }
      : null,
    relaxedInEmergency: opts.relaxed,
    emergencyOnly: opts.emergencyOnly,
    message: compileLabel(spec.message),
    passMessage: compileLabel(kind.passMessage),
    skipped: {
      scope: skip('scope'),
      notEffective: skip('notEffective'),
      relaxed: skip('relaxed'),
      notEmergency: skip('notEmergency'),
    },
  };
}

const SKIP_MESSAGES: Record<SkipReason, Label> = {
  scope: Object.freeze({
    ja: 'この規則の対象外です。',
    en: 'Not applicable: the request is outside this rule’s scope.',
  }),
  notEffective: Object.freeze({ ja: '申請日はこの規則の有効期間外です。', en: 'Not in force on the requested days.' }),
  relaxed: Object.freeze({
    ja: '緊急時のため、この規則は緩和されています。',
    en: 'Relaxed during the emergency period.',
  }),
  notEmergency: Object.freeze({ ja: '緊急時にのみ適用する規則です。', en: 'Applies only during an emergency period.' }),
};

/** Scope fields that are the same for everyone in a section. */
const UNIT_FIELDS: readonly (keyof ScopeSpec)[] = ['departments', 'sections', 'counterService', 'handlesMyNumber'];

function scopeLevelOf(s: ScopeSpec | undefined): CompiledRule['scopeLevel'] {
  const given = s ? (Object.keys(s) as (keyof ScopeSpec)[]).filter((k) => s[k] !== undefined) : [];
  if (given.length === 0) return 'none';
  return given.every((k) => UNIT_FIELDS.includes(k)) ? 'unit' : 'member';
}

type Test = (f: PolicyFacts) => boolean;

/** A scope as one predicate over the facts; null when the rule applies to everyone. */
function compileScope(s: ScopeSpec | undefined): Test | null {
  if (!s) return null;
  const tests: Test[] = [];
  const member = <T>(list: readonly T[] | undefined, get: (f: PolicyFacts) => T): void => {
    if (!list) return;
    const set = new Set(list);
    tests.push((f) => set.has(get(f)));
  };
  member(s.departments, (f) => f.requester.departmentId);
  member(s.sections, (f) => f.requester.sectionId);
  member(s.grades, (f) => f.requester.grade);
  member(s.employmentTypes, (f) => f.requester.employmentType);
  member(s.locations, (f) => f.request.location);
  member(s.parts, (f) => f.request.part);
  const flags = s.flags;
  if (flags) tests.push((f) => f.requester.flags.some((x) => flags.includes(x)));
  const { counterService, handlesMyNumber } = s;
  if (counterService !== undefined) tests.push((f) => f.requester.section.counterService === counterService);
  if (handlesMyNumber !== undefined) tests.push((f) => f.requester.section.handlesMyNumber === handlesMyNumber);
  if (tests.length === 0) return null;
  return (f) => {
    for (const t of tests) if (!t(f)) return false;
    return true;
  };
}

/** class instances → plain frozen labels (verdicts are serialised and stored). */
function plainLabel(l: { ja: string; en: string } | undefined): Label {
  return Object.freeze({ ja: l?.ja ?? '', en: l?.en ?? '' });
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
