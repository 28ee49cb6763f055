import { readFileSync } from 'node:fs';
import { DomainError, ERROR_CODES, itemFailure, statusOf } from './domain-error';

describe('error catalogue', () => {
  it('docs/errors.md lists every code with its status and both messages', () => {
    const page = readFileSync('docs/errors.md', 'utf8');
    for (const [code, c] of Object.entries(ERROR_CODES)) {
      expect(page).toContain(`| \`${code}\` | ${c.status} | ${c.ja} | ${c.en} |`);
    }
  });

  it('every code has a message in Japanese and in English', () => {
    for (const c of Object.values(ERROR_CODES)) {
      expect(c.ja.trim()).not.toBe('');
      expect(c.en.trim()).not.toBe('');
      expect(c.ja).not.toBe(c.en);
    }
  });

  it('a refused item carries what the whole call would: code, message and details', () => {
    const e = DomainError.of('POLICY_LIMIT_REACHED', { reasons: [{ ruleId: 'counter-floor' }] });
    expect(statusOf(e)).toBe(409);
    expect(itemFailure('t1', e)).toEqual({
      taskId: 't1',
      ok: false,
      code: 'POLICY_LIMIT_REACHED',
      message: { ja: ERROR_CODES.POLICY_LIMIT_REACHED.ja, en: ERROR_CODES.POLICY_LIMIT_REACHED.en },
      details: { reasons: [{ ruleId: 'counter-floor' }] },
    });
    expect(itemFailure('t2', DomainError.of('NOT_ASSIGNEE'))).not.toHaveProperty('details');
  });
});
