import type { KessaiQueueEvent } from './kessai-queue.events';
import { kessaiQueueMachine as machine } from './kessai-queue.machine';
import {
  agree,
  approval,
  approve,
  cancel,
  closed,
  consultSteps,
  disagree,
  expired,
  kouetsu,
  open,
  play,
  returnTo,
  schedule,
  staff,
  start,
  T0,
  T1,
  T2,
} from './kessai-queue.fixtures';

const { kakaricho, kakarichoAlt, kacho, kachoDeputy, bucho, jicho, jinji, johoSeisaku, somu, hr } = staff;

describe('kessai-queue: the standard route 係長 → 課長 → 部長', () => {
  it('opens the first step with its deadline at the route start', () => {
    const [snap, effects] = start();
    expect(snap.value).toBe('inProgress');
    expect(snap.context).toMatchObject({ current: 0, round: 1, outcome: null });
    expect(effects).toEqual([open(0, 'kakaricho', 'entered', [approval(kakaricho)]), schedule(0, 'kakaricho', T0, 1)]);
  });

  it('is approved after each approver decides in order', () => {
    const [s1, e1] = play(start()[0], approve(kakaricho));
    expect(e1).toEqual([
      closed(0, 'kakaricho', 'decided', [kakaricho]),
      cancel(0, 'kakaricho'),
      open(1, 'kacho', 'entered', [approval(kacho)]),
      schedule(1, 'kacho', T1, 2),
    ]);
    const [s2, e2] = play(s1, approve(kacho));
    // 部長 has no escalation target: no expiry timer.
    expect(e2.at(-1)).toEqual(schedule(2, 'bucho', T1, 3, null));
    const [s3, e3] = play(s2, approve(bucho, { comment: 'ok' }));
    expect(s3.value).toBe('approved');
    expect(e3).toEqual([
      closed(2, 'bucho', 'decided', [bucho]),
      cancel(2, 'bucho'),
      { type: 'notifyRequester', params: { outcome: 'approved', by: bucho, comment: 'ok' } },
    ]);
    expect(s3.context.progress.map((p) => p.status)).toEqual(['done', 'done', 'done']);
    expect(s3.context.outcome).toEqual({ result: 'approved', by: bucho, comment: 'ok', at: T1 });
  });

  it('shows where the route stopped: a rejecting or returning step is done, a withdrawn one closed', () => {
    const atKacho = play(start()[0], approve(kakaricho))[0];
    const statuses = (...events: KessaiQueueEvent[]) =>
      play(atKacho, ...events)[0].context.progress.map((p) => p.status);
    expect(statuses({ type: 'step.reject', by: kacho, comment: 'no', now: T1 })).toEqual(['done', 'done', 'waiting']);
    expect(statuses({ type: 'step.return', by: kacho, comment: 'fix', now: T1 })).toEqual(['done', 'done', 'waiting']);
    expect(statuses({ type: 'request.withdrawn', now: T1 })).toEqual(['done', 'closed', 'waiting']);
    expect(play(atKacho, { type: 'request.withdrawn', now: T1 })[0].context.outcome?.by).toBe(staff.requester);
    // the request's last day passed undecided: closed the same way, but nobody withdrew it
    const expired = play(atKacho, { type: 'request.withdrawn', now: T2, expired: true })[0];
    expect(expired.context.progress.map((p) => p.status)).toEqual(['done', 'closed', 'waiting']);
    expect(expired.context.outcome).toEqual({ result: 'withdrawn', by: null, comment: null, at: T2 });
    // returned to an earlier step: that one is open again, the returning one waits to be reached again
    expect(statuses({ type: 'step.return', by: kacho, comment: 'check', toStep: 0, now: T1 })).toEqual([
      'open',
      'waiting',
      'waiting',
    ]);
    // a route returned to the applicant and then withdrawn keeps the step that returned it done
    expect(
      statuses({ type: 'step.return', by: kacho, comment: 'fix', now: T1 }, { type: 'request.withdrawn', now: T2 }),
    ).toEqual(['done', 'done', 'waiting']);
  });

  it('survives the runtime’s persistence round trip (getPersistedSnapshot → jsonb → resolveState)', () => {
    const [atKacho] = play(start()[0], approve(kakaricho));
    const stored = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(atKacho))) as object;
    const restored = machine.resolveState(stored as never);
    expect(restored.context).toEqual(atKacho.context);
    expect(play(restored, approve(kacho), approve(bucho))[0].value).toBe('approved');
  });

  it('returns effects the runtime can read as { type, params } with JSON-safe params', () => {
    const [, effects] = play(start()[0], approve(kakaricho), approve(kachoDeputy, { onBehalfOf: kacho }));
    for (const e of effects) {
      expect(e.type).not.toMatch(/^xstate\./);
      expect(JSON.parse(JSON.stringify(e.params))).toEqual(e.params);
    }
  });
});

describe('kessai-queue: 代決 (a deputy decides) and 後閲', () => {
  const [atKacho] = play(start()[0], approve(kakaricho));
  /** The 課長's task goes to the 課長補佐, who holds it as 代決 (as a reroute of an absent 課長 does). */
  const toKachoDeputy: KessaiQueueEvent = {
    type: 'route.reassign',
    step: 1,
    from: kacho,
    to: kachoDeputy,
    onBehalfOf: kacho,
    reason: 'absent',
    now: T1,
  };

  it('lets a deputy decide where allowed and creates a 後閲 for the absent approver', () => {
    const [snap, effects] = play(atKacho, approve(kachoDeputy, { onBehalfOf: kacho }));
    expect(effects.slice(0, 3)).toEqual([
      closed(1, 'kacho', 'decided', [kacho]),
      cancel(1, 'kacho'),
      kouetsu(1, 'kacho', kacho, kachoDeputy, 'daiketsu'),
    ]);
    expect(snap.context.progress[1]?.decisions).toEqual([
      { by: kachoDeputy, onBehalfOf: kacho, verdict: 'approve', at: T1 },
    ]);
    expect(snap.context.current).toBe(2);
  });

  it('tells the applicant for whom the route was approved when its last approval is a 代決', () => {
    const deputy = 'S0011';
    const [snap, effects] = play(atKacho, approve(kacho), approve(deputy, { onBehalfOf: bucho, comment: 'ok' }));
    expect(snap.value).toBe('approved');
    expect(effects.at(-1)).toEqual({
      type: 'notifyRequester',
      params: { outcome: 'approved', by: deputy, onBehalfOf: bucho, comment: 'ok' },
    });
    expect(snap.context.outcome).toEqual({ result: 'approved', by: deputy, onBehalfOf: bucho, comment: 'ok', at: T1 });
  });

  it('refuses 代決 where the step does not allow it', () => {
    const [snap] = start();
    expect(snap.can(approve(kakarichoAlt, { onBehalfOf: kakaricho }))).toBe(false);
    const reroute: KessaiQueueEvent = {
      type: 'route.reassign',
      step: 0,
      from: kakaricho,
      to: kakarichoAlt,
      onBehalfOf: kakaricho,
      reason: 'absent',
      now: T1,
    };
    expect(snap.can(reroute)).toBe(false);
  });

  it('routes a 代決 task to the deputy, who then decides on behalf of the approver', () => {
    const [snap, effects] = play(atKacho, toKachoDeputy);
    expect(effects).toEqual([
      closed(1, 'kacho', 'reassigned', [kacho]),
      open(1, 'kacho', 'reassigned', [approval(kachoDeputy, kacho)]),
    ]);
    expect(snap.can(approve(kacho))).toBe(false);
    expect(snap.can(approve(kachoDeputy))).toBe(false);
    const [, after] = play(snap, approve(kachoDeputy, { onBehalfOf: kacho }));
    expect(after).toContainEqual(kouetsu(1, 'kacho', kacho, kachoDeputy, 'daiketsu'));
  });

  it('records a deputy’s 差し戻し to the applicant as made for the approver, and tells the applicant so', () => {
    const [rerouted] = play(atKacho, toKachoDeputy);
    const [snap, effects] = play(rerouted, returnTo(kachoDeputy));
    expect(snap.value).toBe('returned');
    expect(snap.context.progress[1]!.decisions.at(-1)).toMatchObject({
      by: kachoDeputy,
      onBehalfOf: kacho,
      verdict: 'return',
    });
    expect(snap.context.outcome).toMatchObject({ result: 'returned', by: kachoDeputy, onBehalfOf: kacho });
    expect(effects).toContainEqual({
      type: 'notifyRequester',
      params: { outcome: 'returned', by: kachoDeputy, onBehalfOf: kacho, comment: expect.any(String) },
    });
    // an approver returning in their own right is no one's deputy
    const [, own] = play(atKacho, returnTo(kacho));
    expect(own).toContainEqual({
      type: 'notifyRequester',
      params: { outcome: 'returned', by: kacho, comment: expect.any(String) },
    });
  });

  it('refuses 代決 once a consultation (合議) has disagreed', () => {
    const [snap] = play(start(consultSteps({ mode: 'any' }))[0], approve(kacho), disagree(jinji), agree(somu));
    expect(snap.context.current).toBe(3);
    expect(snap.can(approve('S0012', { onBehalfOf: bucho }))).toBe(false);
    expect(snap.can(approve(bucho))).toBe(true);
  });
});

describe('kessai-queue: 合議 (consultation) and 供覧 (circulation)', () => {
  const atConsult = (consult = {}) => play(start(consultSteps(consult))[0], approve(kacho));
  // Leaving the 合議 step: 供覧 to HR goes out without waiting, the 部長 step opens.
  const afterConsult = (now = T1) => [
    cancel(1, 'aigi'),
    open(2, 'kyoran', 'entered', [{ staffId: hr, kind: 'inform' }]),
    open(3, 'bucho', 'entered', [approval(bucho)]),
    schedule(3, 'bucho', now, 3, null),
  ];

  it('opens one consult task per party', () => {
    const [, effects] = atConsult();
    expect(effects[2]).toEqual(
      open(
        1,
        'aigi',
        'entered',
        [jinji, johoSeisaku, somu].map((staffId) => ({ staffId, kind: 'consult' })),
      ),
    );
  });

  it("mode 'all' completes when every party agrees, then circulates to HR without waiting", () => {
    const [s1, e1] = play(atConsult()[0], agree(jinji));
    expect(e1).toEqual([closed(1, 'aigi', 'decided', [jinji])]);
    const [s2, e2] = play(s1, agree(johoSeisaku), agree(somu));
    expect(e2).toEqual([closed(1, 'aigi', 'decided', [somu]), ...afterConsult()]);
    expect(s2.context.progress.map((p) => p.status)).toEqual(['done', 'done', 'circulated', 'open']);
  });

  it("mode 'all' returns the route to the applicant on a disagreement", () => {
    const [snap, effects] = play(atConsult()[0], disagree(johoSeisaku));
    expect(snap.value).toBe('returned');
    expect(effects).toEqual([
      closed(1, 'aigi', 'decided', [johoSeisaku]),
      closed(1, 'aigi', 'returned', [jinji, somu]),
      cancel(1, 'aigi'),
      { type: 'notifyRequester', params: { outcome: 'returned', by: johoSeisaku, comment: 'no' } },
    ]);
  });

  it("mode 'any' completes on the first agreement and closes the other parties' tasks", () => {
    const [, effects] = play(atConsult({ mode: 'any' })[0], disagree(jinji), agree(somu));
    expect(effects).toEqual([
      closed(1, 'aigi', 'decided', [somu]),
      closed(1, 'aigi', 'consultationComplete', [johoSeisaku]),
      ...afterConsult(),
    ]);
  });

  it("mode 'any' returns only when every party disagrees", () => {
    const [snap] = play(atConsult({ mode: 'any' })[0], disagree(jinji), disagree(somu));
    expect(snap.value).toBe('inProgress');
    expect(play(snap, disagree(johoSeisaku))[0].value).toBe('returned');
  });

  it('a quorum completes at n agreements and returns once n is out of reach', () => {
    const [s1] = play(atConsult({ mode: { quorum: 2 } })[0], agree(jinji), disagree(somu));
    expect(s1.context.current).toBe(1);
    expect(play(s1, agree(johoSeisaku))[0].context.current).toBe(3);
    expect(play(atConsult({ mode: { quorum: 2 } })[0], disagree(jinji), disagree(somu))[0].value).toBe('returned');
  });

  it("deadline fallback 'agree': silence counts as agreement", () => {
    const [snap, effects] = play(atConsult({ onDeadline: 'agree' })[0], agree(jinji), expired(1));
    expect(effects).toEqual([closed(1, 'aigi', 'deemedAgreed', [johoSeisaku, somu]), ...afterConsult(T2)]);
    expect(snap.context.progress[1]?.decisions.map((d) => [d.by, d.verdict])).toEqual([
      [jinji, 'agree'],
      [johoSeisaku, 'deemedAgree'],
      [somu, 'deemedAgree'],
    ]);
  });

  it("deadline fallback 'escalate': silent parties' tasks go to the escalation target, once", () => {
    const [snap, effects] = play(atConsult()[0], agree(jinji), expired(1));
    expect(effects).toEqual([
      closed(1, 'aigi', 'escalated', [johoSeisaku, somu]),
      open(1, 'aigi', 'escalated', [
        { staffId: jicho, onBehalfOf: johoSeisaku, kind: 'consult' },
        { staffId: jicho, onBehalfOf: somu, kind: 'consult' },
      ]),
    ]);
    expect(snap.can(expired(1))).toBe(false);
    expect(snap.can(agree(somu))).toBe(false);
    const [done, after] = play(snap, agree(jicho));
    expect(done.context.current).toBe(3);
    expect(after[0]).toEqual(closed(1, 'aigi', 'decided', [jicho]));
  });

  it('a consultation without an escalation target gets no expiry timer and refuses expiry', () => {
    const [snap, effects] = atConsult({ escalateTo: undefined });
    expect(effects.at(-1)).toEqual(schedule(1, 'aigi', T1, 2, null));
    expect(snap.can(expired(1))).toBe(false);
  });
});
