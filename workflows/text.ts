/**
 * Something a reader can see: a character that is neither white space (any script's, such as
 * the ideographic space U+3000) nor default-ignorable (zero-width spaces and joiners, the word
 * joiner U+2060, the Hangul filler U+3164, the byte-order mark …), which render as nothing, nor a
 * control character, nor a mark (a combining accent or dakuten U+3099 with nothing to sit on: on
 * a letter, the letter is seen).
 */
export const VISIBLE_CHARACTER = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}]/u;

/**
 * Whether a reason, comment or note says anything: `trim()` alone lets "\u200b" pass, and the
 * applicant would be told an empty reason.
 */
export const hasVisibleText = (s: unknown): s is string => typeof s === 'string' && VISIBLE_CHARACTER.test(s);

/** The text trimmed of white space, or null when it shows nothing (a note of spaces is no note). */
export const visibleTextOrNull = (s: string | null | undefined): string | null => (hasVisibleText(s) ? s.trim() : null);
