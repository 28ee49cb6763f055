import type { Message } from '../../common/domain-error';
import { gradeRank } from '../../org/org.entities';
import { duplicateId, ID, idProblem } from '../schema.common';
import { tryParseClock } from '../dates';
import type { OrgReference, PathSegment } from '../policy.types';
import { stepProblems } from './routing.step-checks';
import type { RoutingProblem } from './routing.step-checks';

import type { RoutingSpec, WorkingHoursSpec } from './routing.schema';
import { ROUTED_OUTCOMES } from './routing.types';

/** Checks of routing.yaml that need more than one field: run after class-validator passed. */

const endAfterStart = (start: string, end: string): Message => ({
  ja: `end（${end}）は start（${start}）より後にしてください。`,
  en: `end (${end}) must be after start (${start})`,
});

export function routingProblems(spec: RoutingSpec, orgRef?: OrgReference): RoutingProblem[] {
  const out = [...workingHoursProblems(spec.workingHours), ...classProblems(spec)];
  const personnel = spec.personnelSection;
  if (personnel !== undefined && orgRef && !orgRef.sections.includes(personnel)) {
    out.push({
      path: ['personnelSection'],
      message: {
        ja: `課 "${personnel}" は組織にありません。`,
        en: `unknown section "${personnel}": not in the organisation`,
      },
    });
  }
  return [
    ...out,
    ...delegationProblems(spec, orgRef),
    ...inFlightProblems(spec, orgRef),
    ...routeProblems(spec, orgRef),
    ...coverageProblems(spec),
  ];
}

/**
 * A route that approval routes in progress follow must stay (by its id): they find their class there,
 * for 代決 and reroutes; without it each of those would fail, and with them every timer run.
 */
function inFlightProblems(spec: RoutingSpec, orgRef?: OrgReference): RoutingProblem[] {
  const ids = new Set(spec.routes.map((r) => r.id));
  return [...(orgRef?.routesInFlight ?? [])]
    .filter(([id]) => !ids.has(id))
    .map(([id, n]) => ({
      path: ['routes'],
      key: true,
      message: {
        ja: `ルート "${id}" は進行中の決裁 ${n} 件が使っています。ルートの id を残してください（進行中の決裁は開始時の段階のまま進みます。変えた段階はこれからの申請に使われます）。`,
        en: `route "${id}" is followed by ${n} approval route(s) in progress: keep its id (those in progress keep the steps they started with; changed steps apply to requests from now on)`,
      },
    }));
}

/** A class that deputy delegations in effect name must stay: without it they would cover nothing, unseen. */
function delegationProblems(spec: RoutingSpec, orgRef?: OrgReference): RoutingProblem[] {
  return [...(orgRef?.delegatedClasses ?? [])]
    .filter(([id]) => !spec.classes.has(id))
    .map(([id, approvers]) => {
      const shown = approvers.slice(0, 5).join(', ') + (approvers.length > 5 ? ', …' : '');
      return {
        path: ['classes'],
        key: true,
        message: {
          ja: `区分 "${id}" は決裁者 ${shown} の有効な代決者の指名が使っています。区分を残すか、先にその指名を削除してください。`,
          en: `class "${id}" is named by deputy delegations in effect of ${shown}: keep the class, or remove those delegations first`,
        },
      };
    });
}

function workingHoursProblems(wh: WorkingHoursSpec): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  const minutes = (s: string): number => tryParseClock(s) ?? 0;
  if (minutes(wh.end) <= minutes(wh.start)) {
    out.push({ path: ['workingHours', 'end'], message: endAfterStart(wh.start, wh.end) });
  }
  let previousEnd = minutes(wh.start);
  (wh.breaks ?? []).forEach((b, i) => {
    const at: PathSegment[] = ['workingHours', 'breaks', i];
    if (minutes(b.end) <= minutes(b.start)) {
      out.push({ path: [...at, 'end'], message: endAfterStart(b.start, b.end) });
    } else if (minutes(b.start) < previousEnd || minutes(b.end) > minutes(wh.end)) {
      // Breaks are listed in order, inside the window, without overlapping.
      out.push({
        path: at,
        message: {
          ja: `休憩 ${b.start}–${b.end} は勤務時間の内側で、前の休憩より後にしてください。`,
          en: `break ${b.start}–${b.end} must lie inside the working hours, after the one before`,
        },
      });
    }
    previousEnd = Math.max(previousEnd, minutes(b.end));
  });
  return out;
}

function classProblems(spec: RoutingSpec): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  if (spec.classes.size === 0)
    out.push({
      path: ['classes'],
      message: { ja: 'classes に区分を一つ以上書いてください。', en: 'classes must name at least one class' },
    });
  for (const [id, c] of spec.classes) {
    if (!ID.test(id))
      out.push({
        path: ['classes', id],
        key: true,
        message: idProblem({ ja: `区分 id "${id}" `, en: `class id "${id}"` }, 'standard'),
      });
    if (gradeRank(c.deputyMinGrade) > gradeRank(c.decider)) {
      out.push({
        path: ['classes', id, 'deputyMinGrade'],
        message: {
          ja: `deputyMinGrade（${c.deputyMinGrade}）が決裁者（${c.decider}）より上です。代決者は決裁者の代わりに決裁します。`,
          en: `deputyMinGrade (${c.deputyMinGrade}) is above the decider (${c.decider}): a deputy stands in for the decider`,
        },
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
        message: duplicateId({ ja: 'ルート', en: 'route' }, route.id, 'routes', at),
      });
    const authority = spec.classes.get(route.class);
    if (!authority) {
      const known = [...spec.classes.keys()].join(', ');
      out.push({
        path: ['routes', i, 'class'],
        message: {
          ja: `区分 "${route.class}" はありません。使えるのは ${known} です。`,
          en: `unknown class "${route.class}"; expected one of: ${known}`,
        },
      });
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
        message: {
          ja: `判定 "${outcome}" のルートがありません。when: { outcome: ${outcome} } のルートを加えてください。`,
          en: `no route for outcome "${outcome}": add one with when: { outcome: ${outcome} }`,
        },
      });
    }
    for (const i of others) {
      out.push({
        path: ['routes', i, 'when', 'outcome'],
        message: {
          ja: `判定 "${outcome}" は routes[${first}]（"${spec.routes[first ?? 0]?.id}"）がすでに受け持っています。判定ごとにルートは一つです。`,
          en: `outcome "${outcome}" is already routed by routes[${first}] ("${spec.routes[first ?? 0]?.id}"); each outcome takes exactly one route`,
        },
      });
    }
  }
  return out;
}
