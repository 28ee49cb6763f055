import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: approval routes that know who is away. Absences and deputies (代決者) decide where a
 * task goes; durable timers (not in-memory delays) drive reminders and escalation and must
 * survive restarts and fire once across processes; each task carries its route, step and
 * deadline so backlogs are read from the task projection.
 */
export class Kessai1764400000000 implements MigrationInterface {
  name = 'Kessai1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE absences (
        id uuid PRIMARY KEY,
        staff_id text NOT NULL REFERENCES staff(id),
        date_from date NOT NULL,
        date_to date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('leave', 'trip', 'telework', 'other')),
        can_act_remotely boolean NOT NULL DEFAULT false,
        source text NOT NULL DEFAULT 'manual',
        request_id uuid REFERENCES remote_work_requests(id),
        created_by text,
        created_at timestamptz NOT NULL,
        CHECK (date_from <= date_to)
      )`);
    await q.query(`CREATE INDEX absences_staff_idx ON absences (staff_id, date_to, date_from)`);
    await q.query(`CREATE UNIQUE INDEX absences_request_day_idx ON absences (request_id) WHERE request_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE delegations (
        id uuid PRIMARY KEY,
        approver_id text NOT NULL REFERENCES staff(id),
        deputy_id text NOT NULL REFERENCES staff(id),
        rank int NOT NULL,
        date_from date,
        date_to date,
        classes text[],
        created_by text,
        created_at timestamptz NOT NULL,
        CHECK (approver_id <> deputy_id)
      )`);
    await q.query(`CREATE INDEX delegations_approver_idx ON delegations (approver_id, rank)`);
    await q.query(`
      CREATE TABLE timers (
        id bigserial PRIMARY KEY,
        instance_id uuid NOT NULL,
        machine text NOT NULL,
        kind text NOT NULL,
        step int,
        due_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        fired_at timestamptz,
        cancelled_at timestamptz
      )`);
    await q.query(`CREATE INDEX timers_due_idx ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL`);
    await q.query(`CREATE INDEX timers_instance_idx ON timers (instance_id, step)`);
    await q.query(`ALTER TABLE remote_work_requests ADD COLUMN kessai_id uuid`);
    await q.query(`
      ALTER TABLE approval_tasks
        ADD COLUMN kessai_id uuid,
        ADD COLUMN step_id text,
        ADD COLUMN due_at timestamptz,
        ADD COLUMN returns_to text REFERENCES staff(id),
        ADD COLUMN routing_note jsonb`);
    await q.query(`CREATE INDEX approval_tasks_kessai_idx ON approval_tasks (kessai_id, step, status)`);
    await q.query(`CREATE INDEX approval_tasks_backlog_idx ON approval_tasks (status, assignee_id, due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS approval_tasks_backlog_idx`);
    await q.query(`DROP INDEX IF EXISTS approval_tasks_kessai_idx`);
    await q.query(
      `ALTER TABLE approval_tasks DROP COLUMN kessai_id, DROP COLUMN step_id, DROP COLUMN due_at, DROP COLUMN returns_to, DROP COLUMN routing_note`,
    );
    await q.query(`ALTER TABLE remote_work_requests DROP COLUMN kessai_id`);
    await q.query(`DROP TABLE IF EXISTS timers`);
    await q.query(`DROP TABLE IF EXISTS delegations`);
    await q.query(`DROP TABLE IF EXISTS absences`);
  }
}
