import type {
  Assignee,
  CloseReason,
  KessaiEffect,
  KessaiQueueContext,
  KouetsuReason,
  OpenReason,
  RouteStep,
  StepProgress,
  StepRef,
  StepStatus,
  TaskKind,
} from './kessai-queue.events';

/**
 * Pure bookkeeping for the kessai route: read-only queries (used by guards) and the
 * primitives operations build on. A Draft is a copy of the context plus the effects
 * collected so far; the machine assigns the one and enqueues the other.
 */
export interface Draft {
  context: KessaiQueueContext;
  effects: KessaiEffect[];
}

export const TASK_KIND: Record<RouteStep['kind'], TaskKind> = {
  approve: 'approval',
  consult: 'consult',
  inform: 'inform',
};

// ── Queries ──────────────────────────────────────────────────────────────────────────────────

export function freshProgress(steps: RouteStep[]): StepProgress[] {
  return steps.map((s) => ({
    status: 'waiting',
    assignees: s.approvers.map((staffId) => ({ staffId })),
    decisions: [],
    kouetsu: [],
    escalated: false,
    escalatedFrom: [],
  }));
}

/** The party an assignee answers for: the absent approver under 代決, otherwise themself. */
export const partyOf = (a: Assignee): string => a.onBehalfOf ?? a.staffId;

export const unique = (ids: string[]): string[] => [...new Set(ids)];

export function stepAt(c: KessaiQueueContext, i: number): { step: RouteStep; progress: StepProgress } | undefined {
  const step = c.steps[i];
  const progress = c.progress[i];
  return step && progress ? { step, progress } : undefined;
}

export const currentStep = (c: KessaiQueueContext) => stepAt(c, c.current);

/** Assignees whose party has not decided yet: their tasks are the step's open tasks. */
export function pendingAssignees(p: StepProgress): Assignee[] {
  const decided = new Set(p.decisions.map((d) => d.onBehalfOf ?? d.by));
  return p.assignees.filter((a) => !decided.has(partyOf(a)));
}

/** 'all' is a quorum of every party, 'any' a quorum of one. */
export function consultTally(step: RouteStep, p: StepProgress): { agreed: number; pending: number; need: number } {
  const parties = p.assignees.length;
  const mode = step.mode ?? 'all';
  const need = mode === 'all' ? parties : mode === 'any' ? 1 : Math.min(Math.max(1, mode.quorum), parties);
  const agreed = p.decisions.filter((d) => d.verdict === 'agree' || d.verdict === 'deemedAgree').length;
  return { agreed, pending: pendingAssignees(p).length, need };
}

/** A consultation (合議) in this round recorded a disagreement: the matter is disputed, so no 代決. */
export const isDisputed = (c: KessaiQueueContext): boolean =>
  c.progress.some((p) => p.decisions.some((d) => d.verdict === 'disagree'));

/** The later approve step `by` holds in their own right (引上げ), if any. */
export function pullTarget(c: KessaiQueueContext, by: string): number | undefined {
  for (let i = c.current + 1; i < c.steps.length; i++) {
    const at = stepAt(c, i);
    if (at?.step.kind === 'approve' && at.progress.assignees.some((a) => a.staffId === by && !a.onBehalfOf)) return i;
  }
  return undefined;
}

export const hasLaterApproveStep = (c: KessaiQueueContext): boolean =>
  c.steps.slice(c.current + 1).some((s) => s.kind === 'approve');

/** Whether an expiry timer makes sense: the step has somewhere to go, or silence counts as agreement. */
function escalates(step: RouteStep, p: StepProgress): boolean {
  if (p.escalated) return false;
  if (step.kind === 'consult' && step.onDeadline === 'agree') return true;
  return step.kind !== 'inform' && step.escalateTo !== undefined;
}

// ── Primitives on a Draft ────────────────────────────────────────────────────────────────────

export function begin(c: KessaiQueueContext): Draft {
  const progress = c.progress.map((p) => ({
    ...p,
    assignees: [...p.assignees],
    decisions: [...p.decisions],
    kouetsu: [...p.kouetsu],
    escalatedFrom: [...p.escalatedFrom],
  }));
  return { context: { ...c, progress }, effects: [] };
}

export function slot(d: Draft, i: number): { step: RouteStep; progress: StepProgress; ref: StepRef } {
  const at = stepAt(d.context, i);
  if (!at) throw new Error(`kessai-queue: no step ${i}`); // guards keep indices in range
  return { ...at, ref: { step: i, stepId: at.step.id } };
}

export const withBehalf = (staffId: string, onBehalfOf: string | undefined): Assignee =>
  onBehalfOf === undefined ? { staffId } : { staffId, onBehalfOf };

export function openTasks(d: Draft, i: number, reason: OpenReason, assignees: Assignee[]): void {
  const { step, ref } = slot(d, i);
  const kind = TASK_KIND[step.kind];
  d.effects.push({ type: 'openTasks', params: { ...ref, reason, assignees: assignees.map((a) => ({ ...a, kind })) } });
}

export function closeTasks(d: Draft, i: number, reason: CloseReason, staffIds: string[]): void {
  if (staffIds.length === 0) return;
  d.effects.push({ type: 'closeTasks', params: { ...slot(d, i).ref, reason, staffIds: unique(staffIds) } });
}

export function addKouetsu(
  d: Draft,
  i: number,
  approverId: string,
  decidedBy: string | null,
  reason: KouetsuReason,
  at: string,
): void {
  const { progress, ref } = slot(d, i);
  progress.kouetsu.push({ approverId, decidedBy, reason, at });
  d.effects.push({ type: 'createKouetsu', params: { ...ref, approverId, decidedBy, reason } });
}

/** Leaving a step: close what is still open, cancel its timers. */
export function leave(d: Draft, i: number, reason: CloseReason, status: StepStatus): void {
  const { progress, ref } = slot(d, i);
  closeTasks(
    d,
    i,
    reason,
    pendingAssignees(progress).map((a) => a.staffId),
  );
  d.effects.push({ type: 'cancelDeadline', params: ref });
  progress.status = status;
}

/** 供覧: readers get an inform task; nobody decides, so the route does not wait and never closes it. */
export function circulate(d: Draft, i: number, reason: OpenReason): void {
  const { progress } = slot(d, i);
  progress.status = 'circulated';
  openTasks(d, i, reason, progress.assignees);
}

/**
 * Enter the first step at or after `from` that waits for someone, circulating inform steps
 * on the way. Past the last step the route is approved.
 */
export function enterFrom(d: Draft, from: number, now: string, reason: OpenReason = 'entered'): void {
  for (let i = from; i < d.context.steps.length; i++) {
    const { step, progress, ref } = slot(d, i);
    const why = i === from ? reason : 'entered';
    if (step.kind === 'inform') {
      circulate(d, i, why);
      continue;
    }
    progress.status = 'open';
    progress.decisions = [];
    progress.opening = d.context.openings = (d.context.openings ?? 0) + 1;
    d.context.current = i;
    openTasks(d, i, why, progress.assignees);
    const escalateHours = escalates(step, progress) ? step.escalateHours : null;
    d.effects.push({
      type: 'scheduleDeadline',
      params: { ...ref, opening: progress.opening, from: now, reminderHours: step.reminderHours, escalateHours },
    });
    return;
  }
  d.context.current = d.context.steps.length;
  const last = d.context.progress
    .flatMap((p) => p.decisions)
    .filter((x) => x.verdict === 'approve')
    .at(-1);
  // the last approval decides the route; made as 代決, the applicant is told for whom
  const onBehalfOf = last?.onBehalfOf === undefined ? {} : { onBehalfOf: last.onBehalfOf };
  const by = last?.by ?? null;
  const comment = last?.comment ?? null;
  d.context.outcome = { result: 'approved', by, ...onBehalfOf, comment, at: now };
  d.effects.push({ type: 'notifyRequester', params: { outcome: 'approved', by, ...onBehalfOf, comment } });
}

/** The route goes back to the applicant (差し戻し), or ends rejected. */
export function close(
  d: Draft,
  result: 'rejected' | 'returned',
  by: string | null,
  comment: string | null,
  now: string,
  onBehalfOf?: string,
): void {
  const behalf = onBehalfOf === undefined ? {} : { onBehalfOf };
  d.context.outcome = { result, by, ...behalf, comment, at: now };
  d.effects.push({ type: 'notifyRequester', params: { outcome: result, by, ...behalf, comment } });
}
