import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: a bulk approval of 10,000 tasks writes 30,000 events and rewrites 30,000 instances
 * (the task's, the route's and the request's machine), and most of the server's time went
 * into bookkeeping around those rows, not into the rows themselves:
 * - every event row ran a foreign-key trigger that looked its instance up again, although the
 *   runtime writes events only for instances it has just created or holds locked (~12% of the
 *   server's time in that call);
 * - every event row drew a number from a sequence and filled a second unique index, for a
 *   surrogate `id` nothing reads: an instance's events are addressed and ordered by
 *   (instance_id, seq), which becomes the primary key;
 * - each step looked up the head of the instance's hash chain with an index probe into the
 *   events; the instance now carries it (`head_hash`, the hash of its event seq = version);
 * - instances are updated in place on every step: pages kept 30% free (fillfactor 70) let
 *   the new row version stay on its page (a HOT update), with no new primary-key entry. This
 *   applies to pages written from now on; existing full pages stay as they are.
 */
export class LeanEventLog1764600000000 implements MigrationInterface {
  name = 'LeanEventLog1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_events DROP CONSTRAINT workflow_events_instance_id_fkey`);
    await q.query(`ALTER TABLE workflow_events DROP CONSTRAINT workflow_events_pkey`);
    await q.query(`ALTER TABLE workflow_events DROP COLUMN id`);
    await q.query(`ALTER TABLE workflow_events DROP CONSTRAINT workflow_events_instance_id_seq_key`);
    await q.query(`ALTER TABLE workflow_events ADD CONSTRAINT workflow_events_pkey PRIMARY KEY (instance_id, seq)`);
    await q.query(`ALTER TABLE workflow_instances ADD COLUMN head_hash text`);
    await q.query(
      `UPDATE workflow_instances w SET head_hash = e.hash FROM workflow_events e
       WHERE e.instance_id = w.id AND e.seq = w.version`,
    );
    // the runtime writes an instance and its first event together, and steps version and seq
    // together: an instance without an event at seq = version was written by something else
    const [{ n, some }] = (await q.query(
      `SELECT (SELECT count(*)::int FROM workflow_instances WHERE head_hash IS NULL) AS n,
              (SELECT string_agg(id::text, ', ') FROM (SELECT id FROM workflow_instances WHERE head_hash IS NULL
                 ORDER BY id LIMIT 5) x) AS some`,
    )) as [{ n: number; some: string | null }];
    if (Number(n) > 0)
      throw new Error(
        `LeanEventLog: ${n} workflow instance(s) have no event at seq = version, so their chain has no head ` +
          `(e.g. ${some}); repair their event log, then start again`,
      );
    await q.query(`ALTER TABLE workflow_instances ALTER COLUMN head_hash SET NOT NULL`);
    await q.query(`ALTER TABLE workflow_instances SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_instances RESET (fillfactor)`);
    await q.query(`ALTER TABLE workflow_instances DROP COLUMN head_hash`);
    await q.query(`ALTER TABLE workflow_events DROP CONSTRAINT workflow_events_pkey`);
    await q.query(
      `ALTER TABLE workflow_events ADD CONSTRAINT workflow_events_instance_id_seq_key UNIQUE (instance_id, seq)`,
    );
    await q.query(`ALTER TABLE workflow_events ADD COLUMN id bigserial PRIMARY KEY`);
    await q.query(
      `ALTER TABLE workflow_events ADD CONSTRAINT workflow_events_instance_id_fkey
       FOREIGN KEY (instance_id) REFERENCES workflow_instances(id)`,
    );
  }
}
