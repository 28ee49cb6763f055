import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: a deputy decides (代決) only while named. A delegation with a last day now carries a timer for
 * the midnight after it (Japan), when the 代決 items its deputy still holds for the approver through
 * it are placed again (on to a deputy still named, else back to the approver). Delegations written
 * before that get theirs here, those already over included: their timer is due at once.
 */
export class DelegationEndTimers1765900000000 implements MigrationInterface {
  name = 'DelegationEndTimers1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO timers (instance_id, machine, kind, due_at, payload, created_at)
       SELECT d.id, 'delegation', 'delegation-end', (d.date_to + 1)::timestamp AT TIME ZONE 'Asia/Tokyo',
              jsonb_build_object('approverId', d.approver_id), now()
       FROM delegations d
       WHERE d.date_to IS NOT NULL AND d.date_to < '9999-12-31'
         AND NOT EXISTS (SELECT 1 FROM timers tm WHERE tm.instance_id = d.id AND tm.kind = 'delegation-end')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM timers WHERE machine = 'delegation' AND kind = 'delegation-end' AND fired_at IS NULL`);
  }
}
