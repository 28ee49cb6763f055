import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: the timers due at once fire in one transaction, so one that fails (an effect that throws)
 * held back every other reminder, escalation, absence start and end, and the expiry after them, on
 * every run. A batch that fails now fires its timers one by one; one that fails alone keeps its
 * error and waits 2^attempts seconds (at most ~8.5 minutes) before the next try.
 */
export class TimerRetries1765800000000 implements MigrationInterface {
  name = 'TimerRetries1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE timers ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN last_error text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE timers DROP COLUMN last_error, DROP COLUMN attempts`);
  }
}
