/** A valid request body; override what the test is about. */
export function requestBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    date: '2026-12-03',
    part: 'full',
    location: 'home',
    tasks: [{ description: '資料作成 / drafting documents', networkTier: 'internet', confidentiality: 1 }],
    reason: 'focus work',
    ...over,
  };
}
