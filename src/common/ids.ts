const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be uuids can be answered "not found" without asking the database. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** Opaque keyset cursor: the sort value and id of the last row of a page. */
export function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(s: string): { value: string; id: string } | null {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString()) as unknown;
    if (Array.isArray(c) && typeof c[0] === 'string' && typeof c[1] === 'string' && isUuid(c[1])) {
      return { value: c[0], id: c[1] };
    }
  } catch {
    // not a cursor of ours
  }
  return null;
}
