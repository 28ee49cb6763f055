import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: a route returned to the applicant used to leave the returning step 'open', and so did
 * a withdrawal (or the expiry of the request), so a requester saw the step still waiting
 * for its approver. The kessai-queue machine now marks the returning step 'done' (the return
 * is its decision) and a step left by a withdrawal 'closed'; this brings stored routes in
 * line, so that every route reads the same way. A withdrawn route whose step had returned the
 * request before (its decisions hold the return) keeps that step 'done'.
 */
export class RouteStepStatuses1764700000000 implements MigrationInterface {
  name = 'RouteStepStatuses1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE workflow_instances w
       SET snapshot = jsonb_set(w.snapshot, ARRAY['context', 'progress', w.snapshot #>> '{context,current}', 'status'],
         to_jsonb(CASE
           WHEN w.state = 'returned' OR EXISTS (
             SELECT 1 FROM jsonb_array_elements(${CURRENT}->'decisions') d WHERE d->>'verdict' = 'return')
           THEN 'done' ELSE 'closed' END))
       WHERE w.machine = 'kessai-queue' AND w.state IN ('returned', 'withdrawn') AND ${CURRENT}->>'status' = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE workflow_instances w
       SET snapshot = jsonb_set(w.snapshot, ARRAY['context', 'progress', w.snapshot #>> '{context,current}', 'status'],
         '"open"')
       WHERE w.machine = 'kessai-queue' AND w.state IN ('returned', 'withdrawn')
         AND ${CURRENT}->>'status' IN ('done', 'closed')`,
    );
  }
}

/** The progress entry of the route's current step. */
const CURRENT = `(w.snapshot->'context'->'progress'->((w.snapshot #>> '{context,current}')::int))`;
