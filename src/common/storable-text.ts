import type { Message } from './domain-error';

const NUL = '\u0000';
/** A UTF-16 surrogate without its pair (in u-mode a well-formed pair is one code point, not a surrogate). */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why PostgreSQL could not store this text as it is (none: it can). */
export function textProblems(value: string): Message[] {
  const problems: Message[] = [];
  if (value.includes(NUL))
    problems.push({ ja: 'NUL 文字（\\u0000）は使えません。', en: 'must not contain NUL (\\u0000) characters' });
  if (LONE_SURROGATE.test(value))
    problems.push({
      ja: '正しい Unicode にしてください（対のないサロゲートが送られました）。',
      en: 'must be well-formed Unicode (an unpaired surrogate was sent)',
    });
  return problems;
}
