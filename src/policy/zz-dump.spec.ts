import { runPolicyCases } from './policy-cases';
it('dump', () => {
  const run = runPolicyCases('policies');
  const lines: string[] = [];
  for (const r of run.results) {
    lines.push(`# ${r.name}`);
    for (const x of r.verdict?.reasons ?? []) if (x.outcome !== 'pass' && x.outcome !== 'skipped') lines.push(`  [${x.outcome}] ${x.ruleId}\n    ${x.message.ja}\n    ${x.message.en}`);
  }
  require('fs').writeFileSync('/tmp/dump.txt', lines.join('\n'));
});
