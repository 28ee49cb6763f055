import { hash } from 'node:crypto';

/**
 * How an event's hash says it can be computed again from its stored row: `v2:` and the hex digest.
 * The payload is hashed canonical (`canonical`: keys sorted at every depth), so the hash comes out
 * the same whatever order the database gives the keys back in. An entry without it was written
 * before this could be: its payload was hashed in the order its keys were added, which `jsonb` does
 * not keep, so only its links to the entries before and after can be checked. The mark is part of
 * the hash text, which the next entry's `prev_hash` (and so its own hash) and the instance's
 * `head_hash` carry: it cannot be taken off one entry without breaking those.
 */
export const RECOMPUTABLE = 'v2:';

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

/** The hash of an event (`RECOMPUTABLE`), chained to the hash of the entry before it (null for the first). */
export function eventHash(prevHash: string | null, e: HashedEvent): string {
  const digest = hash(
    'sha256',
    JSON.stringify([prevHash, e.instance_id, e.seq, e.type, e.actor_id, e.from_state, e.to_state, e.payload, e.at]),
    'hex',
  );
  return RECOMPUTABLE + digest;
}

/** Whether a stored hash can be computed again from its row (see RECOMPUTABLE). */
export const isRecomputable = (stored: string): boolean => stored.startsWith(RECOMPUTABLE);

/**
 * The same JSON value with every object's keys in sorted order (by UTF-16 code units, as RFC 8785
 * orders them; JavaScript itself puts integer-like keys first, the same way each time); arrays keep
 * their order. `JSON.stringify` of it is one string for all the ways a store may order the keys.
 * Values that are no JSON (undefined in an object) are left out, as `JSON.stringify` leaves them out.
 */
export function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return canonical(toJSON.call(value)); // a Date: its ISO string
  if (Array.isArray(value)) return value.map(canonical);
  const source = value as Record<string, unknown>;
  // (no prototype: a key named __proto__, which JSON.parse makes an own key, stays one)
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(source).sort()) if (source[k] !== undefined) out[k] = canonical(source[k]);
  return out;
}
