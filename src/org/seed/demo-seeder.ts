import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { projectRoot } from '../../common/paths';
import { generateDemoOrganisation } from './demo-org';

/**
 * Seeds the demo organisation (modelled on a ~450-staff city hall) unless staff exist.
 * Idempotent: a second run changes nothing. Set-based: one statement per table.
 */
export async function seedDemoOrganisation(m: EntityManager): Promise<{ seeded: boolean; staff: number }> {
  const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM staff`)) as [{ n: number }];
  if (Number(n) > 0) return { seeded: false, staff: Number(n) };
  const csv = readFileSync(join(projectRoot(), 'src/org/seed/org-structure.csv'), 'utf8');
  const org = generateDemoOrganisation(csv);
  const insert = (table: string, columns: string, types: string, rows: unknown[]) =>
    m.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS v(${types})`, [
      JSON.stringify(rows),
    ]);
  await insert(
    'departments',
    'id, name_ja, name_en, head_id, sort',
    'id text, name_ja text, name_en text, head_id text, sort int',
    org.departments.map((d) => ({ id: d.id, name_ja: d.nameJa, name_en: d.nameEn, head_id: d.headId, sort: d.sort })),
  );
  await insert(
    'sections',
    'id, department_id, name_ja, name_en, counter_service, handles_my_number, head_id, headcount',
    'id text, department_id text, name_ja text, name_en text, counter_service boolean, handles_my_number boolean, head_id text, headcount int',
    org.sections.map((s) => ({
      id: s.id,
      department_id: s.departmentId,
      name_ja: s.nameJa,
      name_en: s.nameEn,
      counter_service: s.counterService,
      handles_my_number: s.handlesMyNumber,
      head_id: s.headId,
      headcount: s.headcount,
    })),
  );
  await insert(
    'staff',
    'id, name_ja, name_kana, name_romaji, department_id, section_id, grade, employment_type, roles, flags, supervisor_id, active',
    'id text, name_ja text, name_kana text, name_romaji text, department_id text, section_id text, grade text, employment_type text, roles text[], flags text[], supervisor_id text, active boolean',
    org.staff.map((s) => ({
      id: s.id,
      name_ja: s.nameJa,
      name_kana: s.nameKana,
      name_romaji: s.nameRomaji,
      department_id: s.departmentId,
      section_id: s.sectionId,
      grade: s.grade,
      employment_type: s.employmentType,
      roles: s.roles,
      flags: s.flags,
      supervisor_id: s.supervisorId,
      active: s.active,
    })),
  );
  await insert(
    'devices',
    'id, kind, label, holder_id, remote_capable',
    'id text, kind text, label text, holder_id text, remote_capable boolean',
    org.devices.map((d) => ({
      id: d.id,
      kind: d.kind,
      label: d.label,
      holder_id: d.holderId,
      remote_capable: d.remoteCapable,
    })),
  );
  await insert(
    'satellite_offices',
    'id, name_ja, name_en, seats',
    'id text, name_ja text, name_en text, seats int',
    org.satelliteOffices.map((o) => ({ id: o.id, name_ja: o.nameJa, name_en: o.nameEn, seats: o.seats })),
  );
  return { seeded: true, staff: org.staff.length };
}
