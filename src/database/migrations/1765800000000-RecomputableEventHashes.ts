import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: the event log is hash-chained so that a changed or removed entry shows, but an entry's hash
 * covered its payload as the runtime built it, keys in the order they were added, and `jsonb` keeps
 * no key order: nobody could compute a stored entry's hash again, so a payload changed in the
 * database went unseen. The runtime now hashes the payload canonical (keys sorted at every depth:
 * src/workflow-runtime/event-hash.ts), and each entry says how its hash was made: 1 for those
 * written before (only their links to the entries before and after can be checked), 2 from now
 * on. Only the runtime writes 2; a row written by anything else (a fixture, a hand) stays 1.
 */
export class RecomputableEventHashes1765800000000 implements MigrationInterface {
  name = 'RecomputableEventHashes1765800000000';

  async up(q: QueryRunner): Promise<void> {
    // (a constant default: no table rewrite, whatever the log's size)
    await q.query(`ALTER TABLE workflow_events ADD COLUMN hash_format smallint NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_events DROP COLUMN hash_format`);
  }
}
