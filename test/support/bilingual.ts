/** Hiragana, katakana or kanji: a message people read in Japanese. */
export const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** A message people can read: both languages, the Japanese one in Japanese, the English one not. */
export function expectBilingual(message: { ja?: string; en?: string } | undefined): void {
  expect(message?.ja).toMatch(JAPANESE);
  expect(message?.en?.trim()).toBeTruthy();
  expect(message?.en).not.toMatch(JAPANESE);
}
