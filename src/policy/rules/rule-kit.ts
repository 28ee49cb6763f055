import type { DayFacts } from '../policy.facts';
import type { CompileEnv, EvalContext, Label, OrgRefUse, ParamProblem, RuleCheck, RuleKind } from '../policy.types';

/** A rule type with its own params (P) and precompiled form (C). */
export interface RuleDefinition<P extends object, C> {
  type: string;
  params: (new () => P) | null;
  /** `params:` may be left out (every param has a default). */
  optionalParams?: boolean;
  security?: boolean;
  placeholders: readonly string[];
  passMessage: Label;
  compile(params: P, env: CompileEnv): C;
  check(compiled: C, ctx: EvalContext): RuleCheck;
  problems?(params: P, env: CompileEnv): ParamProblem[];
  references?(params: P): OrgRefUse[];
  reachDays?(params: P): number;
}

/** Erase a definition's types so every kind fits one registry; the loader checked the params. */
export function defineRule<P extends object, C>(def: RuleDefinition<P, C>): RuleKind {
  return {
    type: def.type,
    params: def.params,
    optionalParams: def.optionalParams ?? false,
    security: def.security ?? false,
    placeholders: def.placeholders,
    passMessage: def.passMessage,
    compile: (p, env) => def.compile((p ?? {}) as P, env),
    check: (c, ctx) => def.check(c as C, ctx),
    problems: def.problems && ((p, env) => def.problems?.((p ?? {}) as P, env) ?? []),
    references: def.references && ((p) => def.references?.((p ?? {}) as P) ?? []),
    reachDays: def.reachDays && ((p) => def.reachDays?.((p ?? {}) as P) ?? 0),
  };
}

export const pass = (facts: Record<string, unknown>): RuleCheck => ({ fired: false, facts });
export const fire = (facts: Record<string, unknown>): RuleCheck => ({ fired: true, facts });

/** The collective facts of requested day i; missing ones are a bug in the gathering service. */
export function dayFacts(ctx: EvalContext, i: number): DayFacts {
  const date = ctx.dates[i] ?? '';
  const day = ctx.facts.perDay[date];
  if (!day) throw new TypeError(`PolicyFacts.perDay has no entry for requested date ${date}`);
  return day;
}

/** A set from an optional list: undefined stays undefined ("no condition"). */
export function setOf<T>(list: readonly T[] | undefined): ReadonlySet<T> | undefined {
  return list ? new Set(list) : undefined;
}
