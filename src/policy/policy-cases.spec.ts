import { join, relative } from 'node:path';
import { projectRoot } from '../common/paths';
import { runPolicyCases } from './policy-cases';
import { formatPolicyError } from './validation-errors';

/** Every case of policies/tests/*.yaml, one `it` each, named after the case. */
const run = runPolicyCases(relative(process.cwd(), join(projectRoot(), 'policies')) || '.');

describe('policy cases', () => {
  it('loads the policy and every case file', () => {
    expect(run.errors.map(formatPolicyError)).toEqual([]);
  });

  it('ships at least 40 cases', () => {
    expect(run.results.length).toBeGreaterThanOrEqual(40);
  });

  it('makes every rule of the shipped policy fire in at least one case', () => {
    const fired = new Set(
      run.results.flatMap(
        (r) =>
          r.verdict?.reasons.filter((x) => x.outcome !== 'pass' && x.outcome !== 'skipped').map((x) => x.ruleId) ?? [],
      ),
    );
    const ids = run.results[0]?.verdict?.reasons.map((r) => r.ruleId) ?? [];
    expect(ids.filter((id) => !fired.has(id))).toEqual([]);
  });

  const files = [...new Set(run.results.map((r) => r.file))];
  describe.each(files)('%s', (file) => {
    const cases = run.results.filter((r) => r.file === file);
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      if (!c.passed) throw new Error(`${c.file}:${c.line}\n${c.problems.join('\n')}`);
    });
  });
});
