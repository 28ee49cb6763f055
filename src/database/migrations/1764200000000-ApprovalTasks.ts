import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why: supervisors' inboxes read an indexed task projection, never workflow snapshots. */
export class ApprovalTasks1764200000000 implements MigrationInterface {
  name = 'ApprovalTasks1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE approval_tasks (
        id uuid PRIMARY KEY REFERENCES workflow_instances(id),
        request_id uuid NOT NULL REFERENCES remote_work_requests(id),
        kind text NOT NULL,
        step int NOT NULL DEFAULT 1,
        assignee_id text NOT NULL REFERENCES staff(id),
        on_behalf_of text REFERENCES staff(id),
        status text NOT NULL,
        requester_id text NOT NULL REFERENCES staff(id),
        department_id text NOT NULL,
        outcome text,
        flags text[] NOT NULL DEFAULT '{}',
        work_from date NOT NULL,
        work_to date NOT NULL,
        version int NOT NULL,
        created_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by text,
        comment text
      )`);
    // Inbox: pending tasks of one assignee, oldest first or by work date (keyset paging).
    await q.query(`CREATE INDEX approval_tasks_inbox_idx ON approval_tasks (assignee_id, status, created_at, id)`);
    await q.query(
      `CREATE INDEX approval_tasks_inbox_workdate_idx ON approval_tasks (assignee_id, status, work_from, id)`,
    );
    await q.query(`CREATE INDEX approval_tasks_request_idx ON approval_tasks (request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS approval_tasks`);
  }
}
