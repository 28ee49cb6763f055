import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why: the organisation, the workflow store (instances, event log, outbox) and the request projection. */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE departments (
        id text PRIMARY KEY,
        name_ja text NOT NULL,
        name_en text NOT NULL,
        head_id text,
        sort int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE sections (
        id text PRIMARY KEY,
        department_id text NOT NULL REFERENCES departments(id),
        name_ja text NOT NULL,
        name_en text NOT NULL,
        counter_service boolean NOT NULL,
        handles_my_number boolean NOT NULL,
        head_id text,
        headcount int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE staff (
        id text PRIMARY KEY,
        name_ja text NOT NULL,
        name_kana text NOT NULL,
        name_romaji text NOT NULL,
        department_id text NOT NULL REFERENCES departments(id),
        section_id text NOT NULL REFERENCES sections(id),
        grade text NOT NULL,
        employment_type text NOT NULL,
        roles text[] NOT NULL,
        flags text[] NOT NULL DEFAULT '{}',
        supervisor_id text REFERENCES staff(id),
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`CREATE INDEX staff_department_idx ON staff (department_id)`);
    await q.query(`CREATE INDEX staff_supervisor_idx ON staff (supervisor_id)`);
    await q.query(`
      CREATE TABLE devices (
        id text PRIMARY KEY,
        kind text NOT NULL,
        label text NOT NULL,
        holder_id text REFERENCES staff(id),
        remote_capable boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX devices_holder_idx ON devices (holder_id)`);
    await q.query(`
      CREATE TABLE satellite_offices (
        id text PRIMARY KEY,
        name_ja text NOT NULL,
        name_en text NOT NULL,
        seats int NOT NULL CHECK (seats >= 0)
      )`);
    await q.query(`
      CREATE TABLE workflow_instances (
        id uuid PRIMARY KEY,
        machine text NOT NULL,
        machine_version int NOT NULL,
        state text NOT NULL,
        snapshot jsonb NOT NULL,
        version int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE workflow_events (
        id bigserial PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        seq int NOT NULL,
        type text NOT NULL,
        actor_id text,
        from_state text,
        to_state text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL,
        prev_hash text,
        hash text NOT NULL,
        UNIQUE (instance_id, seq)
      )`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        aggregate_id uuid,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        delivered_at timestamptz,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (available_at) WHERE delivered_at IS NULL`);
    await q.query(`
      CREATE TABLE remote_work_requests (
        id uuid PRIMARY KEY REFERENCES workflow_instances(id),
        requester_id text NOT NULL REFERENCES staff(id),
        department_id text NOT NULL,
        section_id text NOT NULL,
        status text NOT NULL,
        date_from date NOT NULL,
        date_to date NOT NULL,
        part text NOT NULL,
        start_time text,
        end_time text,
        location text NOT NULL,
        satellite_office_id text REFERENCES satellite_offices(id),
        location_text text,
        tasks jsonb NOT NULL,
        device_id text REFERENCES devices(id),
        reason text,
        contact text,
        with_leave boolean NOT NULL DEFAULT false,
        urgent boolean NOT NULL DEFAULT false,
        outcome text,
        verdict jsonb,
        policy_version text,
        version int NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        submitted_at timestamptz,
        decided_at timestamptz,
        decided_by text,
        CHECK (date_from <= date_to)
      )`);
    await q.query(`CREATE INDEX rwr_requester_idx ON remote_work_requests (requester_id, date_from DESC, id)`);
    await q.query(`CREATE INDEX rwr_department_day_idx ON remote_work_requests (department_id, date_from, date_to)`);
    await q.query(`CREATE INDEX rwr_status_idx ON remote_work_requests (status, date_to)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'remote_work_requests',
      'outbox',
      'workflow_events',
      'workflow_instances',
      'satellite_offices',
      'devices',
      'staff',
      'sections',
      'departments',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
