import type { Db } from '../../src/database/db.service';

/**
 * Instances whose event log is not whole: its entries must be numbered 1…version, each must
 * carry the hash of the one before, and the instance's head_hash (where the runtime goes on
 * with the chain) must be the hash of the last; and events of no instance (the log has no
 * foreign key: the runtime writes events only for instances it holds). Empty when every
 * chain is whole.
 */
export async function brokenChains(db: Db): Promise<{ id: string; problem: string }[]> {
  // a decision task's row and a request's row are their machines' instances (TaskRowIsItsMachine,
  // RequestRowIsItsMachine)
  return db.query<{ id: string; problem: string }>(`
    WITH instances AS (
      SELECT id, version, head_hash FROM workflow_instances
      UNION ALL SELECT id, version, head_hash FROM approval_tasks
      UNION ALL SELECT id, version, head_hash FROM remote_work_requests
    )
    SELECT w.id, 'entries ' || coalesce(x.n, 0) || ', last seq ' || coalesce(x.top, 0) || ', version ' || w.version AS problem
    FROM instances w
    LEFT JOIN LATERAL (SELECT count(*)::int AS n, max(seq) AS top FROM workflow_events e WHERE e.instance_id = w.id) x ON true
    WHERE x.n IS DISTINCT FROM w.version OR x.top IS DISTINCT FROM w.version
    UNION ALL
    SELECT e.instance_id, 'seq ' || e.seq || ' does not link to the entry before'
    FROM workflow_events e LEFT JOIN workflow_events p ON p.instance_id = e.instance_id AND p.seq = e.seq - 1
    WHERE e.prev_hash IS DISTINCT FROM p.hash
    UNION ALL
    SELECT w.id, 'head_hash is not the hash of seq ' || w.version
    FROM instances w LEFT JOIN workflow_events e ON e.instance_id = w.id AND e.seq = w.version
    WHERE e.hash IS DISTINCT FROM w.head_hash
    UNION ALL
    SELECT e.instance_id, 'event seq ' || e.seq || ' of no instance'
    FROM workflow_events e WHERE NOT EXISTS (SELECT 1 FROM instances w WHERE w.id = e.instance_id)
    ORDER BY 1, 2`);
}
