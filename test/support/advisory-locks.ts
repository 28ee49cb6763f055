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
