import { initialTransition, transition } from 'xstate';
import type { KessaiQueueEvent, KessaiQueueInput, RouteStep } from './kessai-queue.events';
import { kessaiQueueMachine as machine } from './kessai-queue.machine';

/** Test fixtures: staff, routes and a small driver. Not used by the machine. */
export const staff = {
  requester: 'S0100',
  kakaricho: 'S0030', // 係長
  kakarichoAlt: 'S0031',
  kacho: 'S0020', // 課長
  kachoDeputy: 'S0021', // 課長補佐, named deputy for 代決
  bucho: 'S0010', // 部長
  jicho: 'S0011', // 次長: escalation target
  jinji: 'S0200', // 人事課 (合議)
  johoSeisaku: 'S0300', // 情報政策課 (合議)
  somu: 'S0400', // 総務課 (合議)
  hr: 'S0500', // 供覧
} as const;

export const T0 = '2026-06-01T09:00:00+09:00';
export const T1 = '2026-06-01T10:00:00+09:00';
export const T2 = '2026-06-02T10:00:00+09:00';

const base = { daiketsuAllowed: false, reminderHours: 8, escalateHours: 16 };

export function approveStep(id: string, approver: string, extra: Partial<RouteStep> = {}): RouteStep {
  return { ...base, id, kind: 'approve', approvers: [approver], ...extra };
}

/** 係長 → 課長 → 部長; 代決 allowed at 課長 and 部長. */
export const standardSteps: RouteStep[] = [
  approveStep('kakaricho', staff.kakaricho, { escalateTo: staff.kacho }),
  approveStep('kacho', staff.kacho, { daiketsuAllowed: true, escalateTo: staff.jicho }),
  approveStep('bucho', staff.bucho, { daiketsuAllowed: true }),
];

/** 課長 → 合議 (three sections) → 供覧 (HR) → 部長. */
export function consultSteps(consult: Partial<RouteStep> = {}): RouteStep[] {
  return [
    approveStep('kacho', staff.kacho, { daiketsuAllowed: true }),
    {
      ...base,
      id: 'aigi',
      kind: 'consult',
      approvers: [staff.jinji, staff.johoSeisaku, staff.somu],
      mode: 'all',
      onDeadline: 'escalate',
      escalateTo: staff.jicho,
      ...consult,
    },
    { ...base, id: 'kyoran', kind: 'inform', approvers: [staff.hr] },
    approveStep('bucho', staff.bucho, { daiketsuAllowed: true }),
  ];
}

export function input(steps: RouteStep[] = standardSteps): KessaiQueueInput {
  return { requestId: 'r1', requesterId: staff.requester, routeId: 'standard', steps, startedAt: T0 };
}

export type Snap = ReturnType<typeof machine.resolveState>;
export type Effect = { type: string; params?: unknown };

/** The effects as the runtime reads them: `{ type, params }` of each returned action. */
export const effectsOf = (actions: { type: string; params?: unknown }[]): Effect[] =>
  actions.map((a) => (a.params === undefined ? { type: a.type } : { type: a.type, params: a.params }));

export function start(steps: RouteStep[] = standardSteps): [Snap, Effect[]] {
  const [snap, actions] = initialTransition(machine, input(steps));
  return [snap, effectsOf(actions)];
}

/** Send events in order, each of which must be accepted; returns the last snapshot and its effects. */
export function play(snap: Snap, ...events: KessaiQueueEvent[]): [Snap, Effect[]] {
  let effects: Effect[] = [];
  for (const event of events) {
    if (!snap.can(event)) throw new Error(`refused in ${JSON.stringify(snap.value)}: ${JSON.stringify(event)}`);
    const [next, actions] = transition(machine, snap, event);
    snap = next;
    effects = effectsOf(actions);
  }
  return [snap, effects];
}

export const approve = (by: string, extra: Partial<KessaiQueueEvent> = {}): KessaiQueueEvent =>
  ({ type: 'step.approve', by, now: T1, ...extra }) as KessaiQueueEvent;
export const agree = (by: string): KessaiQueueEvent => ({ type: 'consult.agree', by, now: T1 });
export const disagree = (by: string): KessaiQueueEvent => ({ type: 'consult.disagree', by, comment: 'no', now: T1 });
export const expired = (step: number): KessaiQueueEvent => ({ type: 'deadline.expired', step, now: T2 });

// Expected effects, built the way the runtime reads them.
export const types = (effects: Effect[]) => effects.map((e) => e.type);
export const ref = (step: number, stepId: string) => ({ step, stepId });
export const open = (step: number, stepId: string, reason: string, assignees: object[]) => ({
  type: 'openTasks',
  params: { ...ref(step, stepId), reason, assignees },
});
export const closed = (step: number, stepId: string, reason: string, staffIds: string[]) => ({
  type: 'closeTasks',
  params: { ...ref(step, stepId), reason, staffIds },
});
export const cancel = (step: number, stepId: string) => ({ type: 'cancelDeadline', params: ref(step, stepId) });
/** opening: the route's count of step openings when this one opened (1 for the first step). */
export const schedule = (
  step: number,
  stepId: string,
  from: string,
  opening: number,
  escalateHours: number | null = 16,
) => ({
  type: 'scheduleDeadline',
  params: { ...ref(step, stepId), opening, from, reminderHours: 8, escalateHours },
});
export const kouetsu = (
  step: number,
  stepId: string,
  approverId: string,
  decidedBy: string | null,
  reason: string,
) => ({
  type: 'createKouetsu',
  params: { ...ref(step, stepId), approverId, decidedBy, reason },
});
export const approval = (staffId: string, onBehalfOf?: string) => ({
  staffId,
  ...(onBehalfOf ? { onBehalfOf } : {}),
  kind: 'approval',
});
export const returnTo = (by: string, toStep?: number): KessaiQueueEvent => ({
  type: 'step.return',
  by,
  comment: 'please revise',
  now: T1,
  ...(toStep === undefined ? {} : { toStep }),
});
