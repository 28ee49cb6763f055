import type { Db } from '../../src/database/db.service';

/** Row counts and version sums of every table a write touches: equal before/after = nothing written. */
export async function dbFingerprint(db: Db): Promise<Record<string, number>> {
  const [r] = await db.query<Record<string, string | number>>(`
    SELECT (SELECT count(*) FROM workflow_instances) AS instances,
           (SELECT coalesce(sum(version), 0) FROM workflow_instances) AS instance_versions,
           (SELECT count(*) FROM approval_tasks) AS tasks,
           (SELECT coalesce(sum(version), 0) FROM approval_tasks) AS task_versions,
           (SELECT count(*) FROM workflow_events) AS events,
           (SELECT count(*) FROM outbox) AS outbox,
           (SELECT count(*) FROM remote_work_requests) AS requests,
           (SELECT coalesce(sum(version), 0) FROM remote_work_requests) AS request_versions,
           (SELECT count(*) FROM staff) AS staff`);
  return Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, Number(v)]));
}
