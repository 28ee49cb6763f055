import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: a decision task's supervisor-decision machine kept its state twice, as a snapshot in
 * `workflow_instances` and as the task's row in `approval_tasks` (status, version, decider,
 * comment), and every decision locked, read and rewrote both. The machine's whole context is
 * columns of the task row, so the row becomes the instance: it gains the head of the task's
 * event log (`head_hash`), and the snapshots go. A bulk approval of 10,000 tasks so writes
 * 10,000 rows less, and no longer checks a foreign key from each task to its snapshot.
 *
 * The event log is untouched: a task's events keep its id and go on from its head.
 */
export class TaskRowIsItsMachine1764900000000 implements MigrationInterface {
  name = 'TaskRowIsItsMachine1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval_tasks DROP CONSTRAINT approval_tasks_id_fkey`);
    await q.query(`ALTER TABLE approval_tasks ADD COLUMN head_hash text`);
    // the machine is what the event log follows: its state and version are the task's from now on
    await q.query(
      `UPDATE approval_tasks t SET head_hash = w.head_hash, status = w.state, version = w.version,
         decided_by = coalesce(w.snapshot->'context'->>'decidedBy', t.decided_by),
         comment = coalesce(w.snapshot->'context'->>'comment', t.comment)
       FROM workflow_instances w WHERE w.id = t.id AND w.machine = 'supervisor-decision'`,
    );
    await refuseHeadless(q, 'approval_tasks', 'TaskRowIsItsMachine');
    await q.query(`ALTER TABLE approval_tasks ALTER COLUMN head_hash SET NOT NULL`);
    await q.query(`DELETE FROM workflow_instances WHERE machine = 'supervisor-decision'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // each task's snapshot again, as the runtime persisted it (persistedSnapshot)
    await q.query(
      `INSERT INTO workflow_instances (id, machine, machine_version, state, snapshot, version, head_hash, created_at, updated_at)
       SELECT t.id, 'supervisor-decision', 1, t.status,
              jsonb_build_object(
                'status', CASE WHEN t.status = 'pending' THEN 'active' ELSE 'done' END,
                'value', t.status, 'historyValue', '{}'::jsonb, 'children', '{}'::jsonb,
                'context', jsonb_build_object('requestId', t.request_id, 'requesterId', t.requester_id,
                  'assigneeId', t.assignee_id, 'kind', t.kind, 'decidedBy', t.decided_by, 'comment', t.comment)),
              t.version, t.head_hash, t.created_at, coalesce(t.decided_at, t.created_at)
       FROM approval_tasks t`,
    );
    await q.query(`ALTER TABLE approval_tasks DROP COLUMN head_hash`);
    await q.query(
      `ALTER TABLE approval_tasks ADD CONSTRAINT approval_tasks_id_fkey FOREIGN KEY (id) REFERENCES workflow_instances(id)`,
    );
  }
}

/**
 * Refuses, with the rows to look at, a table whose rows did not all find their machine's
 * snapshot (each was written with one: the foreign key to workflow_instances saw to that).
 */
export async function refuseHeadless(q: QueryRunner, table: string, migration: string): Promise<void> {
  const [{ n, some }] = (await q.query(
    `SELECT (SELECT count(*)::int FROM ${table} WHERE head_hash IS NULL) AS n,
            (SELECT string_agg(id::text, ', ') FROM (SELECT id FROM ${table} WHERE head_hash IS NULL
               ORDER BY id LIMIT 5) x) AS some`,
  )) as [{ n: number; some: string | null }];
  if (Number(n) > 0)
    throw new Error(
      `${migration}: ${n} row(s) of ${table} have no machine instance to take their state from ` +
        `(e.g. ${some}); repair them, then start again`,
    );
}
