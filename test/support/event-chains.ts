import type { Db } from '../../src/database/db.service';

/**
 * Instances whose event log is not whole: its entries must be numbered 1…version (the
 * runtime reads the head of a chain at seq = version) and each must carry the hash of the
 * one before. Empty when every chain is whole.
 */
export async function brokenChains(db: Db): Promise<{ id: string; problem: string }[]> {
  return db.query<{ id: string; problem: string }>(`
    SELECT w.id, 'entries ' || coalesce(x.n, 0) || ', last seq ' || coalesce(x.top, 0) || ', version ' || w.version AS problem
    FROM workflow_instances w
    LEFT JOIN LATERAL (SELECT count(*)::int AS n, max(seq) AS top FROM workflow_events e WHERE e.instance_id = w.id) x ON true
    WHERE x.n IS DISTINCT FROM w.version OR x.top IS DISTINCT FROM w.version
    UNION ALL
    SELECT e.instance_id, 'seq ' || e.seq || ' does not link to the entry before'
    FROM workflow_events e LEFT JOIN workflow_events p ON p.instance_id = e.instance_id AND p.seq = e.seq - 1
    WHERE e.prev_hash IS DISTINCT FROM p.hash
    ORDER BY 1, 2`);
}
