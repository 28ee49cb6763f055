import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: a request's machine kept the last working day it was created with, and an edit that
 * moved the dates did not tell it (the `request.edit` event now carries `lastDate`). The
 * expiry sweep picks requests by their row's `date_to`, so a draft moved earlier was picked
 * on every run and refused by its machine (its last day had "not passed"), and an approved
 * request moved later could not be cancelled on its new days. This repairs the snapshots of
 * requests edited before: their last day becomes the row's. The event log is left as it is
 * (what happened is unchanged; the snapshot is what the machine goes on from).
 *
 * Down leaves the snapshots repaired: the old value was wrong, and the code of any version
 * reads the right one without harm.
 */
export class RequestLastDateFollowsEdits1765000000000 implements MigrationInterface {
  name = 'RequestLastDateFollowsEdits1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE workflow_instances w
       SET snapshot = jsonb_set(w.snapshot, '{context,lastDate}', to_jsonb(r.date_to::text))
       FROM remote_work_requests r
       WHERE r.id = w.id AND w.machine = 'remote-work-request' AND w.snapshot ? 'context'
         AND w.snapshot->'context'->>'lastDate' IS DISTINCT FROM r.date_to::text`,
    );
  }

  async down(): Promise<void> {
    // nothing to undo: see above
  }
}
