import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';

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
 * Runs `call` while another connection holds the advisory lock on `key` in an open transaction
 * (as an admin's activation of a policy file holds 'teleflow:policy'), then lets go: whether the
 * call waited for that lock (seen in pg_locks, for up to five seconds) without answering, and its
 * answer once the lock was let go.
 */
export async function heldBackBy<T>(
  databaseUrl: string,
  key: string,
  call: () => Promise<T>,
): Promise<{ waited: boolean; result: T }> {
  const holder = new Client({ connectionString: databaseUrl });
  await holder.connect();
  try {
    await holder.query(`BEGIN`);
    await holder.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
    let answered = false;
    const pending = Promise.resolve(call()).finally(() => (answered = true)); // (a thenable, as supertest gives, too)
    let waited = false;
    for (let i = 0; i < 100 && !answered && !waited; i++) {
      const [row] = (await holder.query(advisoryLockEntries(key, false, 'count(*)::int AS n'))).rows as {
        n: number;
      }[];
      waited = row!.n > 0;
      if (!waited) await delay(50);
    }
    waited &&= !answered;
    await holder.query(`COMMIT`);
    return { waited, result: await pending };
  } finally {
    await holder.end();
  }
}
