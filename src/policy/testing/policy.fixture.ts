import { stringify } from 'yaml';
import { evaluate } from '../evaluate';
import { loadPolicySet } from '../policy.loader';
import type { CompiledPolicy, OrgReference, RuleResult } from '../policy.types';
import { formatPolicyError } from '../validation-errors';
import { sampleFacts } from './facts.builder';
import type { FactsPatch } from './facts.builder';

/** Build small policies in rule specs: one rule, default id/effect/message, the shipped calendar shape. */

export interface FixtureOptions {
  emergency?: { relax?: string[]; only?: string[] };
  confidentialityLevels?: (string | number)[];
  calendar?: Record<string, unknown>;
  orgRef?: OrgReference;
}

export const TEST_CALENDAR = {
  closed: [{ label: { ja: '年末年始', en: 'year-end' }, from: '12-29', to: '01-03' }],
  emergencies: [{ id: 'drill', label: { ja: '訓練', en: 'drill' }, from: '2020-04-07', to: '2020-05-25' }],
};

export function teleworkYaml(rules: Record<string, unknown>[], opts: FixtureOptions = {}): string {
  return stringify({
    version: 'test',
    name: { ja: 'テスト', en: 'test' },
    ...(opts.confidentialityLevels ? { confidentialityLevels: opts.confidentialityLevels } : {}),
    ...(opts.emergency ? { emergency: opts.emergency } : {}),
    rules: rules.map((r, i) => ({ id: `r${i}`, effect: 'deny', message: { ja: '違反', en: 'violation' }, ...r })),
  });
}

export function policyWith(rules: Record<string, unknown>[], opts: FixtureOptions = {}): CompiledPolicy {
  const loaded = loadPolicySet(
    {
      telework: { file: 'telework.yaml', content: teleworkYaml(rules, opts) },
      calendar: { file: 'calendar.yaml', content: stringify(opts.calendar ?? TEST_CALENDAR) },
    },
    opts.orgRef,
  );
  if (!loaded.ok) throw new Error(loaded.errors.map(formatPolicyError).join('\n'));
  return loaded.policy;
}

/** The result of a one-rule policy for the sample facts with a patch. */
export function judge(rule: Record<string, unknown>, patch: FactsPatch = {}, opts: FixtureOptions = {}): RuleResult {
  const result = evaluate(policyWith([rule], opts), sampleFacts(patch)).reasons[0];
  if (!result) throw new Error('no result');
  return result;
}

/** A judge bound to one rule, for tables of edge values. */
export function judgeWith(
  rule: Record<string, unknown>,
  opts: FixtureOptions = {},
): (patch?: FactsPatch) => RuleResult {
  const policy = policyWith([rule], opts);
  return (patch = {}) => evaluate(policy, sampleFacts(patch)).reasons[0] as RuleResult;
}
