import { DomainError } from './domain-error';
import { expectedVersion, parseIfMatch } from './if-match';

describe('If-Match', () => {
  it('reads a version, quoted, weak or bare; none when absent, empty or *', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch(' 7 ')).toBe(7);
    for (const none of [undefined, '', '  ', '*']) expect(parseIfMatch(none)).toBeUndefined();
  });

  it('refuses what is no version (400 on If-Match), as expectedVersion refuses 0: not a 409 on a version that never was', () => {
    for (const bad of ['"0"', '0', '"3', '3"', '""', '"-1"', '"1.5"', 'abc', '"3", "4"', '"01"', '"1234567890"']) {
      let err: unknown;
      try {
        parseIfMatch(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('VALIDATION_FAILED');
    }
  });

  it('takes the body’s version or the header’s, and refuses two that differ', () => {
    expect(expectedVersion(2, undefined)).toBe(2);
    expect(expectedVersion(undefined, '"2"')).toBe(2);
    expect(expectedVersion(2, '"2"')).toBe(2);
    expect(() => expectedVersion(2, '"3"')).toThrow(DomainError);
  });
});
