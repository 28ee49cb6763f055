import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be uuids can be answered "not found" without asking the database. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/**
 * Opaque keyset cursor: the sort value and id of the last row of a page, and which order
 * (`kind`) it pages through, so that a cursor of one order is refused by another.
 */
export function encodeCursor(kind: string, value: string, id: string): string {
  return Buffer.from(JSON.stringify([kind, value, id])).toString('base64url');
}

/**
 * The cursor's value and id, or null when it is not one of ours for this order or its value
 * is not what the order sorts by (`valid`): a tampered cursor is a 400, never a database error.
 */
export function decodeCursor(
  s: string,
  kind: string,
  valid: (value: string) => boolean,
): { value: string; id: string } | null {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString()) as unknown;
    if (
      Array.isArray(c) &&
      c.length === 3 &&
      c[0] === kind &&
      typeof c[1] === 'string' &&
      typeof c[2] === 'string' &&
      isUuid(c[2]) &&
      valid(c[1])
    ) {
      return { value: c[1], id: c[2] };
    }
  } catch {
    // not a cursor of ours
  }
  return null;
}

/**
 * Path values that are uuids, as PostgreSQL writes them (lower case), for every route: an id sent
 * in upper case names the same row, and code that compares ids in memory must see the form the
 * database returns. Installed as a global pipe (bootstrap).
 */
export class CanonicalIdPipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' && typeof value === 'string' && isUuid(value) ? value.toLowerCase() : value;
  }
}
