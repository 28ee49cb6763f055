import type { Message } from '../common/domain-error';
import type { OrgCalendar } from './calendar';
import type { Part, PolicyFacts } from './policy.facts';

/** A text in both languages every message and label carries. */
export interface Label {
  ja: string;
  en: string;
}

/** What a rule does when it fires. */
export const EFFECTS = ['deny', 'needs_exception', 'warn'] as const;
export type Effect = (typeof EFFECTS)[number];

export const RULE_OUTCOMES = ['pass', ...EFFECTS, 'skipped'] as const;
export type RuleOutcome = (typeof RULE_OUTCOMES)[number];
export const VERDICT_OUTCOMES = ['allow', 'needs_exception', 'deny'] as const;
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number];

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** One rule's part of a verdict: the explanation is this record, from the same evaluation. */
export interface RuleResult {
  ruleId: string;
  type: string;
  outcome: RuleOutcome;
  /** The fact values the rule used (JSON-safe), also the values behind the message placeholders. */
  facts: Record<string, unknown>;
  message: Label;
  source: SourceLocation;
}

export interface Verdict {
  outcome: VerdictOutcome;
  /** sha256 of the policy files: the policy_versions key an in-flight request keeps. */
  policyVersion: string;
  /**
   * The label of that policy (telework.yaml `version:`, e.g. 2026.11), for people to read beside the hash;
   * absent on verdicts recorded before it was kept.
   */
  policyLabel?: string;
  reasons: RuleResult[];
}

/** A loading or validation error: `file:line:column path: message`. */
export interface PolicyError {
  file: string;
  line: number;
  column: number;
  /** Dotted path inside the document, e.g. `rules[3].params.maxDays`; '' for the whole file. */
  path: string;
  /** What is wrong, in English (`policy check` prints it). */
  message: string;
  /** The same in Japanese, for the administrators who edit the file on the policy page. */
  messageJa: string;
}

/** Codes of the organisation a policy may refer to; unknown references are load errors. */
export interface OrgReference {
  departments: readonly string[];
  sections: readonly string[];
  satelliteOffices: readonly string[];
  /**
   * The classes of matter (routing.yaml `classes`) that deputy delegations (代決者の指名) in effect
   * today or later name, with the approvers who made them: a routing.yaml without one of them would
   * leave those deputies nothing to stand in for, unseen. Given when a routing.yaml is checked to be
   * activated (validate, PUT, the load at start), not when the active set is compiled.
   */
  delegatedClasses?: ReadonlyMap<string, readonly string[]>;
  /**
   * The routes (routing.yaml `routes`, by id) of approval routes still in progress, with how many: a
   * route in progress keeps the steps it started with, but finds its class (代決, reroutes) by its id
   * in the routing in force, so a routing.yaml without one of them is refused. Given as for
   * `delegatedClasses`.
   */
  routesInFlight?: ReadonlyMap<string, number>;
}

/** A rule ready to run: params precompiled, templates split, skip results prebuilt. */
export interface CompiledRule {
  readonly id: string;
  readonly type: string;
  readonly effect: Effect;
  readonly source: SourceLocation;
  /**
   * The rule as written (spec and emergency role), without its source location: two rules with
   * the same definition, in policies sharing calendar and levels, give the same result.
   */
  readonly definition: string;
  readonly kind: RuleKind;
  readonly params: unknown;
  readonly inScope: ((facts: PolicyFacts) => boolean) | null;
  /**
   * What the scope looks at: nothing (everyone), only the requester's section and department
   * (`unit`: the same answer for everyone in a section), or the person and the request too.
   */
  readonly scopeLevel: 'none' | 'unit' | 'member';
  readonly effective: { from: number; to: number } | null;
  /** Relaxed (skipped) when every requested day lies in an emergency period. */
  readonly relaxedInEmergency: boolean;
  /** Considered only when a requested day lies in an emergency period. */
  readonly emergencyOnly: boolean;
  readonly message: CompiledLabel;
  readonly passMessage: CompiledLabel;
  readonly skipped: Readonly<Record<SkipReason, RuleResult>>;
}

export type SkipReason = 'scope' | 'notEffective' | 'relaxed' | 'notEmergency';

/** A message template split at its {placeholders}: odd indexes are fact keys. */
export interface CompiledLabel {
  ja: readonly string[];
  en: readonly string[];
}

export interface CompiledPolicy {
  readonly name: Label;
  /** The human version label from telework.yaml (`version:`). */
  readonly version: string;
  /** sha256 over both files' hashes: what a verdict records as policyVersion. */
  readonly hash: string;
  readonly hashes: { readonly telework: string; readonly calendar: string };
  readonly calendar: OrgCalendar;
  readonly rules: readonly CompiledRule[];
  /** Confidentiality levels, lowest first, mapped to their rank. */
  readonly levels: ReadonlyMap<string, number>;
  /** How many calendar days of history before/after the requested days the rules look at. */
  readonly historyReachDays: number;
  /** 事後申請: working days after its last day an urgent request may still be filed and decided. */
  readonly urgentGraceWorkingDays: number;
  /** The telework allowance (在宅勤務等手当) the policy describes, if any: a derived figure, not a gate. */
  readonly allowance: CompiledAllowance | null;
}

export interface CompiledAllowance {
  readonly label: Label;
  readonly minDaysPerMonth: number;
  readonly months: number;
  readonly locations: readonly string[];
}

/**
 * The earliest last day a pending request may have: `today` (Japan), or for an urgent one (phoned
 * in first, filed afterwards: 事後申請) the policy's grace of working days before it. A request
 * whose last day is earlier expires; the expiry sweep and the checks of new dates go by these.
 */
export interface LastDays {
  today: string;
  urgent: string;
}

/** What a request's fields are checked against when written, besides their own form. */
export interface ShapeRules {
  days: LastDays;
  /** The confidentiality levels of the policy in force; null when no policy is (the submit refuses then). */
  levels: readonly string[] | null;
}

/** Everything one evaluation shares between rules, built once per call. */
export interface EvalContext {
  readonly facts: PolicyFacts;
  readonly calendar: OrgCalendar;
  readonly levels: ReadonlyMap<string, number>;
  /** Requested days as day numbers, ascending, with their 'YYYY-MM-DD' strings at the same index. */
  readonly days: readonly number[];
  readonly dates: readonly string[];
  /** The requester's other telework days, as day numbers, ascending. */
  readonly history: readonly { day: number; part: Part }[];
  readonly submittedDay: number;
}

/** What a rule's check returns; `outcome` overrides the effect (the urgent path of advance notice). */
export interface RuleCheck {
  fired: boolean;
  facts: Record<string, unknown>;
  outcome?: Effect;
}

export type PathSegment = string | number;

/** A cross-field problem a rule type finds in its params after class-validator passed. */
export interface ParamProblem {
  path: PathSegment[];
  message: Message;
}

/** What a rule kind may refer to in the organisation. */
export interface OrgRefUse {
  kind: 'departments' | 'sections' | 'satelliteOffices';
  value: string;
  path: PathSegment[];
}

export interface CompileEnv {
  readonly levels: ReadonlyMap<string, number>;
}

/** One rule type: its params class, how to precompile them, and the pure check. */
export interface RuleKind {
  readonly type: string;
  /** class-validator class of `params`; null when the type takes none. */
  readonly params: (new () => object) | null;
  readonly optionalParams: boolean;
  /** Network tier, data class and device rules: never relaxed by emergency mode. */
  readonly security: boolean;
  /** Placeholders the type offers to message templates. */
  readonly placeholders: readonly string[];
  /** Message when the rule passes (the file's `message` is for when it fires). */
  readonly passMessage: Label;
  compile(params: unknown, env: CompileEnv): unknown;
  check(compiled: unknown, ctx: EvalContext): RuleCheck;
  problems?(params: unknown, env: CompileEnv): ParamProblem[];
  references?(params: unknown): OrgRefUse[];
  /** Calendar days of history the rule needs around the requested days. */
  reachDays?(params: unknown): number;
}
