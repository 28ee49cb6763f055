import { and, enqueueActions, or, setup } from 'xstate';
import type {
  CancelDeadlineParams,
  CloseTasksParams,
  CreateKouetsuParams,
  KessaiEffect,
  KessaiQueueContext,
  KessaiQueueEvent,
  KessaiQueueInput,
  NotifyRequesterParams,
  OpenTasksParams,
  RemindAssigneesParams,
  ScheduleDeadlineParams,
} from './kessai-queue.events';
import * as op from './kessai-queue.operations';
import {
  currentStep,
  freshProgress,
  hasLaterApproveStep,
  isDisputed,
  pendingAssignees,
  pullTarget,
  stepAt,
  type Draft,
} from './kessai-queue.steps';
import { hasVisibleText } from '../text';

export const KESSAI_QUEUE_VERSION = 1;

type Ctx = KessaiQueueContext;
type Ev = KessaiQueueEvent;

const byOf = (e: Ev) => ('by' in e ? e.by : undefined);
const behalfOf = (e: Ev) => ('onBehalfOf' in e ? e.onBehalfOf : undefined);
const holdsPending = (c: Ctx, staffId: string | undefined) => {
  const p = currentStep(c)?.progress;
  return !!p && pendingAssignees(p).some((a) => a.staffId === staffId);
};
/** The step an admin/system event names, else the current one. */
const targetStep = (c: Ctx, e: Ev) => ('step' in e ? stepAt(c, e.step) : currentStep(c));

/** Minimal shape of xstate's `enqueue` that commit needs. */
interface Enqueue {
  (action: KessaiEffect): void;
  assign: (context: Partial<Ctx>) => void;
}
function commit(enqueue: Enqueue, d: Draft): void {
  enqueue.assign(d.context);
  for (const effect of d.effects) enqueue(effect);
}
/** A named action running one pure operation: assign its context, enqueue its effects in order. */
function run<T extends Ev['type']>(types: T[], fn: (c: Ctx, e: Extract<Ev, { type: T }>) => Draft) {
  return enqueueActions<Ctx, Ev, undefined, Ev, never, KessaiEffect, never, never, never>(
    ({ context, event, enqueue }) => {
      if ((types as string[]).includes(event.type)) commit(enqueue, fn(context, event as never));
    },
  );
}
/** Entry of inProgress: the event is xstate.init at the start, route.restart afterwards. */
const enterRoute = enqueueActions<Ctx, Ev, undefined, Ev, never, KessaiEffect, never, never, never>(
  ({ context, event, enqueue }) => commit(enqueue, op.enterRoute(context, event)),
);

/**
 * Why `by` may not pull the route forward now (引上げ), or null when they may: never the requester;
 * only one who holds a later approve step in their own right; and not over a consultation (合議),
 * which must agree first. The guard of step.pullForward, and what a refusal tells the caller.
 */
export function pullForwardRefusal(context: Ctx, by: string): 'requester' | 'notLaterApprover' | 'consultation' | null {
  if (by === context.requesterId) return 'requester';
  const j = pullTarget(context, by);
  if (j === undefined) return 'notLaterApprover';
  return context.steps.slice(context.current, j).some((s) => s.kind === 'consult') ? 'consultation' : null;
}

/**
 * The steps a 差し戻し from the current step may name (toStep): the earlier ones that wait for a
 * decision, never a 供覧 (inform) step, which nobody decides. The guard of a return to a step,
 * and what a refusal lists for the caller.
 */
export function returnTargets(context: Ctx): number[] {
  return context.steps.flatMap((s, j) => (j < context.current && s.kind !== 'inform' ? [j] : []));
}

/**
 * One request's approval route (決裁ルート): approve steps (係長 → 課長 → 部長), 合議
 * (consult) and 供覧 (inform) steps, 代決 with 後閲, skip of an absent intermediate
 * approver, 引上げ, 差し戻し, reroute and deadline escalation. Pure: time arrives in
 * events (`now`); effects are the named actions below, read by src/workflow-runtime
 * from transition()'s action list as `{ type, params }`.
 */
export const kessaiQueueMachine = setup({
  types: {
    context: {} as Ctx,
    events: {} as Ev,
    input: {} as KessaiQueueInput,
  },
  guards: {
    // The requester never decides on their own request, in any capacity.
    isNotRequester: ({ context, event }) => byOf(event) !== undefined && byOf(event) !== context.requesterId,
    isApproveStep: ({ context }) => currentStep(context)?.step.kind === 'approve',
    isConsultStep: ({ context }) => currentStep(context)?.step.kind === 'consult',
    // Deciding in one's own right: holds the step's task, not as a deputy.
    isCurrentApprover: ({ context, event }) =>
      behalfOf(event) === undefined &&
      !!currentStep(context)?.progress.assignees.some((a) => a.staffId === byOf(event) && !a.onBehalfOf),
    // 代決: a deputy decides for the approver (task still with the approver, or rerouted to the deputy).
    isDaiketsu: ({ context, event }) => {
      const absent = behalfOf(event);
      if (absent === undefined || absent === byOf(event)) return false;
      return !!currentStep(context)?.progress.assignees.some(
        (a) => (a.staffId === absent && !a.onBehalfOf) || (a.staffId === byOf(event) && a.onBehalfOf === absent),
      );
    },
    // No 代決 for this class of matter, nor once a consultation (合議) has disagreed (a disputed matter).
    isDeputyAllowed: ({ context, event }) => {
      const at = targetStep(context, event);
      return at?.step.kind === 'approve' && at.step.daiketsuAllowed && !isDisputed(context);
    },
    // Reject, return and disagreement must say why.
    hasComment: ({ event }) => 'comment' in event && hasVisibleText(event.comment),
    holdsPendingTask: ({ context, event }) => holdsPending(context, byOf(event)),
    isReturnToApplicant: ({ event }) => event.type === 'step.return' && event.toStep === undefined,
    isEarlierStep: ({ context, event }) =>
      event.type === 'step.return' && event.toStep !== undefined && returnTargets(context).includes(event.toStep),
    // Only an intermediate approver may be skipped: the final decider (last approve step) never.
    isIntermediateStep: ({ context }) => hasLaterApproveStep(context),
    isAbsentAssignee: ({ context, event }) =>
      event.type === 'step.skipAbsent' && holdsPending(context, event.approverId),
    // 引上げ: see pullForwardRefusal
    mayPullForward: ({ context, event }) => {
      const by = byOf(event);
      return by !== undefined && pullForwardRefusal(context, by) === null;
    },
    isPendingStep: ({ context, event }) =>
      event.type === 'route.reassign' &&
      event.step >= context.current &&
      context.steps[event.step] !== undefined &&
      !(event.step === context.current && context.steps[event.step]?.kind === 'inform'),
    holdsReassignedTask: ({ context, event }) => {
      if (event.type !== 'route.reassign') return false;
      const p = stepAt(context, event.step)?.progress;
      const open = p && (event.step === context.current ? pendingAssignees(p) : p.assignees);
      return !!open?.some((a) => a.staffId === event.from);
    },
    isValidReassignee: ({ context, event }) =>
      event.type === 'route.reassign' &&
      event.to !== event.from &&
      event.to !== context.requesterId &&
      event.onBehalfOf !== event.to,
    isPlainReassign: ({ event }) => behalfOf(event) === undefined,
    // a deadline belongs to one opening of the step: one set before the step was left and
    // opened again (差し戻し to it, a new round) is stale, even if its timer was never cancelled
    isCurrentStep: ({ context, event }) => {
      if (!('step' in event) || event.step !== context.current) return false;
      const opening = 'opening' in event ? event.opening : undefined; // none: a timer stored before openings
      return opening === undefined || opening === currentStep(context)?.progress.opening;
    },
    isNotEscalated: ({ context }) => currentStep(context)?.progress.escalated === false,
    isSilenceAgreement: ({ context }) => {
      const step = currentStep(context)?.step;
      return step?.kind === 'consult' && step.onDeadline === 'agree';
    },
    canEscalate: ({ context }) => {
      const step = currentStep(context)?.step;
      if (!step?.escalateTo) return false;
      return step.kind === 'approve' || (step.kind === 'consult' && step.onDeadline !== 'agree');
    },
    hasRouteCompleted: ({ context }) => context.outcome?.result === 'approved',
    hasConsultationFailed: ({ context }) => context.outcome?.result === 'returned',
  },
  actions: {
    enterRoute,
    approveStep: run(['step.approve'], op.approveStep),
    rejectStep: run(['step.reject'], op.rejectStep),
    returnStep: run(['step.return'], op.returnStep),
    decideConsult: run(['consult.agree', 'consult.disagree'], op.decideConsult),
    skipAbsent: run(['step.skipAbsent'], op.skipAbsent),
    pullForward: run(['step.pullForward'], op.pullForward),
    reassign: run(['route.reassign'], op.reassign),
    remind: run(['deadline.reminded'], op.remind),
    deemAgreement: run(['deadline.expired'], op.deemAgreement),
    escalateStep: run(['deadline.expired'], op.escalateStep),
    withdrawRoute: run(['request.withdrawn'], (c, e) => op.withdraw(c, e, true)),
    withdrawReturned: run(['request.withdrawn'], (c, e) => op.withdraw(c, e, false)),
    restartRoute: run(['route.restart'], op.restart),
    // Effects: no-ops here, carried out by src/workflow-runtime in the same transaction.
    /** Create approval / 合議 / 供覧 tasks for the step's assignees. */
    openTasks: (_, _params: OpenTasksParams) => {},
    /** Close the open tasks the listed staff hold on the step. */
    closeTasks: (_, _params: CloseTasksParams) => {},
    /** Create a 後閲 (post-review) task for an approver who was decided for or skipped. */
    createKouetsu: (_, _params: CreateKouetsuParams) => {},
    /** Insert the step's reminder and escalation timers (business hours from `from`). */
    scheduleDeadline: (_, _params: ScheduleDeadlineParams) => {},
    /** Delete the step's timers. */
    cancelDeadline: (_, _params: CancelDeadlineParams) => {},
    /** Remind the holders of the step's open tasks. */
    remindAssignees: (_, _params: RemindAssigneesParams) => {},
    /** Tell the applicant the route's outcome. */
    notifyRequester: (_, _params: NotifyRequesterParams) => {},
  },
}).createMachine({
  id: 'kessai-queue',
  initial: 'inProgress',
  context: ({ input }) => ({ ...input, current: 0, progress: freshProgress(input.steps), round: 1, outcome: null }),
  states: {
    inProgress: {
      // Opens the first waiting step (at start, and after route.restart).
      entry: 'enterRoute',
      always: [
        { guard: 'hasRouteCompleted', target: 'approved' },
        { guard: 'hasConsultationFailed', target: 'returned' },
      ],
      on: {
        'step.approve': {
          guard: and([
            'isApproveStep',
            'isNotRequester',
            or(['isCurrentApprover', and(['isDaiketsu', 'isDeputyAllowed'])]),
          ]),
          actions: 'approveStep',
        },
        // A deputy may not reject: rejection waits for the approver (disputed matters go up, DOMAIN 代決).
        'step.reject': {
          guard: and(['isApproveStep', 'isNotRequester', 'isCurrentApprover', 'hasComment']),
          target: 'rejected',
          actions: 'rejectStep',
        },
        'step.return': [
          {
            guard: and(['isNotRequester', 'holdsPendingTask', 'hasComment', 'isReturnToApplicant']),
            target: 'returned',
            actions: 'returnStep',
          },
          {
            guard: and(['isNotRequester', 'holdsPendingTask', 'hasComment', 'isEarlierStep']),
            actions: 'returnStep',
          },
        ],
        'consult.agree': {
          guard: and(['isConsultStep', 'isNotRequester', 'holdsPendingTask']),
          actions: 'decideConsult',
        },
        'consult.disagree': {
          guard: and(['isConsultStep', 'isNotRequester', 'holdsPendingTask', 'hasComment']),
          actions: 'decideConsult',
        },
        'step.skipAbsent': {
          guard: and(['isApproveStep', 'isIntermediateStep', 'isAbsentAssignee']),
          actions: 'skipAbsent',
        },
        'step.pullForward': {
          guard: 'mayPullForward',
          actions: 'pullForward',
        },
        'route.reassign': {
          guard: and([
            'isPendingStep',
            'holdsReassignedTask',
            'isValidReassignee',
            or(['isPlainReassign', 'isDeputyAllowed']),
          ]),
          actions: 'reassign',
        },
        'deadline.reminded': { guard: 'isCurrentStep', actions: 'remind' },
        // Fires once per step: the step is marked escalated (or completes by deemed agreement).
        'deadline.expired': [
          { guard: and(['isCurrentStep', 'isNotEscalated', 'isSilenceAgreement']), actions: 'deemAgreement' },
          { guard: and(['isCurrentStep', 'isNotEscalated', 'canEscalate']), actions: 'escalateStep' },
        ],
        'request.withdrawn': { target: 'withdrawn', actions: 'withdrawRoute' },
      },
    },
    approved: { type: 'final' },
    rejected: { type: 'final' },
    // 差し戻し to the applicant: final unless the applicant resubmits (or withdraws).
    returned: {
      on: {
        'route.restart': { target: 'inProgress', actions: 'restartRoute' },
        'request.withdrawn': { target: 'withdrawn', actions: 'withdrawReturned' },
      },
    },
    withdrawn: { type: 'final' },
  },
});

export type KessaiQueueMachine = typeof kessaiQueueMachine;
