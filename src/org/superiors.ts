import type { EntityManager } from 'typeorm';

/** Whether `superiorId` stands above `staffId` in today's line of supervisors (所属長 and up). */
export async function isSuperiorOf(m: EntityManager, superiorId: string, staffId: string): Promise<boolean> {
  const [r] = (await m.query(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT supervisor_id, 1 FROM staff WHERE id = $1
       UNION ALL SELECT s.supervisor_id, up.depth + 1 FROM staff s JOIN up ON s.id = up.id
       WHERE s.supervisor_id IS NOT NULL AND up.depth < 32
     ) SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS yes`,
    [staffId, superiorId],
  )) as { yes: boolean }[];
  return r?.yes === true;
}
