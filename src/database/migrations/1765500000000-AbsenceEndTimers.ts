import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: a deputy decides (代決) only while the approver is away. Each absence now carries a timer
 * for the midnight after its last day (Japan), when what a deputy has not decided for the approver
 * goes back to them. Absences registered before that get theirs here: those that still run or are
 * to come, and make someone absent. (Items a deputy already holds were placed before `returns_to`
 * marked them as held for the approver: they stay, as they always did.)
 */
export class AbsenceEndTimers1765500000000 implements MigrationInterface {
  name = 'AbsenceEndTimers1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO timers (instance_id, machine, kind, due_at, payload, created_at)
       SELECT a.id, 'absence', 'absence-end', ((a.date_to + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'),
              jsonb_build_object('staffId', a.staff_id), now()
       FROM absences a
       WHERE (a.kind IN ('leave', 'trip') OR NOT a.can_act_remotely)
         AND a.date_to >= (now() AT TIME ZONE 'Asia/Tokyo')::date AND a.date_to < DATE '9999-12-31'
         AND NOT EXISTS (SELECT 1 FROM timers tm WHERE tm.instance_id = a.id AND tm.kind = 'absence-end')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM timers WHERE machine = 'absence' AND kind = 'absence-end' AND fired_at IS NULL`);
  }
}
