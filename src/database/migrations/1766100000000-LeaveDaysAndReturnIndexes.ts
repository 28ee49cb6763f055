import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: attendance now counts staff on leave or a trip, so every submission, approval re-check,
 * simulation and outlook reads the absences of some days, by day and not by person; and what a
 * deputy holds for an approver is given back by `returns_to` when the approver is present again.
 * Without these indexes each of those reads the whole table.
 */
export class LeaveDaysAndReturnIndexes1766100000000 implements MigrationInterface {
  name = 'LeaveDaysAndReturnIndexes1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "absences_away_days_idx" ON "absences" ("date_to", "date_from") WHERE kind = ANY (ARRAY['leave', 'trip'])`,
    );
    await q.query(
      `CREATE INDEX "approval_tasks_returns_idx" ON "approval_tasks" ("returns_to") WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "approval_tasks_returns_idx"`);
    await q.query(`DROP INDEX "absences_away_days_idx"`);
  }
}
