import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: DOMAIN — "an approved registration can turn each later day into a simple notification
 * while all rules pass". Staff who telework regularly register once (a period, the places); their
 * supervisor approves the registration, and each day they file within it afterwards is approved
 * on filing (届出) when the policy allows it, instead of waiting in the supervisor's box.
 */
export class TeleworkRegistrations1765400000000 implements MigrationInterface {
  name = 'TeleworkRegistrations1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telework_registrations (
        id uuid NOT NULL,
        staff_id text NOT NULL,
        approver_id text NOT NULL,
        date_from date NOT NULL,
        date_to date NOT NULL,
        locations text[] NOT NULL,
        note text,
        status text NOT NULL,
        version int NOT NULL DEFAULT 1,
        decided_by text,
        decided_at timestamptz,
        comment text,
        ended_by text,
        ended_at timestamptz,
        end_comment text,
        created_at timestamptz NOT NULL,
        CONSTRAINT telework_registrations_pkey PRIMARY KEY (id),
        CONSTRAINT telework_registrations_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES staff(id),
        CONSTRAINT telework_registrations_approver_id_fkey FOREIGN KEY (approver_id) REFERENCES staff(id),
        CONSTRAINT telework_registrations_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES staff(id),
        CONSTRAINT telework_registrations_ended_by_fkey FOREIGN KEY (ended_by) REFERENCES staff(id),
        CONSTRAINT telework_registrations_period_check CHECK (date_from <= date_to),
        CONSTRAINT telework_registrations_status_check
          CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn', 'revoked'))
      )`);
    await q.query(`CREATE INDEX telework_registrations_staff_idx ON telework_registrations (staff_id, date_to)`);
    await q.query(
      `CREATE INDEX telework_registrations_approver_idx ON telework_registrations (approver_id) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telework_registrations`);
  }
}
