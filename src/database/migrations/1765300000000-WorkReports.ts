import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: the regulations ask teleworkers to report to their supervisor when they start and end
 * work (始業・終業報告); supervisors phoned or chatted to find out. One row per person and working
 * day, for a day an approved request covers.
 */
export class WorkReports1765300000000 implements MigrationInterface {
  name = 'WorkReports1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE work_reports (
        staff_id text NOT NULL,
        work_date date NOT NULL,
        request_id uuid NOT NULL,
        started_at timestamptz NOT NULL,
        start_note text,
        ended_at timestamptz,
        end_note text,
        CONSTRAINT work_reports_pkey PRIMARY KEY (staff_id, work_date),
        CONSTRAINT work_reports_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES staff(id),
        CONSTRAINT work_reports_request_id_fkey FOREIGN KEY (request_id) REFERENCES remote_work_requests(id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE work_reports`);
  }
}
