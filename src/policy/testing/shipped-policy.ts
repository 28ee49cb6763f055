import { join, relative } from 'node:path';
import { projectRoot } from '../../common/paths';
import { loadPolicyDir } from '../policy.loader';
import type { CompiledPolicy } from '../policy.types';
import { formatPolicyError } from '../validation-errors';

let cached: CompiledPolicy | undefined;

/** The policy in policies/, loaded once per test file; a broken file fails loudly. */
export function shippedPolicy(): CompiledPolicy {
  if (cached) return cached;
  const loaded = loadPolicyDir(relative(process.cwd(), join(projectRoot(), 'policies')) || '.');
  if (!loaded.ok) throw new Error(`policies/ does not load:\n${loaded.errors.map(formatPolicyError).join('\n')}`);
  cached = loaded.policy;
  return cached;
}
