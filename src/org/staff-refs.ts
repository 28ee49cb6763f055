import type { EntityManager } from 'typeorm';

/** A staff member as the pages name them: the name in each script (the id on hover). */
export interface StaffRef {
  id: string;
  name: string;
  nameRomaji: string;
}

/** The staff of these ids that exist, named, in one statement. */
export async function staffRefs(m: EntityManager, ids: readonly string[]): Promise<Map<string, StaffRef>> {
  const rows = (await m.query(`SELECT id, name_ja, name_romaji FROM staff WHERE id = ANY($1::text[])`, [
    [...new Set(ids)],
  ])) as { id: string; name_ja: string; name_romaji: string }[];
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name_ja, nameRomaji: r.name_romaji }]));
}
