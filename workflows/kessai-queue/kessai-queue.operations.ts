import type { KessaiQueueContext, KessaiQueueEvent } from './kessai-queue.events';
import {
  addKouetsu,
  begin,
  circulate,
  close,
  closeTasks,
  consultTally,
  type Draft,
  enterFrom,
  freshProgress,
  leave,
  openTasks,
  partyOf,
  pendingAssignees,
  pullTarget,
  slot,
  unique,
  withBehalf,
} from './kessai-queue.steps';

/**
 * One pure function per thing that can happen to the route: (context, event) → Draft.
 * Guards in the machine have already checked the event; these only do the bookkeeping.
 */
type Ev<T extends KessaiQueueEvent['type']> = Extract<KessaiQueueEvent, { type: T }>;

/** Time of the event; the initial entry (xstate.init) has none, so the route's start time. */
const nowOf = (c: KessaiQueueContext, e: { type: string }): string =>
  'now' in e && typeof e.now === 'string' ? e.now : c.startedAt;

/** Entry of inProgress (start, and restart after 差し戻し): open the first waiting step. */
export function enterRoute(c: KessaiQueueContext, e: { type: string }): Draft {
  const d = begin(c);
  enterFrom(d, c.current, nowOf(c, e));
  return d;
}

export function approveStep(c: KessaiQueueContext, e: Ev<'step.approve'>): Draft {
  const d = begin(c);
  const i = c.current;
  const { progress } = slot(d, i);
  leave(d, i, 'decided', 'done');
  progress.decisions.push({ by: e.by, ...optional(e.onBehalfOf, e.comment), verdict: 'approve', at: e.now });
  if (e.onBehalfOf) addKouetsu(d, i, e.onBehalfOf, e.by, 'daiketsu', e.now);
  else if (progress.escalated) {
    for (const p of progress.escalatedFrom.filter((x) => x !== e.by)) addKouetsu(d, i, p, e.by, 'escalated', e.now);
  }
  enterFrom(d, i + 1, e.now);
  return d;
}

export function rejectStep(c: KessaiQueueContext, e: Ev<'step.reject'>): Draft {
  const d = begin(c);
  slot(d, c.current).progress.decisions.push({ by: e.by, verdict: 'reject', comment: e.comment, at: e.now });
  leave(d, c.current, 'rejected', 'done');
  close(d, 'rejected', e.by, e.comment, e.now);
  return d;
}

/** 差し戻し: to an earlier step (reopened; later steps start over) or to the applicant. */
export function returnStep(c: KessaiQueueContext, e: Ev<'step.return'>): Draft {
  const d = begin(c);
  // a deputy returns as 代決 for the approver whose task they hold (as an approval records it)
  const onBehalfOf = pendingAssignees(slot(d, c.current).progress).find((a) => a.staffId === e.by)?.onBehalfOf;
  // to the applicant: the return is this step's decision (as a rejection is); to an earlier
  // step: this one waits to be reached again
  leave(d, c.current, 'returned', e.toStep === undefined ? 'done' : 'waiting');
  if (e.toStep === undefined) {
    const decision = { by: e.by, ...optional(onBehalfOf, e.comment), verdict: 'return' as const, at: e.now };
    slot(d, c.current).progress.decisions.push(decision);
    close(d, 'returned', e.by, e.comment, e.now, onBehalfOf);
    return d;
  }
  for (let i = e.toStep; i <= c.current; i++) {
    const { progress } = slot(d, i);
    progress.status = 'waiting';
    progress.decisions = [];
  }
  enterFrom(d, e.toStep, e.now, 'reopened');
  return d;
}

/** 合議: record the party's answer, then complete the step, keep waiting, or return the route. */
export function decideConsult(c: KessaiQueueContext, e: Ev<'consult.agree' | 'consult.disagree'>): Draft {
  const d = begin(c);
  const i = c.current;
  const { progress } = slot(d, i);
  const verdict = e.type === 'consult.agree' ? 'agree' : 'disagree';
  const held = pendingAssignees(progress).filter((a) => a.staffId === e.by);
  closeTasks(d, i, 'decided', [e.by]);
  for (const a of held) progress.decisions.push({ by: e.by, ...optional(a.onBehalfOf, e.comment), verdict, at: e.now });
  settleConsult(d, e.by, e.comment ?? null, e.now);
  return d;
}

function settleConsult(d: Draft, by: string | null, comment: string | null, now: string): void {
  const i = d.context.current;
  const { step, progress } = slot(d, i);
  const { agreed, pending, need } = consultTally(step, progress);
  if (agreed >= need) {
    leave(d, i, 'consultationComplete', 'done');
    enterFrom(d, i + 1, now);
  } else if (agreed + pending < need) {
    // The quorum can no longer be reached: the applicant must change the matter and ask again.
    leave(d, i, 'returned', 'done');
    close(d, 'returned', by, comment, now);
  }
}

/** An absent intermediate approver is skipped and reviews afterwards (後閲). */
export function skipAbsent(c: KessaiQueueContext, e: Ev<'step.skipAbsent'>): Draft {
  const d = begin(c);
  const i = c.current;
  const held = pendingAssignees(slot(d, i).progress).filter((a) => a.staffId === e.approverId);
  leave(d, i, 'skippedAbsent', 'skipped');
  for (const party of unique(held.map(partyOf))) addKouetsu(d, i, party, null, 'skippedAbsent', e.now);
  enterFrom(d, i + 1, e.now);
  return d;
}

/** 引上げ: a later approver decides now; the approvers in between review afterwards. */
export function pullForward(c: KessaiQueueContext, e: Ev<'step.pullForward'>): Draft {
  const d = begin(c);
  const j = pullTarget(c, e.by) ?? c.current; // the guard found it
  leave(d, c.current, 'pulledForward', 'skipped');
  for (let i = c.current; i < j; i++) {
    const { step, progress } = slot(d, i);
    if (step.kind === 'inform') {
      circulate(d, i, 'entered');
      continue;
    }
    progress.status = 'skipped';
    for (const party of unique(progress.assignees.map(partyOf))) addKouetsu(d, i, party, e.by, 'pulledForward', e.now);
  }
  const target = slot(d, j).progress;
  target.status = 'done';
  target.decisions = [{ by: e.by, ...optional(undefined, e.comment), verdict: 'approve', at: e.now }];
  enterFrom(d, j + 1, e.now);
  return d;
}

/**
 * Reroute a pending step's assignee. A 代決 task handed on to the next deputy stays a 代決
 * task; handing it back to the approver themself makes it an ordinary task again.
 */
export function reassign(c: KessaiQueueContext, e: Ev<'route.reassign'>): Draft {
  const d = begin(c);
  const { progress } = slot(d, e.step);
  const open = new Set(e.step === c.current ? pendingAssignees(progress) : progress.assignees);
  const moved = progress.assignees.filter((a) => a.staffId === e.from && open.has(a));
  const next = moved.map((a) => withBehalf(e.to, e.onBehalfOf ?? (a.onBehalfOf === e.to ? undefined : a.onBehalfOf)));
  progress.assignees = progress.assignees.map((a) => (moved.includes(a) ? next[moved.indexOf(a)]! : a));
  if (e.step === c.current) {
    closeTasks(d, e.step, 'reassigned', [e.from]);
    openTasks(d, e.step, 'reassigned', next);
  }
  return d;
}

export function remind(c: KessaiQueueContext, e: Ev<'deadline.reminded'>): Draft {
  const d = begin(c);
  const { progress, ref } = slot(d, e.step);
  const staffIds = unique(pendingAssignees(progress).map((a) => a.staffId));
  d.effects.push({ type: 'remindAssignees', params: { ...ref, staffIds } });
  return d;
}

/** 合議 with onDeadline 'agree': silence counts as agreement. */
export function deemAgreement(c: KessaiQueueContext, e: Ev<'deadline.expired'>): Draft {
  const d = begin(c);
  const { progress } = slot(d, e.step);
  const silent = pendingAssignees(progress);
  closeTasks(
    d,
    e.step,
    'deemedAgreed',
    silent.map((a) => a.staffId),
  );
  for (const a of silent) progress.decisions.push({ by: partyOf(a), verdict: 'deemedAgree', at: e.now });
  progress.escalated = true;
  settleConsult(d, null, null, e.now);
  return d;
}

/** The step's open tasks go to escalateTo (once per step): as the decider, or for each silent 合議 party. */
export function escalateStep(c: KessaiQueueContext, e: Ev<'deadline.expired'>): Draft {
  const d = begin(c);
  const { step, progress } = slot(d, e.step);
  const to = step.escalateTo ?? ''; // the guard checked it is set
  const silent = pendingAssignees(progress);
  const next =
    step.kind === 'approve' ? [{ staffId: to }] : silent.map((a) => ({ staffId: to, onBehalfOf: partyOf(a) }));
  progress.assignees = [...progress.assignees.filter((a) => !silent.includes(a)), ...next];
  progress.escalated = true;
  progress.escalatedFrom = unique(silent.map(partyOf));
  closeTasks(
    d,
    e.step,
    'escalated',
    silent.map((a) => a.staffId),
  );
  openTasks(d, e.step, 'escalated', next);
  return d;
}

/** 引戻し: the applicant retracts; whatever is open closes. */
export function withdraw(c: KessaiQueueContext, e: Ev<'request.withdrawn'>, inProgress: boolean): Draft {
  const d = begin(c);
  if (inProgress) leave(d, c.current, 'withdrawn', 'closed');
  // nobody withdrew an expired request: its last day passed
  d.context.outcome = { result: 'withdrawn', by: e.expired ? null : c.requesterId, comment: null, at: e.now };
  return d;
}

/** Resubmission after 差し戻し: a new round from step 0; entry of inProgress opens it. */
export function restart(c: KessaiQueueContext): Draft {
  const d = begin(c);
  d.context = { ...d.context, current: 0, progress: freshProgress(c.steps), round: c.round + 1, outcome: null };
  return d;
}

/** Optional decision fields, left out rather than stored as undefined. */
function optional(onBehalfOf: string | undefined, comment: string | undefined) {
  return {
    ...(onBehalfOf === undefined ? {} : { onBehalfOf }),
    ...(comment === undefined ? {} : { comment }),
  };
}
