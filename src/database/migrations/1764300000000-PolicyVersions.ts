import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: every verdict cites the policy version it used, so versions live in the database
 * (admins activate new ones; a bad file never replaces the active one), and policy facts
 * (days per week, attendance per department-day, device and seat use) are counted from a
 * per-day projection of submitted requests instead of expanding date ranges at query time.
 */
export class PolicyVersions1764300000000 implements MigrationInterface {
  name = 'PolicyVersions1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_versions (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        version int NOT NULL,
        hash text NOT NULL,
        content text NOT NULL,
        activated_at timestamptz NOT NULL,
        activated_by text NOT NULL,
        comment text,
        UNIQUE (name, version)
      )`);
    await q.query(`
      CREATE TABLE request_days (
        request_id uuid NOT NULL REFERENCES remote_work_requests(id),
        work_date date NOT NULL,
        part text NOT NULL,
        requester_id text NOT NULL,
        department_id text NOT NULL,
        section_id text NOT NULL,
        pool_device_id text,
        satellite_office_id text,
        PRIMARY KEY (request_id, work_date)
      )`);
    await q.query(`CREATE INDEX request_days_requester_idx ON request_days (requester_id, work_date)`);
    await q.query(`CREATE INDEX request_days_department_idx ON request_days (department_id, work_date)`);
    await q.query(`CREATE INDEX request_days_date_idx ON request_days (work_date)`);
    await q.query(`ALTER TABLE remote_work_requests ADD COLUMN work_days int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remote_work_requests DROP COLUMN work_days`);
    await q.query(`DROP TABLE IF EXISTS request_days`);
    await q.query(`DROP TABLE IF EXISTS policy_versions`);
  }
}
