import { DomainError } from '../../common/domain-error';
import type { RouteOrgStaff } from './route-org';
import { authorityOf, classOfRoute, resolveRoute } from './route-resolver';
import type { RouteOrg } from './route-resolver';
import { editRouting, requester, ROUTING_YAML, routeOrg, STAFF } from './routing.fixture';
import { loadRouting } from './routing.loader';
import type { CompiledRouting } from './routing.types';

/** Routes made concrete for the hand-made organisation of routing.fixture.ts. */

function compiled(content = ROUTING_YAML): CompiledRouting {
  const loaded = loadRouting({ file: 'routing.yaml', content });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.routing;
}
const routing = compiled();

/** The approvers of each step, as `id:approvers[→escalateTo]`. */
function shape(outcome: 'allow' | 'needs_exception', who: string, org = routeOrg(), r = routing): string[] {
  return resolveRoute(r, outcome, org, requester(who)).steps.map(
    (s) => `${s.id}:${s.approvers.join(',')}${s.escalateTo ? `→${s.escalateTo}` : ''}`,
  );
}

function orgWith(changes: Partial<Record<string, Partial<RouteOrgStaff>>>): RouteOrg {
  const org = routeOrg();
  const staff = new Map(STAFF.map((s) => [s.id, { ...s, ...changes[s.id] }]));
  return { ...org, staff };
}

describe('resolveRoute: the standard route (課長専決)', () => {
  it('goes to the supervisor with the full RouteStep the machine takes', () => {
    expect(resolveRoute(routing, 'allow', routeOrg(), requester('S101'))).toEqual({
      routeId: 'standard',
      classId: 'standard',
      steps: [
        {
          id: 'a',
          kind: 'approve',
          approvers: ['S020'],
          daiketsuAllowed: true,
          escalateTo: 'S010',
          reminderHours: 4,
          escalateHours: 8,
        },
      ],
    });
  });

  it('passes a supervisor below the decider grade up the line (係長 → 課長)', () => {
    expect(shape('allow', 'S100')).toEqual(['a:S020→S010']);
  });

  it('escalates above the approver when the escalation target is the approver', () => {
    // A 課長's supervisor is the 部長, who is also the department head named by escalateTo.
    expect(shape('allow', 'S020')).toEqual(['a:S010→S002']);
  });

  it('never escalates to the requester', () => {
    // The 部長's supervisor is the 副市長; escalateTo department_head would be the 部長 himself.
    expect(shape('allow', 'S010')).toEqual(['a:S002→S001']);
  });

  it('sends a step for a named person who is not in the organisation up the line', () => {
    const r = compiled(
      editRouting([
        'approver: supervisor, reminderHours: 4, escalateHours: 8, escalateTo',
        'approver: "staff:S999", reminderHours: 4, escalateHours: 8, escalateTo',
      ]),
    );
    expect(shape('allow', 'S101', routeOrg(), r)).toEqual(['a:S020→S010']);
  });

  it('lets a step refuse 代決 that its class allows', () => {
    const r = compiled(
      editRouting([
        'approver: supervisor, reminderHours: 4',
        'approver: supervisor, daiketsu: false, reminderHours: 4',
      ]),
    );
    expect(resolveRoute(r, 'allow', routeOrg(), requester('S101')).steps[0]?.daiketsuAllowed).toBe(false);
  });

  it('resolves grade:<g>@section on the reporting line or as the unit’s only holder, and collapses repeats', () => {
    const r = compiled(
      editRouting([
        '      - { id: a, kind: approve, approver: supervisor, reminderHours: 4,',
        '      - { id: k, kind: approve, approver: "grade:kakaricho@section", reminderHours: 4, escalateHours: 8 }\n      - { id: a, kind: approve, approver: supervisor, reminderHours: 4,',
      ]),
    );
    expect(shape('allow', 'S100', routeOrg(), r)).toEqual(['k:S030', 'a:S020→S010']); // on the line
    expect(shape('allow', 'S101', routeOrg(), r)).toEqual(['k:S030', 'a:S020→S010']); // the only 係長
    // The 係長's own request: his step goes to his supervisor, who also decides: one step.
    expect(shape('allow', 'S030', routeOrg(), r)).toEqual(['a:S020→S010']);
  });
});

describe('resolveRoute: the exception route (部長専決, 合議, 供覧)', () => {
  it('resolves every kind of step for a member of staff', () => {
    const route = resolveRoute(routing, 'needs_exception', routeOrg(), requester('S101'));
    expect(route.routeId).toBe('exception');
    expect(route.steps).toEqual([
      { id: 'a', kind: 'approve', approvers: ['S020'], daiketsuAllowed: false, reminderHours: 4, escalateHours: 8 },
      {
        id: 'b',
        kind: 'consult',
        approvers: ['S040'],
        mode: 'all',
        onDeadline: 'agree',
        daiketsuAllowed: false,
        reminderHours: 8,
        escalateHours: 16,
      },
      {
        id: 'c',
        kind: 'approve',
        approvers: ['S010'],
        daiketsuAllowed: false,
        escalateTo: 'S002',
        reminderHours: 8,
        escalateHours: 16,
      },
      {
        id: 'd',
        kind: 'inform',
        approvers: ['S040', 'S041', 'S042'],
        daiketsuAllowed: false,
        reminderHours: 0,
        escalateHours: 0,
      },
    ]);
  });

  it('has a 課長 approve once, as the decider, when his supervisor is the department head', () => {
    expect(shape('needs_exception', 'S020')).toEqual(['b:S040', 'c:S010→S002', 'd:S040,S041,S042']);
  });

  it('sends the 部長’s own request to the 副市長, escalating to the 市長', () => {
    expect(shape('needs_exception', 'S010')).toEqual(['b:S040', 'c:S002→S001', 'd:S040,S041,S042']);
  });

  it('drops the consultation when the personnel head already approves on the route', () => {
    expect(shape('needs_exception', 'S041')).toEqual(['a:S040', 'c:S011→S002', 'd:S040,S042']);
  });

  it('drops the personnel head’s own request from the consultation and the circulation', () => {
    expect(shape('needs_exception', 'S040')).toEqual(['c:S011→S002', 'd:S041,S042']);
  });

  it('passes a kacho-grade 事務局長 decision up to the 副市長 (no 部長 in a secretariat)', () => {
    expect(shape('needs_exception', 'S051')).toEqual(['a:S050', 'b:S040', 'c:S002→S001', 'd:S040,S041,S042']);
  });

  it('goes past a vacant department head up the reporting line', () => {
    const org = orgWith({ S010: { active: false } });
    expect(shape('needs_exception', 'S101', org)).toEqual(['a:S020', 'b:S040', 'c:S002→S001', 'd:S040,S041,S042']);
  });

  it('refuses a route with a vacant 合議 party, naming the step', () => {
    const org = orgWith({ S040: { active: false } });
    expect(() => shape('needs_exception', 'S101', org)).toThrow(
      expect.objectContaining({
        code: 'NO_APPROVER',
        details: { routeId: 'exception', stepId: 'b', approver: 'personnel_head', requesterId: 'S101' },
      }),
    );
  });

  it('lowers a quorum the parties left can no longer reach', () => {
    const r = compiled(
      editRouting([
        'approvers: [personnel_head], onDeadline: agree',
        'approvers: [personnel_head, section_head:PLAN-01], mode: { quorum: 2 }, onDeadline: agree',
      ]),
    );
    expect(resolveRoute(r, 'needs_exception', routeOrg(), requester('S101')).steps[1]?.mode).toEqual({ quorum: 2 });
    // The PLAN-01 head's own request: he leaves the 合議, one party is left.
    const steps = resolveRoute(r, 'needs_exception', routeOrg(), requester('S021')).steps;
    expect(steps.find((s) => s.id === 'b')).toMatchObject({
      approvers: ['S040'],
      mode: { quorum: 1 },
    });
  });
});

describe('resolveRoute: nobody to decide', () => {
  it('refuses the mayor’s own request: there is nobody above', () => {
    let error: unknown;
    try {
      resolveRoute(routing, 'allow', routeOrg(), requester('S001'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'NO_APPROVER', status: 422, details: { routeId: 'standard', stepId: 'a' } });
  });
});

describe('authorityOf and classOfRoute', () => {
  it('give the 専決 line of a class and the class of a route', () => {
    expect(authorityOf(routing, 'standard')).toEqual({
      decider: 'kacho',
      deputyMinGrade: 'kacho_hosa',
      daiketsu: true,
    });
    expect(classOfRoute(routing, 'exception')).toBe('exception');
    expect(() => authorityOf(routing, 'nope')).toThrow(RangeError);
    expect(() => classOfRoute(routing, 'nope')).toThrow(RangeError);
  });
});
