import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: every read of the task projection by assignee, route step or deadline asks for pending
 * tasks only (inbox, backlog, closing a step's tasks), while decided tasks pile up for ever.
 * Partial indexes hold just the pending ones: they stay small as history grows, and deciding
 * a task no longer writes an entry into each of them (a bulk approval of 10,000 tasks wrote
 * 40,000 index entries nobody reads).
 */
export class PendingTaskIndexes1764500000000 implements MigrationInterface {
  name = 'PendingTaskIndexes1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await this.replace(q, {
      approval_tasks_inbox_idx: `(assignee_id, created_at, id) WHERE status = 'pending'`,
      approval_tasks_inbox_workdate_idx: `(assignee_id, work_from, id) WHERE status = 'pending'`,
      approval_tasks_kessai_idx: `(kessai_id, step) WHERE status = 'pending'`,
      approval_tasks_backlog_idx: `(assignee_id, due_at) WHERE status = 'pending'`,
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await this.replace(q, {
      approval_tasks_inbox_idx: `(assignee_id, status, created_at, id)`,
      approval_tasks_inbox_workdate_idx: `(assignee_id, status, work_from, id)`,
      approval_tasks_kessai_idx: `(kessai_id, step, status)`,
      approval_tasks_backlog_idx: `(status, assignee_id, due_at)`,
    });
  }

  private async replace(q: QueryRunner, indexes: Record<string, string>): Promise<void> {
    for (const [name, definition] of Object.entries(indexes)) {
      await q.query(`DROP INDEX ${name}`);
      await q.query(`CREATE INDEX ${name} ON approval_tasks ${definition}`);
    }
  }
}
