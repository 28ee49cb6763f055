import type { EntityManager } from 'typeorm';

/** Everyone below `staffId` in today's line of supervisors (those they are 所属長 of, and down), not themself. */
export async function subordinatesOf(m: EntityManager, staffId: string): Promise<string[]> {
  const rows = (await m.query(
    `WITH RECURSIVE down(id, depth) AS (
       SELECT id, 1 FROM staff WHERE supervisor_id = $1
       UNION ALL SELECT s.id, down.depth + 1 FROM staff s JOIN down ON s.supervisor_id = down.id WHERE down.depth < 32
     ) SELECT DISTINCT id FROM down`,
    [staffId],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * SQL: `up(id)`, everyone above the staff member `$1` in today's line of supervisors (所属長 and
 * up), for a statement to go on from (`… FROM up`).
 */
export const SUPERIORS_OF = `WITH RECURSIVE up(id, depth) AS (
       SELECT supervisor_id, 1 FROM staff WHERE id = $1
       UNION ALL SELECT s.supervisor_id, up.depth + 1 FROM staff s JOIN up ON s.id = up.id
       WHERE s.supervisor_id IS NOT NULL AND up.depth < 32
     )`;

/** Whether `superiorId` stands above `staffId` in today's line of supervisors (所属長 and up). */
export async function isSuperiorOf(m: EntityManager, superiorId: string, staffId: string): Promise<boolean> {
  const [r] = (await m.query(`${SUPERIORS_OF} SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS yes`, [
    staffId,
    superiorId,
  ])) as { yes: boolean }[];
  return r?.yes === true;
}
