import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: the outbox was written and never delivered, so a requester learned of a decision only
 * by looking. The relay (src/notifications) now delivers it into this table, one row per
 * outbox row and recipient, which the requester's and approvers' pages read.
 */
export class Notifications1764800000000 implements MigrationInterface {
  name = 'Notifications1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        recipient_id text NOT NULL,
        outbox_id bigint NOT NULL,
        kind text NOT NULL,
        request_id uuid,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        CONSTRAINT notifications_outbox_recipient_key UNIQUE (outbox_id, recipient_id),
        CONSTRAINT notifications_recipient_id_fkey FOREIGN KEY (recipient_id) REFERENCES staff(id),
        CONSTRAINT notifications_request_id_fkey FOREIGN KEY (request_id) REFERENCES remote_work_requests(id)
      )`);
    await q.query(`CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, id)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (recipient_id) WHERE read_at IS NULL`);
    // what the outbox holds from before the relay is history, not news: nobody is told of it now
    await q.query(`UPDATE outbox SET delivered_at = now() WHERE delivered_at IS NULL`);
  }

  /** The rows delivered by `up` or by the relay stay delivered: nothing reads the outbox without it. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
