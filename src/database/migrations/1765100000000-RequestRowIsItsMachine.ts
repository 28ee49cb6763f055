import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refuseHeadless } from './1764900000000-TaskRowIsItsMachine';

/**
 * Why: as with decision tasks (TaskRowIsItsMachine), a request's remote-work-request machine
 * kept its state twice, as a snapshot in `workflow_instances` and as the request's row
 * (status, version), and every step locked and rewrote both. Its context is columns of the
 * row (requester, `date_to` as the last day, `outcome` at the last submission) but for the
 * count of submissions, which the row gains, with the head of the request's event log. The
 * snapshots go; the event log is untouched (a request's events keep its id).
 */
export class RequestRowIsItsMachine1765100000000 implements MigrationInterface {
  name = 'RequestRowIsItsMachine1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remote_work_requests DROP CONSTRAINT remote_work_requests_id_fkey`);
    await q.query(`ALTER TABLE remote_work_requests ADD COLUMN head_hash text`);
    await q.query(`ALTER TABLE remote_work_requests ADD COLUMN submissions int NOT NULL DEFAULT 0`);
    // the machine is what the event log follows: its state is the request's from now on
    await q.query(
      `UPDATE remote_work_requests r SET head_hash = w.head_hash, status = w.state, version = w.version,
         outcome = coalesce(w.snapshot->'context'->>'outcome', r.outcome),
         submissions = coalesce((w.snapshot->'context'->>'submissions')::int, 0)
       FROM workflow_instances w WHERE w.id = r.id AND w.machine = 'remote-work-request'`,
    );
    await refuseHeadless(q, 'remote_work_requests', 'RequestRowIsItsMachine');
    await q.query(`ALTER TABLE remote_work_requests ALTER COLUMN head_hash SET NOT NULL`);
    await q.query(`DELETE FROM workflow_instances WHERE machine = 'remote-work-request'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // each request's snapshot again, as the runtime persisted it (persistedSnapshot)
    await q.query(
      `INSERT INTO workflow_instances (id, machine, machine_version, state, snapshot, version, head_hash, created_at, updated_at)
       SELECT r.id, 'remote-work-request', 1, r.status,
              jsonb_build_object(
                'status', CASE WHEN r.status IN ('rejected', 'withdrawn', 'cancelled', 'expired') THEN 'done' ELSE 'active' END,
                'value', r.status, 'historyValue', '{}'::jsonb, 'children', '{}'::jsonb,
                'context', jsonb_build_object('requesterId', r.requester_id, 'lastDate', r.date_to::text,
                  'outcome', r.outcome,
                  'route', CASE WHEN r.outcome IS NULL THEN NULL WHEN r.outcome = 'needs_exception' THEN 'exception'
                                ELSE 'standard' END,
                  'submissions', r.submissions)),
              r.version, r.head_hash, r.created_at, r.updated_at
       FROM remote_work_requests r`,
    );
    await q.query(`ALTER TABLE remote_work_requests DROP COLUMN submissions`);
    await q.query(`ALTER TABLE remote_work_requests DROP COLUMN head_hash`);
    await q.query(
      `ALTER TABLE remote_work_requests ADD CONSTRAINT remote_work_requests_id_fkey
       FOREIGN KEY (id) REFERENCES workflow_instances(id)`,
    );
  }
}
