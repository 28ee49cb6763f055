import { transition } from 'xstate';
import type { KessaiQueueEvent } from './kessai-queue.events';
import { approve, consultSteps, disagree, play, type Snap, staff, start, T1, T2 } from './kessai-queue.fixtures';
import { KESSAI_QUEUE_VERSION, kessaiQueueMachine as machine } from './kessai-queue.machine';

const { requester, kakaricho, kacho, kachoDeputy, bucho, jicho, jinji, johoSeisaku, somu } = staff;

const states = ['inProgress', 'approved', 'rejected', 'returned', 'withdrawn'] as const;
type State = (typeof states)[number];

// The standard route (係長 → 課長 → 部長) waiting at 課長 (step 1).
const [atKacho] = play(start()[0], approve(kakaricho));
// The consultation route waiting at the 合議 step (step 1).
const [atConsult] = play(start(consultSteps())[0], approve(kacho));

function at(state: State, from: Snap = atKacho): Snap {
  return machine.resolveState({ value: state, context: structuredClone(from.context) });
}

const events: Record<string, KessaiQueueEvent> = {
  approve: approve(kacho),
  approveByPreviousApprover: approve(kakaricho),
  approveByRequester: approve(requester),
  approveDaiketsu: approve(kachoDeputy, { onBehalfOf: kacho }),
  approveDaiketsuForOther: approve(kachoDeputy, { onBehalfOf: bucho }),
  reject: { type: 'step.reject', by: kacho, comment: 'counter is short-staffed', now: T1 },
  rejectNoComment: { type: 'step.reject', by: kacho, comment: ' ', now: T1 },
  rejectByDeputy: { type: 'step.reject', by: kachoDeputy, onBehalfOf: kacho, comment: 'no', now: T1 },
  returnToApplicant: { type: 'step.return', by: kacho, comment: 'add the task list', now: T1 },
  returnToStep0: { type: 'step.return', by: kacho, comment: 'check again', toStep: 0, now: T1 },
  returnToSameStep: { type: 'step.return', by: kacho, comment: 'x', toStep: 1, now: T1 },
  returnNoComment: { type: 'step.return', by: kacho, comment: '', now: T1 },
  returnByRequester: { type: 'step.return', by: requester, comment: 'x', now: T1 },
  agree: { type: 'consult.agree', by: kacho, now: T1 },
  disagree: { type: 'consult.disagree', by: kacho, comment: 'no', now: T1 },
  skipAbsent: { type: 'step.skipAbsent', approverId: kacho, reason: 'sick leave', now: T1 },
  skipAbsentOther: { type: 'step.skipAbsent', approverId: bucho, reason: 'sick leave', now: T1 },
  pullForward: { type: 'step.pullForward', by: bucho, now: T1 },
  pullForwardByEarlier: { type: 'step.pullForward', by: kakaricho, now: T1 },
  reassign: { type: 'route.reassign', step: 1, from: kacho, to: 'S0022', reason: 'transfer', now: T1 },
  reassignFuture: { type: 'route.reassign', step: 2, from: bucho, to: 'S0012', reason: 'transfer', now: T1 },
  reassignPast: { type: 'route.reassign', step: 0, from: kakaricho, to: 'S0031', reason: 'x', now: T1 },
  reassignToRequester: { type: 'route.reassign', step: 1, from: kacho, to: requester, reason: 'x', now: T1 },
  reassignDaiketsu: {
    type: 'route.reassign',
    step: 1,
    from: kacho,
    to: kachoDeputy,
    onBehalfOf: kacho,
    reason: 'absent',
    now: T1,
  },
  reminded: { type: 'deadline.reminded', step: 1, now: T2 },
  remindedStale: { type: 'deadline.reminded', step: 0, now: T2 },
  expired: { type: 'deadline.expired', step: 1, now: T2 },
  expiredStale: { type: 'deadline.expired', step: 0, now: T2 },
  withdrawn: { type: 'request.withdrawn', now: T1 },
  restart: { type: 'route.restart', now: T2 },
};
type EventKey = keyof typeof events;

// The whole table at 課長 (step 1 of 係長 → 課長 → 部長): every pair not listed is refused.
const allowed: Partial<Record<State, Partial<Record<EventKey, State>>>> = {
  inProgress: {
    approve: 'inProgress',
    approveDaiketsu: 'inProgress',
    reject: 'rejected',
    returnToApplicant: 'returned',
    returnToStep0: 'inProgress',
    skipAbsent: 'inProgress',
    pullForward: 'approved',
    reassign: 'inProgress',
    reassignFuture: 'inProgress',
    reassignDaiketsu: 'inProgress',
    reminded: 'inProgress',
    expired: 'inProgress',
    withdrawn: 'withdrawn',
  },
  returned: { restart: 'inProgress', withdrawn: 'withdrawn' },
};

describe('kessai-queue machine: transition table at an approve step', () => {
  it('has a version', () => expect(KESSAI_QUEUE_VERSION).toBe(1));

  for (const state of states) {
    for (const key of Object.keys(events)) {
      const target = allowed[state]?.[key];
      const event = events[key]!;
      it(target ? `${state} --${key}--> ${target}` : `${state} refuses ${key}`, () => {
        const snap = at(state);
        expect(snap.can(event)).toBe(Boolean(target));
        expect(transition(machine, snap, event)[0].value).toBe(target ?? state);
      });
    }
  }

  it('marks approved, rejected and withdrawn final; returned waits for a restart', () => {
    for (const s of ['approved', 'rejected', 'withdrawn'] as const) expect(at(s).status).toBe('done');
    expect(at('returned').status).toBe('active');
  });
});

const consultEvents: Record<string, KessaiQueueEvent> = {
  agree: { type: 'consult.agree', by: jinji, now: T1 },
  agreeByNonParty: { type: 'consult.agree', by: bucho, now: T1 },
  agreeByRequester: { type: 'consult.agree', by: requester, now: T1 },
  disagree: disagree(jinji),
  disagreeNoComment: { type: 'consult.disagree', by: jinji, now: T1 },
  approve: approve(jinji),
  reject: { type: 'step.reject', by: jinji, comment: 'no', now: T1 },
  returnToStep0: { type: 'step.return', by: jinji, comment: 'redo', toStep: 0, now: T1 },
  skipAbsent: { type: 'step.skipAbsent', approverId: jinji, reason: 'leave', now: T1 },
  pullForwardOverConsultation: { type: 'step.pullForward', by: bucho, now: T1 },
  reassignParty: { type: 'route.reassign', step: 1, from: jinji, to: 'S0201', reason: 'leave', now: T1 },
  reassignPartyAsDaiketsu: {
    type: 'route.reassign',
    step: 1,
    from: jinji,
    to: 'S0201',
    onBehalfOf: jinji,
    reason: 'leave',
    now: T1,
  },
  expired: { type: 'deadline.expired', step: 1, now: T2 },
  withdrawn: { type: 'request.withdrawn', now: T1 },
};

// At a 合議 step (mode all): every pair not listed is refused.
const consultAllowed: Record<string, State> = {
  agree: 'inProgress',
  disagree: 'returned', // under 'all' one disagreement means the quorum can never be reached
  returnToStep0: 'inProgress',
  reassignParty: 'inProgress',
  expired: 'inProgress',
  withdrawn: 'withdrawn',
};

describe('kessai-queue machine: transition table at a consult step', () => {
  for (const [key, event] of Object.entries(consultEvents)) {
    const target = consultAllowed[key];
    it(target ? `inProgress(合議) --${key}--> ${target}` : `inProgress(合議) refuses ${key}`, () => {
      expect(atConsult.can(event)).toBe(Boolean(target));
      expect(transition(machine, atConsult, event)[0].value).toBe(target ?? 'inProgress');
    });
  }

  it('counts a party once: a second answer by the same party is refused', () => {
    const [snap] = play(atConsult, consultEvents.agree!);
    expect(snap.can(consultEvents.agree!)).toBe(false);
    expect(snap.can(disagree(jinji))).toBe(false);
    expect(snap.can(disagree(somu))).toBe(true);
    expect(snap.can({ type: 'consult.agree', by: johoSeisaku, now: T1 })).toBe(true);
  });

  it('escalates a silent party to the escalation target (onDeadline escalate)', () => {
    const [snap] = play(atConsult, consultEvents.expired!);
    expect(snap.can({ type: 'consult.agree', by: jicho, now: T2 })).toBe(true);
    expect(snap.can(consultEvents.agree!)).toBe(false);
  });
});
