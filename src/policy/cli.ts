import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { runPolicyCases } from './policy-cases';
import { loadPolicyDir } from './policy.loader';
import type { OrgReference } from './policy.types';
import { formatPolicyError } from './validation-errors';

/**
 * `policy check` validates policies/telework.yaml and calendar.yaml; `policy test` runs
 * policies/tests/*.yaml. Options: --dir <folder> (default policies), --org <json> with
 * { departments, sections, satelliteOffices } to check references. Exit code 1 on any error.
 */

const USAGE =
  'usage: policy check|test [--dir policies] [--org org.json]\n       policy simulate --file policies/<name>.yaml --from YYYY-MM-DD --to YYYY-MM-DD';

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function check(dir: string, orgRef: OrgReference | undefined, out: (line: string) => void): number {
  const loaded = loadPolicyDir(dir, orgRef);
  if (!loaded.ok) {
    for (const e of loaded.errors) out(formatPolicyError(e));
    out(`${loaded.errors.length} error(s)`);
    return 1;
  }
  const p = loaded.policy;
  out(`${dir}: OK — ${p.name.en} ${p.version}, ${p.rules.length} rules, sha256 ${p.hash.slice(0, 12)}…`);
  return 0;
}

function test(dir: string, out: (line: string) => void): number {
  const run = runPolicyCases(dir);
  for (const e of run.errors) out(formatPolicyError(e));
  let failed = 0;
  for (const r of run.results) {
    out(`${r.passed ? '✓' : '✗'} ${r.name}`);
    if (!r.passed) {
      failed++;
      out(`    at ${r.file}:${r.line}`);
      for (const p of r.problems) out(`    ${p}`);
    }
  }
  out(`${run.results.length - failed} passed, ${failed} failed, ${run.errors.length} file error(s)`);
  return failed > 0 || run.errors.length > 0 ? 1 : 0;
}

export function main(args: readonly string[], out: (line: string) => void = console.log): number {
  const dir = option(args, '--dir') ?? 'policies';
  const orgFile = option(args, '--org');
  const orgRef = orgFile ? (JSON.parse(readFileSync(orgFile, 'utf8')) as OrgReference) : undefined;
  if (args[0] === 'check') return check(dir, orgRef, out);
  if (args[0] === 'test') return test(dir, out);
  out(USAGE);
  return 2;
}

if (require.main === module) {
  try {
    const args = process.argv.slice(2);
    if (args[0] === 'simulate') {
      // needs the database: loaded only for this command
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { simulateCommand } = require('./simulate.cli') as typeof import('./simulate.cli');
      simulateCommand(args, console.log).then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
          console.error(`policy: ${(e as Error).message}`);
          process.exitCode = 1;
        },
      );
    } else process.exitCode = main(args);
  } catch (e) {
    console.error(`policy: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
