import { gradeRank } from '../../org/org.entities';
import { tryParseClock } from '../dates';
import type { OrgReference, PathSegment } from '../policy.types';
import { stepProblems } from './routing.step-checks';
import type { RoutingProblem } from './routing.step-checks';
import { ID, ID_MESSAGE } from './routing.schema';
import type { RoutingSpec, WorkingHoursSpec } from './routing.schema';
import { ROUTED_OUTCOMES } from './routing.types';

/** Checks of routing.yaml that need more than one field: run after class-validator passed. */

export function routingProblems(spec: RoutingSpec, orgRef?: OrgReference): RoutingProblem[] {
  const out = [...workingHoursProblems(spec.workingHours), ...classProblems(spec)];
  const personnel = spec.personnelSection;
  if (personnel !== undefined && orgRef && !orgRef.sections.includes(personnel)) {
    out.push({ path: ['personnelSection'], message: `unknown section "${personnel}": not in the organisation` });
  }
  return [...out, ...routeProblems(spec, orgRef), ...coverageProblems(spec)];
}

function workingHoursProblems(wh: WorkingHoursSpec): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  const minutes = (s: string): number => tryParseClock(s) ?? 0;
  if (minutes(wh.end) <= minutes(wh.start)) {
    out.push({ path: ['workingHours', 'end'], message: `end (${wh.end}) must be after start (${wh.start})` });
  }
  let previousEnd = minutes(wh.start);
  (wh.breaks ?? []).forEach((b, i) => {
    const at: PathSegment[] = ['workingHours', 'breaks', i];
    if (minutes(b.end) <= minutes(b.start)) {
      out.push({ path: [...at, 'end'], message: `end (${b.end}) must be after start (${b.start})` });
    } else if (minutes(b.start) < previousEnd || minutes(b.end) > minutes(wh.end)) {
      // Breaks are listed in order, inside the window, without overlapping.
      out.push({
        path: at,
        message: `break ${b.start}–${b.end} must lie inside the working hours, after the one before`,
      });
    }
    previousEnd = Math.max(previousEnd, minutes(b.end));
  });
  return out;
}

function classProblems(spec: RoutingSpec): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  if (spec.classes.size === 0) out.push({ path: ['classes'], message: 'classes must name at least one class' });
  for (const [id, c] of spec.classes) {
    if (!ID.test(id)) out.push({ path: ['classes', id], key: true, message: `class id "${id}" ${ID_MESSAGE}` });
    if (gradeRank(c.deputyMinGrade) > gradeRank(c.decider)) {
      out.push({
        path: ['classes', id, 'deputyMinGrade'],
        message: `deputyMinGrade (${c.deputyMinGrade}) is above the decider (${c.decider}): a deputy stands in for the decider`,
      });
    }
  }
  return out;
}

function routeProblems(spec: RoutingSpec, orgRef?: OrgReference): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  const firstIndex = new Map<string, number>();
  spec.routes.forEach((route, i) => {
    const at = firstIndex.get(route.id);
    if (at === undefined) firstIndex.set(route.id, i);
    else
      out.push({
        path: ['routes', i, 'id'],
        message: `duplicate route id "${route.id}" (first used by routes[${at}])`,
      });
    const authority = spec.classes.get(route.class);
    if (!authority) {
      const known = [...spec.classes.keys()].join(', ');
      out.push({ path: ['routes', i, 'class'], message: `unknown class "${route.class}"; expected one of: ${known}` });
    }
    const env = { personnelSection: spec.personnelSection ?? null, orgRef, authority, classId: route.class };
    out.push(...stepProblems(route, i, env));
  });
  return out;
}

/** Each routed verdict outcome takes exactly one route. */
function coverageProblems(spec: RoutingSpec): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  for (const outcome of ROUTED_OUTCOMES) {
    const matching = spec.routes.flatMap((r, i) => (r.when.outcome === outcome ? [i] : []));
    const [first, ...others] = matching;
    if (first === undefined) {
      out.push({
        path: ['routes'],
        message: `no route for outcome "${outcome}": add one with when: { outcome: ${outcome} }`,
      });
    }
    for (const i of others) {
      out.push({
        path: ['routes', i, 'when', 'outcome'],
        message: `outcome "${outcome}" is already routed by routes[${first}] ("${spec.routes[first ?? 0]?.id}"); each outcome takes exactly one route`,
      });
    }
  }
  return out;
}
