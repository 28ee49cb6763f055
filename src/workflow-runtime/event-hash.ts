import { hash } from 'node:crypto';

/**
 * How an event's hash was computed (`workflow_events.hash_format`):
 * 1. before migration RecomputableEventHashes: the payload as the runtime built it, keys in the order
 *    they were added. `jsonb` keeps no key order, so such a hash cannot be computed again from the
 *    stored row: only its links to the entries before and after can be checked.
 * 2. the payload canonical (`canonical`: keys sorted at every depth), so that the hash can be
 *    computed again from the stored row, whatever order the database gives its keys back in.
 */
export const HASH_FORMAT = 2;

/** What an event's hash covers, besides the hash of the entry before it. */
export interface HashedEvent {
  instance_id: string;
  seq: number;
  type: string;
  actor_id: string | null;
  from_state: string | null;
  to_state: string;
  /** Canonical (see `canonical`): the runtime builds it so; a reader makes it so. */
  payload: unknown;
  /** ISO 8601 with milliseconds, as `Date.prototype.toISOString` gives it. */
  at: string;
}

/** The hash of an event (format 2), chained to the hash of the entry before it (null for the first). */
export function eventHash(prevHash: string | null, e: HashedEvent): string {
  return hash(
    'sha256',
    JSON.stringify([prevHash, e.instance_id, e.seq, e.type, e.actor_id, e.from_state, e.to_state, e.payload, e.at]),
    'hex',
  );
}

/**
 * The same JSON value with every object's keys in sorted order (by UTF-16 code units, as RFC 8785
 * orders them; JavaScript itself puts integer-like keys first, the same way each time); arrays keep
 * their order. `JSON.stringify` of it is one string for all the ways a store may order the keys. Values that are no JSON (undefined in an object) are left out, as
 * `JSON.stringify` leaves them out.
 */
export function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return canonical(toJSON.call(value)); // a Date: its ISO string
  if (Array.isArray(value)) return value.map(canonical);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(source).sort()) if (source[k] !== undefined) out[k] = canonical(source[k]);
  return out;
}
