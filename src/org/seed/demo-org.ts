/**
 * Pure, deterministic generator of the demo organisation (a city hall modelled on
 * Komae City, see org-structure.csv beside this file). The same CSV text always
 * yields the same organisation: every random choice comes from a mulberry32 PRNG
 * seeded with a hash of the CSV text. No I/O happens here; callers read the CSV.
 */
import type { DepartmentEntity, DeviceEntity, Grade, Role } from '../org.entities';
import type { SatelliteOfficeEntity, SectionEntity, StaffEntity } from '../org.entities';
import { gradeRank, ROLES } from '../org.entities';
import { DENIED_FULL_NAMES, FAMILY_NAMES, GIVEN_NAMES, type GivenName } from './names';

/** Plain-object counterparts of the entity classes (same camelCase fields). */
type Plain<T> = { [K in keyof T]: T[K] };
export type DemoDepartment = Plain<DepartmentEntity>;
export type DemoSection = Plain<SectionEntity>;
export type DemoStaff = Plain<StaffEntity>;
export type DemoDevice = Plain<DeviceEntity>;
export type DemoSatelliteOffice = Plain<SatelliteOfficeEntity>;

export interface DemoOrganisation {
  departments: DemoDepartment[];
  sections: DemoSection[];
  staff: DemoStaff[];
  devices: DemoDevice[];
  satelliteOffices: DemoSatelliteOffice[];
}

/** One row of org-structure.csv. */
export interface OrgCsvRow {
  departmentCode: string;
  departmentJa: string;
  departmentEn: string;
  sectionCode: string;
  sectionJa: string;
  sectionEn: string;
  counterService: boolean;
  handlesMyNumber: boolean;
  typicalHeadcount: number;
}

export const STAFF_FLAGS = ['health_risk', 'childcare', 'nursing_care', 'pregnancy'] as const;
export type StaffFlag = (typeof STAFF_FLAGS)[number];

const EXEC_DEPT = 'EXEC';
const EDUC_DEPT = 'EDUC';
/** Commission/council secretariats: a 事務局長 at kacho grade, no 部長. */
const SECRETARIAT_DEPTS: ReadonlySet<string> = new Set(['ASSM', 'ELEC', 'AUDT', 'AGRI']);
const PERSONNEL_SECTION = 'GENL-02'; // 職員課
const AUDIT_SECTION = 'AUDT-01'; // 監査委員事務局

const FIXED_TERM_SHARE = 0.12;
const FLAG_SHARES: Record<StaffFlag, number> = {
  health_risk: 0.04,
  childcare: 0.08,
  nursing_care: 0.03,
  pregnancy: 0.01,
};
const KACHO_HOSA_DEVICE_SHARE = 0.85; // "most" 課長補佐 hold a loaned PC
const FLAGGED_DEVICE_HOLDERS = 18; // health_risk / childcare staff with a PC
const POOL_DEVICES = 12; // unassigned loaners

export const DEMO_SATELLITE_OFFICES: readonly DemoSatelliteOffice[] = [
  { id: 'SAT-KITA', nameJa: '北部サテライトオフィス', nameEn: 'North satellite office', seats: 12 },
  { id: 'SAT-EKIMAE', nameJa: '駅前サテライトオフィス', nameEn: 'Station-front satellite office', seats: 8 },
];

// ---------------------------------------------------------------- CSV parsing

/** RFC 4180-style parser: quoted fields, doubled quotes, CRLF/LF, BOM. Blank lines are dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

// prettier-ignore
const COLUMNS = [
  'department_code', 'department_ja', 'department_en', 'section_code', 'section_ja', 'section_en',
  'counter_service', 'handles_my_number', 'typical_headcount',
] as const;

function yesNo(v: string, where: string): boolean {
  const s = v.trim().toLowerCase();
  if (s === 'yes') return true;
  if (s === 'no') return false;
  throw new Error(`CSV: expected yes/no at ${where}, got "${v}"`);
}

/** Parses org-structure.csv into typed rows, validating columns and values. */
export function parseOrgCsv(csvText: string): OrgCsvRow[] {
  const [header, ...body] = parseCsv(csvText);
  if (!header) throw new Error('CSV: empty input');
  const idx = COLUMNS.map((c) => {
    const i = header.findIndex((h) => h.trim() === c);
    if (i < 0) throw new Error(`CSV: missing column ${c}`);
    return i;
  });
  return body.map((cells, n) => {
    const [dc, dj, de, sc, sj, se, cs, mn, hc] = idx.map((i) => (cells[i] ?? '').trim());
    const where = `row ${n + 2}`;
    const headcount = Number(hc);
    if (!Number.isInteger(headcount) || headcount < 1) throw new Error(`CSV: bad typical_headcount at ${where}`);
    if (!dc || !sc) throw new Error(`CSV: missing code at ${where}`);
    return {
      departmentCode: dc,
      departmentJa: dj ?? '',
      departmentEn: de ?? '',
      sectionCode: sc,
      sectionJa: sj ?? '',
      sectionEn: se ?? '',
      counterService: yesNo(cs ?? '', where),
      handlesMyNumber: yesNo(mn ?? '', where),
      typicalHeadcount: headcount,
    };
  });
}

// ---------------------------------------------------------------- randomness

function hashString(s: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n distinct items of `items`, in their original order (partial Fisher-Yates on indices). */
function pickN<T>(rng: () => number, items: readonly T[], n: number): T[] {
  const order = items.map((_, i) => i);
  const k = Math.min(n, items.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order
    .slice(0, k)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

// ---------------------------------------------------------------- hierarchy

/** Grades of a section's members, most senior first; the length is the headcount. */
function sectionGrades(headcount: number, withBucho: boolean): Grade[] {
  const grades: Grade[] = [];
  let left = headcount;
  const take = (g: Grade, n = 1) => {
    for (let i = 0; i < n && left > 0; i++, left--) grades.push(g);
  };
  if (withBucho) take('bucho');
  take('kacho'); // 課長, or the kacho-level head of a small unit / secretariat
  if (headcount >= 12) take('kacho_hosa');
  const kakaricho = left >= 2 ? Math.max(1, Math.round(left / 8)) : 0;
  take('kakaricho', kakaricho);
  take('shunin', Math.floor(left / 5));
  take('staff', left);
  return grades;
}

interface Person {
  staff: DemoStaff;
  given: GivenName;
}

export function generateDemoOrganisation(csvText: string): DemoOrganisation {
  const rows = parseOrgCsv(csvText);
  const rng = mulberry32(hashString(csvText) ^ 0x7e1ef10a);

  const departments: DemoDepartment[] = [];
  const sections: DemoSection[] = [];
  const people: Person[] = [];
  const usedNames = new Set<string>();
  const firstSectionOf = new Map<string, string>();

  const drawName = () => {
    for (;;) {
      const fam = FAMILY_NAMES[Math.floor(rng() * FAMILY_NAMES.length)]!;
      const given = GIVEN_NAMES[Math.floor(rng() * GIVEN_NAMES.length)]!;
      const ja = `${fam.ja} ${given.ja}`;
      if (usedNames.has(ja) || DENIED_FULL_NAMES.has(ja)) continue;
      usedNames.add(ja);
      return { ja, kana: `${fam.kana} ${given.kana}`, romaji: `${fam.romaji} ${given.romaji}`, given };
    }
  };

  // Departments, sections and members (ids in CSV order, most senior first per section).
  for (const row of rows) {
    let dept = departments.find((d) => d.id === row.departmentCode);
    if (!dept) {
      dept = {
        id: row.departmentCode,
        nameJa: row.departmentJa,
        nameEn: row.departmentEn,
        headId: null,
        sort: departments.length + 1,
      };
      departments.push(dept);
      firstSectionOf.set(dept.id, row.sectionCode);
    }
    if (sections.some((s) => s.id === row.sectionCode)) throw new Error(`CSV: duplicate section ${row.sectionCode}`);
    const isExec = row.departmentCode === EXEC_DEPT;
    const withBucho =
      !isExec &&
      !SECRETARIAT_DEPTS.has(row.departmentCode) &&
      firstSectionOf.get(row.departmentCode) === row.sectionCode;
    let grades: Grade[];
    if (isExec) {
      if (row.typicalHeadcount !== 1) throw new Error(`CSV: executive row ${row.sectionCode} must have headcount 1`);
      grades = [row.sectionJa === '市長' ? 'shicho' : 'fukushicho'];
    } else grades = sectionGrades(row.typicalHeadcount, withBucho);

    const members = grades.map((grade): Person => {
      const name = drawName();
      const staff: DemoStaff = {
        id: `S${String(people.length + 1).padStart(4, '0')}`,
        nameJa: name.ja,
        nameKana: name.kana,
        nameRomaji: name.romaji,
        departmentId: row.departmentCode,
        sectionId: row.sectionCode,
        grade,
        employmentType: 'regular',
        roles: ['staff'],
        flags: [],
        supervisorId: null,
        active: true,
      };
      const p = { staff, given: name.given };
      people.push(p);
      return p;
    });
    const head = members.find((p) => p.staff.grade === 'kacho') ?? members[0]!;
    sections.push({
      id: row.sectionCode,
      departmentId: row.departmentCode,
      nameJa: row.sectionJa,
      nameEn: row.sectionEn,
      counterService: row.counterService,
      handlesMyNumber: row.handlesMyNumber,
      headId: head.staff.id,
      headcount: row.typicalHeadcount,
    });
  }

  const staff = people.map((p) => p.staff);
  const inSection = (id: string | undefined) => staff.filter((s) => s.sectionId === id);
  const exec = (ja: string) => {
    const sec = sections.find((s) => s.departmentId === EXEC_DEPT && s.nameJa === ja);
    if (!sec?.headId) throw new Error(`CSV: no executive row ${ja}`);
    return sec.headId;
  };
  const mayorId = exec('市長');
  const deputyId = exec('副市長');
  const superintendentId = exec('教育長');

  // Department heads: 部長, the mayor for EXEC, the 事務局長 for secretariats.
  for (const d of departments) {
    const first = sections.find((s) => s.id === firstSectionOf.get(d.id))!;
    const bucho = inSection(first.id).find((s) => s.grade === 'bucho');
    d.headId = d.id === EXEC_DEPT ? mayorId : (bucho?.id ?? first.headId);
  }

  // Reporting lines (所属長 approves telework).
  const deptBucho = (deptId: string) => staff.find((s) => s.departmentId === deptId && s.grade === 'bucho');
  for (const s of staff) {
    const sec = sections.find((x) => x.id === s.sectionId)!;
    if (s.grade === 'shicho') s.supervisorId = null;
    else if (s.grade === 'fukushicho') s.supervisorId = mayorId;
    else if (s.grade === 'bucho') s.supervisorId = s.departmentId === EDUC_DEPT ? superintendentId : deputyId;
    else if (s.id === sec.headId) s.supervisorId = deptBucho(s.departmentId)?.id ?? deputyId;
    else s.supervisorId = sec.headId;
  }

  // 会計年度任用職員: only at grade staff.
  const plainStaff = staff.filter((s) => s.grade === 'staff');
  for (const s of pickN(rng, plainStaff, Math.round(staff.length * FIXED_TERM_SHARE))) s.employmentType = 'fixed_term';

  // Roles.
  const grant = (s: DemoStaff, r: Role) => {
    if (!s.roles.includes(r)) s.roles = ROLES.filter((x) => x === r || s.roles.includes(x));
  };
  const supervisors = new Set(staff.map((s) => s.supervisorId).filter((x): x is string => x !== null));
  for (const s of staff) if (supervisors.has(s.id)) grant(s, 'supervisor');
  const personnel = sections.find((x) => x.id === PERSONNEL_SECTION);
  if (personnel) {
    const members = inSection(personnel.id);
    const helpers = members.filter((s) => s.id !== personnel.headId && s.employmentType === 'regular').slice(0, 2);
    for (const s of [...members.filter((x) => x.id === personnel.headId), ...helpers]) grant(s, 'admin');
  }
  const audit = sections.find((x) => x.id === AUDIT_SECTION);
  if (audit) {
    const members = inSection(audit.id);
    const auditor = members.find((s) => s.id !== audit.headId && s.employmentType === 'regular') ?? members[0];
    if (auditor) grant(auditor, 'auditor');
  }

  // Flags (executives carry none; pregnancy only for women below 部長).
  const givenOf = new Map(people.map((p) => [p.staff.id, p.given]));
  const belowExec = staff.filter((s) => gradeRank(s.grade) < gradeRank('fukushicho'));
  const belowBucho = staff.filter((s) => gradeRank(s.grade) < gradeRank('bucho'));
  const eligible: Record<StaffFlag, DemoStaff[]> = {
    health_risk: belowExec,
    childcare: belowBucho,
    nursing_care: belowExec,
    pregnancy: belowBucho.filter((s) => givenOf.get(s.id)?.gender === 'f'),
  };
  for (const flag of STAFF_FLAGS) {
    for (const s of pickN(rng, eligible[flag], Math.round(staff.length * FLAG_SHARES[flag]))) s.flags.push(flag);
  }
  for (const s of staff) s.flags = STAFF_FLAGS.filter((f) => s.flags.includes(f));

  // Loaned remote-capable PCs.
  const holders = new Set(staff.filter((s) => gradeRank(s.grade) >= gradeRank('kacho')).map((s) => s.id));
  const hosa = staff.filter((s) => s.grade === 'kacho_hosa');
  for (const s of pickN(rng, hosa, Math.ceil(hosa.length * KACHO_HOSA_DEVICE_SHARE))) holders.add(s.id);
  const needy = staff.filter(
    (s) => !holders.has(s.id) && (s.flags.includes('health_risk') || s.flags.includes('childcare')),
  );
  for (const s of pickN(rng, needy, FLAGGED_DEVICE_HOLDERS)) holders.add(s.id);
  const holderIds: (string | null)[] = [...staff.filter((s) => holders.has(s.id)).map((s) => s.id)];
  for (let i = 0; i < POOL_DEVICES; i++) holderIds.push(null);
  const devices: DemoDevice[] = holderIds.map((holderId, i) => {
    const id = `PC-${String(i + 1).padStart(3, '0')}`;
    return { id, kind: 'loaned', label: `Loaned laptop ${id} / 貸与PC`, holderId, remoteCapable: true };
  });

  return {
    departments,
    sections,
    staff,
    devices,
    satelliteOffices: DEMO_SATELLITE_OFFICES.map((o) => ({ ...o })),
  };
}
