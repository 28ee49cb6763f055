import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../common/paths';
import { gradeRank } from '../../org/org.entities';
import { generateDemoOrganisation } from '../../org/seed/demo-org';
import { DEMO_ORG } from '../testing/org.fixture';
import { authorityOf, resolveRoute } from './route-resolver';
import type { RouteOrg } from './route-resolver';
import { loadRouting, readRoutingSource } from './routing.loader';
import { ROUTED_OUTCOMES } from './routing.types';

/** The shipped routing.yaml resolved for every member of the demo organisation (~450 staff). */

const demo = generateDemoOrganisation(readFileSync(join(projectRoot(), 'src/org/seed/org-structure.csv'), 'utf8'));
const loaded = loadRouting(readRoutingSource(join(projectRoot(), 'policies')), DEMO_ORG);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const routing = loaded.routing;

const org: RouteOrg = {
  staff: new Map(demo.staff.map((s) => [s.id, s])),
  sectionHead: new Map(demo.sections.flatMap((s) => (s.headId ? [[s.id, s.headId] as const] : []))),
  departmentHead: new Map(demo.departments.flatMap((d) => (d.headId ? [[d.id, d.headId] as const] : []))),
  deputyMayor: demo.sections.find((s) => s.departmentId === 'EXEC' && s.nameJa === '副市長')?.headId ?? null,
};
const mayor = demo.staff.find((s) => s.grade === 'shicho');
const everyoneElse = demo.staff.filter((s) => s !== mayor);

describe.each(ROUTED_OUTCOMES)('the shipped %s route for every member of the demo organisation', (outcome) => {
  const routes = everyoneElse.map((s) => ({ requester: s, route: resolveRoute(routing, outcome, org, s) }));

  it('never asks the requesters to approve, consult on or receive their own request', () => {
    const own = routes.filter(({ requester, route }) =>
      route.steps.some((st) => st.approvers.includes(requester.id) || st.escalateTo === requester.id),
    );
    expect(own.map((r) => r.requester.id)).toEqual([]);
  });

  it('ends with an approver holding the decider grade, each approver approving once', () => {
    const decider = authorityOf(routing, routing.routes.find((r) => r.outcome === outcome)!.classId).decider;
    for (const { route } of routes) {
      const approvals = route.steps.filter((st) => st.kind === 'approve').map((st) => st.approvers[0]!);
      expect(new Set(approvals).size).toBe(approvals.length);
      expect(gradeRank(org.staff.get(approvals.at(-1)!)!.grade)).toBeGreaterThanOrEqual(gradeRank(decider));
    }
  });

  it('names only existing staff, escalating to someone else than the approver', () => {
    for (const { route } of routes) {
      for (const st of route.steps) {
        expect(st.approvers.length).toBeGreaterThan(0);
        expect(st.approvers.every((id) => org.staff.has(id))).toBe(true);
        if (st.escalateTo) expect(st.approvers).not.toContain(st.escalateTo);
      }
    }
  });

  it('refuses the mayor’s own request: nobody is above the mayor', () => {
    expect(() => resolveRoute(routing, outcome, org, mayor!)).toThrow(expect.objectContaining({ code: 'NO_APPROVER' }));
  });
});
