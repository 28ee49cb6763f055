import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsNotEmpty,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from './evaluate';
import { loadPolicySet, readPolicyDir } from './policy.loader';
import type { PolicySetSources } from './policy.loader';
import type { CompiledPolicy, PolicyError, RuleOutcome, Verdict, VerdictOutcome } from './policy.types';
import { deepMerge, sampleFacts, unknownFactKeys } from './testing/facts.builder';
import type { FactsPatch } from './testing/facts.builder';
import { IsDay } from './schema.common';
import { toPolicyErrors } from './validation-errors';
import { locate, parseYamlSource } from './yaml-source';

/** Policy test cases (policies/tests/*.yaml): facts → expected outcome and fired rules. */

const VERDICTS = ['allow', 'needs_exception', 'deny'] as const;
const RULE_OUTCOMES: readonly string[] = ['pass', 'deny', 'needs_exception', 'warn', 'skipped'];

export class CaseExpectSpec {
  @IsIn(VERDICTS) outcome!: VerdictOutcome;
  /** Exactly the rules whose outcome is deny, needs_exception or warn. */
  @IsArray() @IsString({ each: true }) fired!: string[];
  /** Outcomes of particular rules, e.g. `weekly-cap: skipped` in an emergency. */
  @IsOptional() @IsObject() outcomes?: Record<string, RuleOutcome>;
}

export class CaseSpec {
  @IsString() @IsNotEmpty() name!: string;
  @IsOptional() @IsString() description?: string;
  /** A patch over the file's base and the sample facts (see src/policy/testing/facts.builder.ts). */
  @IsOptional() @IsObject() facts?: FactsPatch;
  /** Shorthand for facts.submittedOn. */
  @IsOptional() @IsDay() today?: string;
  /** A patch of telework.yaml for this case: `rules: { <id>: {params: …} }`, `emergency: …`. */
  @IsOptional() @IsObject() policyOverride?: Record<string, unknown>;
  @IsDefined() @ValidateNested() @Type(() => CaseExpectSpec) expect!: CaseExpectSpec;
}

export class CaseFileSpec {
  @IsOptional() @IsString() description?: string;
  /** Facts patch shared by every case of the file. */
  @IsOptional() @IsObject() base?: FactsPatch;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CaseSpec) cases!: CaseSpec[];
}

export interface CaseResult {
  file: string;
  line: number;
  name: string;
  passed: boolean;
  problems: string[];
  verdict?: Verdict;
}

export interface CaseRun {
  results: CaseResult[];
  /** Errors that stop cases from running: a policy or case file that does not load. */
  errors: PolicyError[];
}

const FIRED = new Set<RuleOutcome>(['deny', 'needs_exception', 'warn']);

/** Run every case file of `<policyDir>/tests` against the policy in `policyDir`. */
export function runPolicyCases(policyDir: string): CaseRun {
  const sources = readPolicyDir(policyDir);
  const loaded = loadPolicySet(sources);
  if (!loaded.ok) return { results: [], errors: loaded.errors };
  const dir = join(policyDir, 'tests');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const run: CaseRun = { results: [], errors: [] };
  for (const name of files) {
    const file = join(dir, name);
    const one = runCaseFile(file, readFileSync(file, 'utf8'), loaded.policy, sources);
    run.results.push(...one.results);
    run.errors.push(...one.errors);
  }
  return run;
}

export function runCaseFile(file: string, content: string, policy: CompiledPolicy, sources: PolicySetSources): CaseRun {
  const parsed = parseYamlSource(file, content);
  if (!parsed.ok) return { results: [], errors: parsed.errors };
  const spec = plainToInstance(CaseFileSpec, parsed.source.value);
  const invalid = validateSync(spec, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (invalid.length > 0) return { results: [], errors: toPolicyErrors(parsed.source, invalid) };
  const results = spec.cases.map((c, i) => {
    const line = locate(parsed.source, ['cases', i]).line;
    try {
      return { file, line, name: c.name, ...runCase(c, spec.base, policy, sources) };
    } catch (e) {
      return { file, line, name: c.name, passed: false, problems: [(e as Error).message] };
    }
  });
  return { results, errors: [] };
}

function runCase(
  c: CaseSpec,
  base: FactsPatch | undefined,
  policy: CompiledPolicy,
  sources: PolicySetSources,
): Omit<CaseResult, 'file' | 'line' | 'name'> {
  const patch = deepMerge(base ?? {}, c.facts ?? {}) as FactsPatch;
  const typos = unknownFactKeys(patch);
  if (typos.length > 0) return { passed: false, problems: [`facts has unknown keys: ${typos.join(', ')}`] };
  if (c.today) patch.submittedOn = c.today;
  const verdict = evaluate(c.policyOverride ? overridden(sources, c.policyOverride) : policy, sampleFacts(patch));
  const fired = verdict.reasons.filter((r) => FIRED.has(r.outcome)).map((r) => r.ruleId);
  const problems: string[] = [];
  if (verdict.outcome !== c.expect.outcome)
    problems.push(`outcome: expected ${c.expect.outcome}, got ${verdict.outcome}`);
  const want = [...c.expect.fired].sort();
  const got = [...fired].sort();
  if (want.join() !== got.join()) problems.push(`fired: expected [${want.join(', ')}], got [${got.join(', ')}]`);
  for (const [id, outcome] of Object.entries(c.expect.outcomes ?? {})) {
    if (!RULE_OUTCOMES.includes(outcome))
      problems.push(`rule ${id}: "${outcome}" is not one of ${RULE_OUTCOMES.join(', ')}`);
    const actual = verdict.reasons.find((r) => r.ruleId === id)?.outcome ?? 'missing';
    if (actual !== outcome) problems.push(`rule ${id}: expected ${outcome}, got ${actual}`);
  }
  if (problems.length > 0) {
    for (const r of verdict.reasons)
      if (FIRED.has(r.outcome)) problems.push(`  ${r.ruleId} (${r.outcome}): ${r.message.en}`);
  }
  return { passed: problems.length === 0, problems, verdict };
}

/** The policy with a case's override applied: `rules` patches rules by id, other keys merge. */
function overridden(sources: PolicySetSources, override: Record<string, unknown>): CompiledPolicy {
  const { rules, ...rest } = override;
  const loaded = loadPolicySet(sources, undefined, {
    patchTelework: (value) => {
      const merged = deepMerge(value, rest) as { rules?: { id?: unknown }[] };
      const patches = (rules ?? {}) as Record<string, unknown>;
      merged.rules = (merged.rules ?? []).map((r) =>
        typeof r.id === 'string' && r.id in patches ? (deepMerge(r, patches[r.id]) as { id?: unknown }) : r,
      );
      return merged;
    },
  });
  if (!loaded.ok)
    throw new Error(`policyOverride does not load: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return loaded.policy;
}
