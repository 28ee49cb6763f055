import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from 'pg';

/**
 * SQL of the entries in pg_locks of this database's advisory lock on `key` (as the app takes it:
 * `pg_advisory_*lock(hashtext(key))`), granted or waited for; `select` says what to read of them
 * (`l.pid`, `count(*)`, …).
 */
export function advisoryLockEntries(key: string, granted: boolean, select: string): string {
  const k = key.replace(/'/g, "''");
  return `SELECT ${select} FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.granted = ${granted}
            AND l.objid = (hashtext('${k}')::bigint & 4294967295)::oid`;
}

/**
 * Whether a call waits for this database's advisory lock on `key`, held by the open transaction of
 * `holder`: looks in pg_locks (for up to five seconds) until a waiter shows, or the call has
 * `answered()` (it did not wait, or no longer does).
 */
export async function waitsForAdvisoryLock(holder: Client, key: string, answered: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !answered(); i++) {
    const [row] = (await holder.query(advisoryLockEntries(key, false, 'count(*)::int AS n'))).rows as { n: number }[];
    if (row!.n > 0) return true;
    await delay(50);
  }
  return false;
}
