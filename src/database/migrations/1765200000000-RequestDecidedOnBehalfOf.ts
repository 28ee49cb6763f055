import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: a request approved by a deputy (代決) recorded only who approved it, so its applicant's
 * notice and the request itself said the deputy approved, as if in their own right. The row now
 * also records whom the decider approved for. Requests approved before are filled in from their
 * route: the route's last approval, when it was made on someone's behalf by the recorded decider.
 */
export class RequestDecidedOnBehalfOf1765200000000 implements MigrationInterface {
  name = 'RequestDecidedOnBehalfOf1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remote_work_requests ADD COLUMN decided_on_behalf_of text`);
    await q.query(
      `UPDATE remote_work_requests r SET decided_on_behalf_of = last.on_behalf_of
       FROM workflow_instances w
       CROSS JOIN LATERAL (
         SELECT d->>'by' AS by, d->>'onBehalfOf' AS on_behalf_of
         FROM jsonb_array_elements(w.snapshot->'context'->'progress') WITH ORDINALITY AS p(progress, i),
              jsonb_array_elements(p.progress->'decisions') WITH ORDINALITY AS x(d, j)
         WHERE d->>'verdict' = 'approve'
         ORDER BY p.i DESC, x.j DESC
         LIMIT 1
       ) last
       WHERE w.id = r.kessai_id AND w.state = 'approved' AND r.decided_at IS NOT NULL
         AND last.by = r.decided_by AND last.on_behalf_of IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remote_work_requests DROP COLUMN decided_on_behalf_of`);
  }
}
