import type { RouteStep } from '../../../workflows';
import { DomainError } from '../../common/domain-error';
import { gradeRank } from '../../org/org.entities';
import type { Grade } from '../../org/org.entities';
import { above, active, resolveMany, resolveOne } from './route-org';
import type { OrgView, RouteOrg, RouteRequester } from './route-org';
import type { ClassAuthority, CompiledRoute, CompiledRouting, CompiledStep, RoutedOutcome } from './routing.types';

export type { RouteOrg, RouteOrgStaff, RouteRequester } from './route-org';

/**
 * A route of routing.yaml made concrete for one requester: the staff ids of every step, as the
 * kessai-queue machine takes them. Rules (policies/README.md, routing.yaml):
 * - an approve step whose post is the requester, or vacant, goes up the requester's reporting line;
 * - the final approve step goes up the line until its holder has the class's decider grade (専決);
 * - a person approves once: an approve step is dropped when its approver approves later;
 * - the requester and anyone approving on the route leave 合議 and 供覧 lists; an empty one is dropped;
 * - escalation never goes to the requester or the step's own approver: then it goes up from the approver.
 */

export interface ResolvedRoute {
  routeId: string;
  classId: string;
  steps: RouteStep[];
}

/** A step with its people chosen; escalation is chosen last, once the approvers are final. */
interface Draft {
  step: CompiledStep;
  approvers: string[];
}

interface Ctx extends OrgView {
  route: CompiledRoute;
}

export function resolveRoute(
  routing: CompiledRouting,
  outcome: RoutedOutcome,
  org: RouteOrg,
  requester: RouteRequester,
): ResolvedRoute {
  const route = routing.routes.find((r) => r.id === routing.routeFor[outcome]);
  if (!route) throw new RangeError(`routing: no route for outcome "${outcome}"`);
  const ctx: Ctx = { org, requester, route };
  // Approvers first: 合議 lists leave out whoever approves, once the decider is known.
  const drafts = route.steps.map((s): Draft =>
    s.kind === 'approve' ? approveDraft(ctx, s) : { step: s, approvers: [] },
  );
  const approvals = drafts.filter((d) => d.step.kind === 'approve');
  raiseToDecider(ctx, approvals, authorityOf(routing, route.classId).decider);
  const approving = new Set(approvals.flatMap((d) => d.approvers));
  const resolved = drafts.flatMap((d) => (d.step.kind === 'approve' ? [d] : listDraft(ctx, d.step, approving)));
  return { routeId: route.id, classId: route.classId, steps: collapse(resolved).map((d) => toRouteStep(ctx, d)) };
}

/** Who decides a class of matter (専決) and who may stand in (代決). */
export function authorityOf(routing: CompiledRouting, classId: string): ClassAuthority {
  const c = routing.classes[classId];
  if (!c) throw new RangeError(`routing: unknown class "${classId}"`);
  return { decider: c.decider, deputyMinGrade: c.deputyMinGrade, daiketsu: c.daiketsu };
}

/** The class of a route (a started route records its route id). */
export function classOfRoute(routing: CompiledRouting, routeId: string): string {
  const route = routing.routes.find((r) => r.id === routeId);
  if (!route) throw new RangeError(`routing: unknown route "${routeId}"`);
  return route.classId;
}

function approveDraft(ctx: Ctx, step: CompiledStep): Draft {
  const [approver] = step.approvers;
  let id = approver ? resolveOne(ctx, approver) : null;
  // The requester never decides their own request; a vacant post passes the item up the line.
  if (id === null || id === ctx.requester.id) id = active(ctx, ctx.requester.supervisorId);
  if (id === null) throw noApprover(ctx, step, approver?.text ?? '');
  return { step, approvers: [id] };
}

/** 専決: the final decision needs the decider's grade; a lower holder passes it up the line. */
function raiseToDecider(ctx: Ctx, drafts: Draft[], decider: Grade): void {
  const last = drafts.at(-1);
  if (!last) return;
  let id: string | null = last.approvers[0] ?? null;
  while (id !== null && gradeRank(ctx.org.staff.get(id)?.grade ?? 'staff') < gradeRank(decider)) id = above(ctx, id);
  if (id === null) throw noApprover(ctx, last.step, `${last.step.approvers[0]?.text ?? ''} (${decider})`);
  last.approvers = [id];
}

/** 合議 parties or 供覧 readers; [] drops the step. */
function listDraft(ctx: Ctx, step: CompiledStep, approving: ReadonlySet<string>): Draft[] {
  const people = step.approvers.flatMap((r) => {
    const found = resolveMany(ctx, r);
    // A 合議 party must exist: silently skipping a consultation would skip a control.
    if (found.length === 0 && step.kind === 'consult') throw noApprover(ctx, step, r.text);
    return found;
  });
  const drop = (id: string): boolean => id === ctx.requester.id || (step.kind === 'consult' && approving.has(id));
  const approvers = [...new Set(people.filter((id) => !drop(id)))];
  return approvers.length === 0 ? [] : [{ step, approvers }];
}

/** A person approves once, at their last approve step. */
function collapse(drafts: Draft[]): Draft[] {
  return drafts.filter((d, i) => {
    if (d.step.kind !== 'approve') return true;
    const id = d.approvers[0];
    return !drafts.slice(i + 1).some((later) => later.step.kind === 'approve' && later.approvers[0] === id);
  });
}

function toRouteStep(ctx: Ctx, { step, approvers }: Draft): RouteStep {
  const out: RouteStep = {
    id: step.id,
    kind: step.kind,
    approvers,
    daiketsuAllowed: step.daiketsu,
    reminderHours: step.reminderHours,
    escalateHours: step.escalateHours,
  };
  if (step.kind === 'consult') {
    const mode = step.mode ?? 'all';
    // Fewer parties than the quorum (the requester left the list): everyone must agree.
    out.mode = typeof mode === 'object' ? { quorum: Math.min(mode.quorum, approvers.length) } : mode;
    out.onDeadline = step.onDeadline ?? 'escalate';
  }
  const escalateTo = escalationOf(ctx, step, approvers);
  if (escalateTo !== null) out.escalateTo = escalateTo;
  return out;
}

function escalationOf(ctx: Ctx, step: CompiledStep, approvers: string[]): string | null {
  if (step.escalateTo === null) return null;
  const id = resolveOne(ctx, step.escalateTo);
  if (id !== null && id !== ctx.requester.id && !approvers.includes(id)) return id;
  // Escalating to oneself (or to a vacant post) would stall the step: go up from the approver.
  const approver = approvers[0];
  return step.kind === 'approve' && approver !== undefined ? above(ctx, approver) : null;
}

function noApprover(ctx: Ctx, step: CompiledStep, text: string): DomainError {
  const where = `route "${ctx.route.id}", step "${step.id}"`;
  return DomainError.of(
    'NO_APPROVER',
    { routeId: ctx.route.id, stepId: step.id, approver: text, requesterId: ctx.requester.id },
    {
      ja: `決裁ルート「${ctx.route.id}」の「${step.id}」の承認者（${text}）が見つかりません。空席または職員の設定を確認してください。`,
      en: `No approver for ${where}: "${text}" names nobody (a vacant post or an unknown staff id).`,
    },
  );
}
