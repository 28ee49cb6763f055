import { createMachine, fromPromise, initialTransition, transition } from 'xstate';
import { kessaiQueueMachine, remoteWorkRequestMachine, supervisorDecisionMachine } from '../../workflows';
import { persistedSnapshot, pureStarter, pureStepper } from './pure-stepper';

describe('pureStepper agrees with xstate transition()', () => {
  it('for the request machine through a whole lifecycle, snapshots and actions alike', () => {
    const events = [
      { type: 'request.edit' },
      { type: 'request.submit', outcome: 'needs_exception' },
      { type: 'decision.returned', by: 'S2' },
      { type: 'request.submit', outcome: 'allow' },
      { type: 'decision.approved', by: 'S2' },
      { type: 'request.cancel', today: '2026-12-01' },
    ] as const;
    const step = pureStepper(remoteWorkRequestMachine);
    let a = remoteWorkRequestMachine.resolveState({
      value: 'draft',
      context: { requesterId: 'S1', lastDate: '2026-12-03', outcome: null, route: null, submissions: 0 },
    });
    let b = a;
    for (const e of events) {
      const [na, aa] = transition(remoteWorkRequestMachine, a, e);
      const [nb, ab] = step(b, e);
      expect(remoteWorkRequestMachine.getPersistedSnapshot(nb)).toEqual(
        remoteWorkRequestMachine.getPersistedSnapshot(na),
      );
      expect(ab.map((x) => [x.type, x.params])).toEqual(aa.map((x) => [x.type, x.params]));
      a = na;
      b = nb;
    }
    expect(b.value).toBe('cancelled');
  });

  it('for refused events: the snapshot stays and nothing is recorded', () => {
    const step = pureStepper(supervisorDecisionMachine);
    const s = supervisorDecisionMachine.resolveState({
      value: 'pending',
      context: {
        requestId: 'r',
        requesterId: 'S1',
        assigneeId: 'S2',
        kind: 'approval',
        decidedBy: null,
        comment: null,
      },
    });
    const [next, actions] = step(s, { type: 'decision.approve', by: 'S9' });
    expect(next.value).toBe('pending');
    expect(actions).toEqual([]);
    const [done] = step(s, { type: 'decision.reject', by: 'S2', comment: 'no' });
    expect(done.context).toMatchObject({ decidedBy: 'S2', comment: 'no' });
  });

  it('starts machines as initialTransition() does: the same snapshot and entry actions', () => {
    const input = routeInput();
    const start = pureStarter(kessaiQueueMachine);
    for (let i = 0; i < 2; i++) {
      const [a, aa] = initialTransition(kessaiQueueMachine, input as never);
      const [b, ab] = start(input);
      expect(kessaiQueueMachine.getPersistedSnapshot(b)).toEqual(kessaiQueueMachine.getPersistedSnapshot(a));
      expect(ab.map((x) => [x.type, x.params])).toEqual(aa.map((x) => [x.type, x.params]));
      expect(ab.length).toBeGreaterThan(0);
    }
  });

  it('persists snapshots as getPersistedSnapshot() does, byte for byte, in every state of a lifecycle', () => {
    const step = pureStepper(remoteWorkRequestMachine);
    let snap = remoteWorkRequestMachine.resolveState({
      value: 'draft',
      context: { requesterId: 'S1', lastDate: '2026-12-03', outcome: null, route: null, submissions: 0 },
    });
    const seen: string[] = [];
    for (const e of [
      { type: 'request.submit', outcome: 'allow' },
      { type: 'decision.approved', by: 'S2' },
      { type: 'request.cancel', today: '2026-12-01' },
    ]) {
      [snap] = step(snap, e);
      seen.push(String(snap.value));
      expect(JSON.stringify(persistedSnapshot(remoteWorkRequestMachine, snap))).toBe(
        JSON.stringify(remoteWorkRequestMachine.getPersistedSnapshot(snap)),
      );
    }
    expect(seen).toEqual(['awaitingDecision', 'approved', 'cancelled']);
    const [route] = initialTransition(kessaiQueueMachine, routeInput() as never);
    const [approved] = pureStepper(kessaiQueueMachine)(route, {
      type: 'step.approve',
      by: 'S2',
      now: '2026-11-26T01:00:00.000Z',
    });
    expect(approved.status).toBe('done');
    for (const s of [route, approved])
      expect(JSON.stringify(persistedSnapshot(kessaiQueueMachine, s))).toBe(
        JSON.stringify(kessaiQueueMachine.getPersistedSnapshot(s)),
      );
  });

  it('leaves a snapshot with a child actor to xstate', () => {
    const parent = createMachine({
      initial: 'waiting',
      states: { waiting: { invoke: { id: 'job', src: 'job' } } },
    }).provide({ actors: { job: fromPromise(() => new Promise<void>(() => {})) } });
    const [snap] = initialTransition(parent);
    expect(Object.keys(snap.children)).toEqual(['job']);
    expect(persistedSnapshot(parent, snap)).toEqual(parent.getPersistedSnapshot(snap));
    expect((persistedSnapshot(parent, snap).children as Record<string, unknown>).job).toBeDefined();
  });
});

/** A two-step route: one approver, then two readers (供覧). */
function routeInput() {
  return {
    requestId: 'r1',
    requesterId: 'S1',
    routeId: 'standard',
    startedAt: '2026-11-26T00:30:00.000Z',
    steps: [
      { id: 'a', kind: 'approve', approvers: ['S2'], daiketsuAllowed: true, reminderHours: 4, escalateHours: 8 },
      {
        id: 'b',
        kind: 'inform',
        approvers: ['S3', 'S4'],
        daiketsuAllowed: false,
        reminderHours: 4,
        escalateHours: 8,
      },
    ],
  };
}
