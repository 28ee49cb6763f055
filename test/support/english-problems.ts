import { GENERAL_JA } from '../../src/common/field-problems';
import type { PolicyError } from '../../src/policy/policy.types';
import { JAPANESE } from './bilingual';

/**
 * A file's problems as the specs compare them, in English: each must also say itself in
 * Japanese (`messageJa`), which is checked here and then left out, so that every refusal a spec
 * provokes is checked for its Japanese while its assertions stay about where and what.
 */
export function inEnglish(errors: PolicyError[]): Omit<PolicyError, 'messageJa'>[] {
  for (const e of errors) {
    if (!JAPANESE.test(e.messageJa)) throw new Error(`no Japanese for "${e.message}": "${e.messageJa}"`);
    // the general sentence of a check of unknown kind: this one's Japanese was never written
    if (e.messageJa === GENERAL_JA) throw new Error(`only the general Japanese for "${e.message}"`);
  }
  return errors.map(({ messageJa: _ja, ...rest }) => rest);
}
