import { fieldProblems, invalidFields } from './field-problems';

/** The OpenAPI description of the If-Match header of a change that names the version it was made from. */
export const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The version you saw, e.g. "3"; a stale one → 409 VERSION_CONFLICT',
};

/**
 * If-Match: "3", W/"3" or 3 → 3; absent, empty or * → undefined. Versions start at 1 (as
 * `expectedVersion` does): "0", a quote left open ("3) or a number too large is no version.
 */
export function parseIfMatch(h: string | undefined): number | undefined {
  if (h === undefined || h.trim() === '' || h.trim() === '*') return undefined;
  const m = /^(?:W\/)?(?:"([1-9]\d{0,8})"|([1-9]\d{0,8}))$/.exec(h.trim());
  if (!m)
    throw invalidFields(
      fieldProblems('If-Match', {
        ja: 'If-Match には "3" のような版（version）を指定してください。',
        en: 'If-Match must be a version such as "3"',
      }),
    );
  return Number(m[1] ?? m[2]);
}

/**
 * The version a change was made from: the body's `expectedVersion` or the If-Match header. The
 * header is read (and a malformed one refused) even beside a body's version; the two must agree,
 * since a change made from two versions at once was made from a stale one.
 */
export function expectedVersion(body: number | undefined, ifMatch: string | undefined): number | undefined {
  const header = parseIfMatch(ifMatch);
  if (body !== undefined && header !== undefined && body !== header) {
    throw invalidFields(
      fieldProblems('If-Match', {
        ja: 'If-Match と expectedVersion の版が食い違っています。どちらか一方だけか、同じ版を指定してください。',
        en: 'If-Match and expectedVersion name different versions; send one of them, or the same version in both',
      }),
    );
  }
  return body ?? header;
}
