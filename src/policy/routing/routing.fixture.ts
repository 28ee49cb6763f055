import type { Grade } from '../../org/org.entities';
import type { RouteOrg, RouteOrgStaff } from './route-resolver';

/**
 * Test fixtures: a small routing.yaml and a hand-made organisation.
 *
 * 政策室 PLAN-02 (kacho S020 ← kakaricho S030 ← staff S100; staff S101 reports to S020), 企画部 PLAN
 * (bucho S010, whose own section is PLAN-01 with kacho S021), 職員課 GENL-02 (kacho S040 ← staff S041, S042) in 総務部
 * GENL (bucho S011), 副市長 S002, 市長 S001; 議会事務局 ASSM (事務局長 S050 at kacho grade, no 部長).
 */

/** Lines 14, 19–22 are the steps: tests edit this text and assert positions in it. */
export const ROUTING_YAML = `version: "1"
name: { ja: ルート, en: routes }
personnelSection: GENL-02
workingHours: { start: "08:30", end: "17:15" }
delegation: { maxChainDepth: 3, kouetsuDueWorkingDays: 2 }
classes:
  standard: { decider: kacho, deputyMinGrade: kacho_hosa, daiketsu: true }
  exception: { decider: bucho, deputyMinGrade: kacho, daiketsu: false }
routes:
  - id: standard
    class: standard
    when: { outcome: allow }
    steps:
      - { id: a, kind: approve, approver: supervisor, reminderHours: 4, escalateHours: 8, escalateTo: department_head }
  - id: exception
    class: exception
    when: { outcome: needs_exception }
    steps:
      - { id: a, kind: approve, approver: supervisor, reminderHours: 4, escalateHours: 8 }
      - { id: b, kind: consult, approvers: [personnel_head], onDeadline: agree, reminderHours: 8, escalateHours: 16 }
      - { id: c, kind: approve, approver: department_head, reminderHours: 8, escalateHours: 16, escalateTo: deputy_mayor }
      - { id: d, kind: inform, approvers: [personnel_section] }
`;

/** ROUTING_YAML with `from` replaced by `to` (which must occur). */
export function editRouting(...pairs: [from: string, to: string][]): string {
  return pairs.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`fixture: "${from}" not in the routing text`);
    return text.replace(from, to);
  }, ROUTING_YAML);
}

const person = (id: string, grade: Grade, sectionId: string, supervisorId: string | null): RouteOrgStaff => ({
  id,
  grade,
  departmentId: sectionId.slice(0, 4),
  sectionId,
  supervisorId,
});

export const STAFF: readonly RouteOrgStaff[] = [
  person('S001', 'shicho', 'EXEC-01', null),
  person('S002', 'fukushicho', 'EXEC-02', 'S001'),
  person('S010', 'bucho', 'PLAN-01', 'S002'),
  person('S021', 'kacho', 'PLAN-01', 'S010'),
  person('S020', 'kacho', 'PLAN-02', 'S010'),
  person('S030', 'kakaricho', 'PLAN-02', 'S020'),
  person('S100', 'staff', 'PLAN-02', 'S030'),
  person('S101', 'staff', 'PLAN-02', 'S020'),
  person('S011', 'bucho', 'GENL-01', 'S002'),
  person('S040', 'kacho', 'GENL-02', 'S011'),
  person('S041', 'staff', 'GENL-02', 'S040'),
  person('S042', 'shunin', 'GENL-02', 'S040'),
  person('S050', 'kacho', 'ASSM-01', 'S002'),
  person('S051', 'staff', 'ASSM-01', 'S050'),
];

/** The demo RouteOrg; `patch` changes it for one case (e.g. a vacant post). */
export function routeOrg(patch: Partial<RouteOrg> = {}): RouteOrg {
  return {
    staff: new Map(STAFF.map((s) => [s.id, s])),
    sectionHead: new Map([
      ['EXEC-01', 'S001'],
      ['EXEC-02', 'S002'],
      ['PLAN-01', 'S021'],
      ['PLAN-02', 'S020'],
      ['GENL-02', 'S040'],
      ['ASSM-01', 'S050'],
    ]),
    departmentHead: new Map([
      ['EXEC', 'S001'],
      ['PLAN', 'S010'],
      ['GENL', 'S011'],
      ['ASSM', 'S050'],
    ]),
    deputyMayor: 'S002',
    ...patch,
  };
}

/** The requester as the resolver wants it, from a fixture staff id. */
export function requester(id: string): {
  id: string;
  departmentId: string;
  sectionId: string;
  supervisorId: string | null;
} {
  const s = STAFF.find((x) => x.id === id);
  if (!s) throw new Error(`fixture: no staff ${id}`);
  return { id: s.id, departmentId: s.departmentId, sectionId: s.sectionId, supervisorId: s.supervisorId };
}
