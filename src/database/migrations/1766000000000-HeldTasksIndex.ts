import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: the pending items a deputy holds in an approver's place (代決) are found by the approver
 * (`on_behalf_of`): an approver's box page now says who holds how many of theirs, and removing a
 * delegation re-places what was held through it. Without an index both read every task ever made.
 */
export class HeldTasksIndex1766000000000 implements MigrationInterface {
  name = 'HeldTasksIndex1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "approval_tasks_held_idx" ON "approval_tasks" ("on_behalf_of") WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "approval_tasks_held_idx"`);
  }
}
