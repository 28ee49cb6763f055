import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRADES, gradeRank, ROLES } from '../org.entities';
import { generateDemoOrganisation, parseCsv, parseOrgCsv, STAFF_FLAGS } from './demo-org';
import { DENIED_FULL_NAMES, FAMILY_NAMES, GIVEN_NAMES } from './names';

const csv = readFileSync(join(__dirname, 'org-structure.csv'), 'utf8');
const rows = parseOrgCsv(csv);
const org = generateDemoOrganisation(csv);
const byId = new Map(org.staff.map((s) => [s.id, s]));
const rank = (id: string) => gradeRank(byId.get(id)!.grade);

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\nlast,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['last', ''],
    ]);
  });
  it('reads the seed file: 40 sections, 14 departments, 450 people', () => {
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.departmentCode)).size).toBe(14);
    expect(rows.reduce((n, r) => n + r.typicalHeadcount, 0)).toBe(450);
  });
});

describe('generateDemoOrganisation', () => {
  it('has 450 staff with ids S0001..S0450 and section counts equal to the CSV', () => {
    expect(org.staff).toHaveLength(450);
    expect(org.staff.map((s) => s.id)).toEqual(
      Array.from({ length: 450 }, (_, i) => `S${String(i + 1).padStart(4, '0')}`),
    );
    for (const r of rows) {
      expect([r.sectionCode, org.staff.filter((s) => s.sectionId === r.sectionCode).length]).toEqual([
        r.sectionCode,
        r.typicalHeadcount,
      ]);
      const sec = org.sections.find((s) => s.id === r.sectionCode)!;
      expect(sec).toMatchObject({ departmentId: r.departmentCode, headcount: r.typicalHeadcount });
      expect(sec.counterService).toBe(r.counterService);
      expect(sec.handlesMyNumber).toBe(r.handlesMyNumber);
    }
    expect(org.departments.map((d) => d.sort)).toEqual(org.departments.map((_, i) => i + 1));
  });

  it('places the executives and heads as described', () => {
    const shicho = org.staff.filter((s) => s.grade === 'shicho');
    expect(shicho.map((s) => s.id)).toEqual(['S0001']);
    expect(org.staff.filter((s) => s.grade === 'fukushicho').map((s) => s.sectionId)).toEqual(['EXEC-02', 'EXEC-03']);
    expect(org.departments.find((d) => d.id === 'EXEC')!.headId).toBe('S0001');
    const mayorSide = ['PLAN', 'GENL', 'CITZ', 'WELF', 'CHLD', 'ENVR', 'URBN', 'ACCT', 'EDUC'];
    for (const d of org.departments) {
      const head = byId.get(d.headId!)!;
      expect(head.departmentId).toBe(d.id);
      const buchos = org.staff.filter((s) => s.departmentId === d.id && s.grade === 'bucho');
      if (mayorSide.includes(d.id)) {
        expect(buchos).toHaveLength(1);
        expect(head.grade).toBe('bucho');
        expect(head.sectionId).toBe(org.sections.find((s) => s.departmentId === d.id)!.id);
      } else expect(buchos).toHaveLength(0);
      if (['ASSM', 'ELEC', 'AUDT', 'AGRI'].includes(d.id)) {
        expect(head.grade).toBe('kacho');
        expect(head.supervisorId).toBe(org.staff.find((s) => s.sectionId === 'EXEC-02')!.id);
      }
    }
    for (const sec of org.sections) {
      const head = byId.get(sec.headId!)!;
      expect(head.sectionId).toBe(sec.id);
      const members = org.staff.filter((s) => s.sectionId === sec.id);
      if (sec.departmentId !== 'EXEC') {
        expect(head.grade).toBe('kacho');
        expect(members.filter((s) => s.grade === 'kacho')).toHaveLength(1);
        expect(members.filter((s) => s.grade === 'kacho_hosa')).toHaveLength(sec.headcount >= 12 ? 1 : 0);
      }
    }
    const educBucho = org.staff.find((s) => s.departmentId === 'EDUC' && s.grade === 'bucho')!;
    expect(byId.get(educBucho.supervisorId!)!.sectionId).toBe('EXEC-03');
  });

  it('has supervisors of higher grade, subordinates reporting to their section head, and no cycles', () => {
    for (const s of org.staff) {
      expect(GRADES).toContain(s.grade);
      expect(s.active).toBe(true);
      if (s.grade === 'shicho') {
        expect(s.supervisorId).toBeNull();
        continue;
      }
      expect(byId.has(s.supervisorId!)).toBe(true);
      expect(rank(s.supervisorId!)).toBeGreaterThan(gradeRank(s.grade));
      if (gradeRank(s.grade) < gradeRank('kacho')) {
        expect(s.supervisorId).toBe(org.sections.find((x) => x.id === s.sectionId)!.headId);
      }
      const seen = new Set<string>();
      for (let cur: string | null = s.id; cur; cur = byId.get(cur)!.supervisorId) {
        expect(seen.has(cur)).toBe(false);
        seen.add(cur);
      }
      expect(seen.has('S0001')).toBe(true);
    }
  });

  it('grants roles as described', () => {
    const supervisorIds = new Set(org.staff.map((s) => s.supervisorId));
    for (const s of org.staff) {
      expect(s.roles[0]).toBe('staff');
      expect(s.roles.includes('supervisor')).toBe(supervisorIds.has(s.id));
      expect(s.roles.every((r) => ROLES.includes(r))).toBe(true);
      expect(new Set(s.roles).size).toBe(s.roles.length);
    }
    const admins = org.staff.filter((s) => s.roles.includes('admin'));
    expect(admins).toHaveLength(3);
    expect(admins.every((s) => s.sectionId === 'GENL-02')).toBe(true);
    expect(admins.map((s) => s.id)).toContain(org.sections.find((x) => x.id === 'GENL-02')!.headId);
    const auditors = org.staff.filter((s) => s.roles.includes('auditor'));
    expect(auditors.map((s) => s.sectionId)).toEqual(['AUDT-01']);
  });

  it('has ~12% fixed-term staff, all at grade staff, and plausible flag shares', () => {
    const fixed = org.staff.filter((s) => s.employmentType === 'fixed_term');
    expect(fixed.length).toBeGreaterThanOrEqual(45);
    expect(fixed.length).toBeLessThanOrEqual(63);
    expect(fixed.every((s) => s.grade === 'staff')).toBe(true);
    expect(org.staff.every((s) => s.employmentType === 'regular' || s.employmentType === 'fixed_term')).toBe(true);
    const count = (f: string) => org.staff.filter((s) => s.flags.includes(f)).length;
    expect(count('health_risk')).toBe(18);
    expect(count('childcare')).toBe(36);
    expect(count('nursing_care')).toBe(14);
    expect(count('pregnancy')).toBe(5);
    expect(org.staff.every((s) => s.flags.every((f) => (STAFF_FLAGS as readonly string[]).includes(f)))).toBe(true);
  });

  it('loans 90..110 PCs: every holder exists, every 課長 and above holds one, ~10 in the pool', () => {
    const { devices } = org;
    expect(devices.length).toBeGreaterThanOrEqual(90);
    expect(devices.length).toBeLessThanOrEqual(110);
    expect(devices.map((d) => d.id)).toEqual(devices.map((_, i) => `PC-${String(i + 1).padStart(3, '0')}`));
    expect(devices.every((d) => d.kind === 'loaned' && d.remoteCapable && d.label.includes(d.id))).toBe(true);
    const held = devices.filter((d) => d.holderId !== null).map((d) => d.holderId!);
    expect(new Set(held).size).toBe(held.length);
    expect(held.every((id) => byId.has(id))).toBe(true);
    for (const s of org.staff) if (gradeRank(s.grade) >= gradeRank('kacho')) expect(held).toContain(s.id);
    const pool = devices.filter((d) => d.holderId === null).length;
    expect(pool).toBeGreaterThanOrEqual(8);
    expect(pool).toBeLessThanOrEqual(15);
    const hosa = org.staff.filter((s) => s.grade === 'kacho_hosa');
    expect(hosa.filter((s) => held.includes(s.id)).length).toBeGreaterThan(hosa.length / 2);
    const lower = held.map((id) => byId.get(id)!).filter((s) => gradeRank(s.grade) < gradeRank('kacho_hosa'));
    expect(lower.length).toBeGreaterThanOrEqual(10);
    expect(lower.every((s) => s.flags.includes('health_risk') || s.flags.includes('childcare'))).toBe(true);
  });

  it('has two satellite offices', () => {
    expect(org.satelliteOffices.map((o) => o.id)).toEqual(['SAT-KITA', 'SAT-EKIMAE']);
    expect(org.satelliteOffices.every((o) => o.seats > 0)).toBe(true);
  });

  it('uses well-formed, unique synthetic names', () => {
    expect(FAMILY_NAMES.length).toBeGreaterThanOrEqual(55);
    expect(GIVEN_NAMES.length).toBeGreaterThanOrEqual(75);
    for (const s of org.staff) {
      expect(s.nameRomaji).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(s.nameJa).toMatch(/^\S+ \S+$/);
      expect(s.nameKana).toMatch(/^[\u3041-\u309f]+ [\u3041-\u309f]+$/);
      expect(DENIED_FULL_NAMES.has(s.nameJa)).toBe(false);
    }
    expect(new Set(org.staff.map((s) => s.nameJa)).size).toBe(450);
  });

  it('is deterministic', () => {
    expect(generateDemoOrganisation(csv)).toEqual(generateDemoOrganisation(csv));
    expect(generateDemoOrganisation(csv)).toEqual(org);
  });
});
