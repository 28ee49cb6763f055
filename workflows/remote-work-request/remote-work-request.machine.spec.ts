import { transition } from 'xstate';
import type { RemoteWorkRequestEvent } from './remote-work-request.events';
import { remoteWorkRequestMachine as machine } from './remote-work-request.machine';

const context = {
  requesterId: 'S0100',
  lastDate: '2026-12-10',
  outcome: null,
  route: null,
  submissions: 0,
} as const;

const states = [
  'draft',
  'awaitingDecision',
  'returned',
  'approved',
  'rejected',
  'withdrawn',
  'cancelled',
  'revoked',
  'expired',
] as const;
type State = (typeof states)[number];

const events: Record<string, RemoteWorkRequestEvent> = {
  edit: { type: 'request.edit' },
  submitAllow: { type: 'request.submit', outcome: 'allow' },
  submitException: { type: 'request.submit', outcome: 'needs_exception' },
  submitDeny: { type: 'request.submit', outcome: 'deny' },
  withdraw: { type: 'request.withdraw' },
  cancelInTime: { type: 'request.cancel', today: '2026-12-10' },
  cancelLate: { type: 'request.cancel', today: '2026-12-11' },
  approve: { type: 'decision.approved', by: 'S0010' },
  reject: { type: 'decision.rejected', by: 'S0010' },
  return: { type: 'decision.returned', by: 'S0010' },
  revokeInTime: { type: 'decision.revoked', by: 'S0010', today: '2026-12-10', comment: 'needed' },
  revokeLate: { type: 'decision.revoked', by: 'S0010', today: '2026-12-11', comment: 'needed' },
  // on a later day of the request: the days before it were worked
  cancelMidway: { type: 'request.cancel', today: '2026-12-09', keptUntil: '2026-12-08' },
  revokeMidway: {
    type: 'decision.revoked',
    by: 'S0010',
    today: '2026-12-09',
    comment: 'needed',
    keptUntil: '2026-12-08',
  },
  cancelLateKept: { type: 'request.cancel', today: '2026-12-11', keptUntil: '2026-12-10' },
  expireEarly: { type: 'deadline.expired', today: '2026-12-10' },
  expireLate: { type: 'deadline.expired', today: '2026-12-11' },
  notifyAllow: { type: 'request.notify', outcome: 'allow', by: 'S0010', registrationId: 'R1' },
  notifyException: { type: 'request.notify', outcome: 'needs_exception', by: 'S0010', registrationId: 'R1' },
};
type EventKey = keyof typeof events;

// The whole transition table: every (state, event) pair not listed here must be refused.
const allowed: Partial<Record<State, Partial<Record<EventKey, State>>>> = {
  draft: {
    edit: 'draft',
    notifyAllow: 'approved',
    submitAllow: 'awaitingDecision',
    submitException: 'awaitingDecision',
    withdraw: 'withdrawn',
    expireLate: 'expired',
  },
  awaitingDecision: {
    approve: 'approved',
    reject: 'rejected',
    return: 'returned',
    withdraw: 'withdrawn',
    expireLate: 'expired',
  },
  returned: {
    edit: 'returned',
    submitAllow: 'awaitingDecision',
    submitException: 'awaitingDecision',
    withdraw: 'withdrawn',
    expireLate: 'expired',
  },
  approved: { cancelInTime: 'cancelled', revokeInTime: 'revoked', cancelMidway: 'approved', revokeMidway: 'approved' },
};

function at(state: State) {
  return machine.resolveState({ value: state, context: { ...context } });
}

describe('remote-work-request machine: transition table', () => {
  for (const state of states) {
    for (const key of Object.keys(events) as EventKey[]) {
      const target = allowed[state]?.[key];
      const event = events[key]!;
      if (target) {
        it(`${state} --${key}--> ${target}`, () => {
          const snap = at(state);
          expect(snap.can(event)).toBe(true);
          const [next] = transition(machine, snap, event);
          expect(next.value).toBe(target);
        });
      } else {
        it(`${state} refuses ${key}`, () => {
          const snap = at(state);
          expect(snap.can(event)).toBe(false);
          const [next] = transition(machine, snap, event);
          expect(next.value).toBe(state);
        });
      }
    }
  }
});

describe('remote-work-request machine: context and effects', () => {
  it('starts as a draft with the input', () => {
    const snap = machine.resolveState({ value: 'draft', context: { ...context } });
    expect(snap.context.requesterId).toBe('S0100');
  });

  it('records the outcome and routes needs_exception to the exception route', () => {
    const [next, actions] = transition(machine, at('draft'), events.submitException!);
    expect(next.context).toMatchObject({ outcome: 'needs_exception', route: 'exception', submissions: 1 });
    expect(actions.map((a) => a.type)).toContain('openApproval');
  });

  it('counts resubmissions after a return', () => {
    const [next] = transition(machine, at('returned'), events.submitAllow!);
    expect(next.context.submissions).toBe(1);
    expect(next.context.route).toBe('standard');
  });

  it('takes the last day an edit gives it: cancel and expiry go by the dates the request has now', () => {
    for (const state of ['draft', 'returned'] as const) {
      const [moved] = transition(machine, at(state), { type: 'request.edit', lastDate: '2026-12-01' });
      expect(moved.context.lastDate).toBe('2026-12-01');
      expect(moved.can({ type: 'deadline.expired', today: '2026-12-02' })).toBe(true);
      // an edit of another field leaves it as it was
      const [kept] = transition(machine, at(state), events.edit!);
      expect(kept.context.lastDate).toBe('2026-12-10');
    }
  });

  it('approves a notice (届出) on filing, counting the submission, with no route to open', () => {
    const [next, actions] = transition(machine, at('draft'), events.notifyAllow!);
    expect(next.context).toMatchObject({ outcome: 'allow', route: null, submissions: 1 });
    expect(actions.map((a) => ({ type: a.type, params: a.params }))).toEqual([
      { type: 'acceptNotice', params: { by: 'S0010', registrationId: 'R1' } },
    ]);
  });

  it('notifies the requester of a decision', () => {
    const [, actions] = transition(machine, at('awaitingDecision'), events.reject!);
    expect(actions.map((a) => a.type)).toEqual(['notifyRequester']);
  });

  it('closes the open approval when the applicant withdraws (引戻し)', () => {
    const [, actions] = transition(machine, at('awaitingDecision'), events.withdraw!);
    expect(actions.map((a) => a.type)).toEqual(['closeApproval']);
  });

  it('closes the route that returned it when the applicant gives up, or its last day passes', () => {
    for (const e of [events.withdraw!, events.expireLate!]) {
      const [, actions] = transition(machine, at('returned'), e);
      expect(actions.map((a) => a.type)).toEqual(['closeApproval']);
    }
  });

  it('releases what an approved day reserved when it is cancelled, and tells whose approval it was', () => {
    const [, actions] = transition(machine, at('approved'), events.cancelInTime!);
    expect(actions.map((a) => ({ type: a.type, params: a.params }))).toEqual([
      { type: 'releaseDays', params: undefined },
      { type: 'notifyApprovers', params: {} },
    ]);
  });

  it('releases the days of a revoked approval and tells the requester', () => {
    const [, actions] = transition(machine, at('approved'), events.revokeInTime!);
    expect(actions.map((a) => a.type)).toEqual(['releaseDays', 'notifyRequester']);
  });

  it('keeps the days worked when cancelled or revoked after its first day: it ends on the last of them', () => {
    const [cancelled, cancelActions] = transition(machine, at('approved'), events.cancelMidway!);
    expect(cancelled.value).toBe('approved');
    expect(cancelled.context.lastDate).toBe('2026-12-08');
    expect(cancelActions.map((a) => ({ type: a.type, params: a.params }))).toEqual([
      { type: 'releaseDaysAfter', params: { after: '2026-12-08' } },
      { type: 'notifyApprovers', params: { keptUntil: '2026-12-08' } },
    ]);
    const [revoked, revokeActions] = transition(machine, at('approved'), events.revokeMidway!);
    expect(revoked.context.lastDate).toBe('2026-12-08');
    expect(revokeActions.map((a) => ({ type: a.type, params: a.params }))).toEqual([
      { type: 'releaseDaysAfter', params: { after: '2026-12-08' } },
      { type: 'notifyRequester', params: { by: 'S0010', comment: 'needed', keptUntil: '2026-12-08' } },
    ]);
    // what it kept is over by then: nothing is left to give back
    expect(cancelled.can({ type: 'request.cancel', today: '2026-12-09', keptUntil: '2026-12-08' })).toBe(false);
    // a day kept must lie before today (today's telework goes with the rest): a cut that keeps today or later
    // is refused, not taken for the whole request (whose notice would say days stay approved)
    for (const keptUntil of ['2026-12-09', '2026-12-10']) {
      expect(at('approved').can({ type: 'request.cancel', today: '2026-12-09', keptUntil })).toBe(false);
      expect(
        at('approved').can({ type: 'decision.revoked', by: 'S0010', today: '2026-12-09', comment: 'x', keptUntil }),
      ).toBe(false);
    }
  });

  it('marks terminal states final', () => {
    for (const s of ['rejected', 'withdrawn', 'cancelled', 'revoked', 'expired'] as const) {
      expect(at(s).status).toBe('done');
    }
    expect(at('approved').status).toBe('active');
  });
});
