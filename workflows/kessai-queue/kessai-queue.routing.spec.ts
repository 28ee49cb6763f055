import type { KessaiQueueEvent } from './kessai-queue.events';
import { returnTargets } from './kessai-queue.machine';
import {
  agree,
  approval,
  approve,
  approveStep,
  cancel,
  closed,
  consultSteps,
  expired,
  kouetsu,
  open,
  play,
  ref,
  returnTo,
  schedule,
  staff,
  start,
  T1,
  T2,
  types,
} from './kessai-queue.fixtures';

const { requester, kakaricho, kakarichoAlt, kacho, bucho, jicho, jinji, johoSeisaku, somu } = staff;

describe('kessai-queue: skipping an absent approver and 引上げ', () => {
  it('skips an absent intermediate approver with a 後閲 afterwards', () => {
    const skip: KessaiQueueEvent = { type: 'step.skipAbsent', approverId: kakaricho, reason: 'leave', now: T1 };
    const [snap, effects] = play(start()[0], skip);
    expect(effects).toEqual([
      closed(0, 'kakaricho', 'skippedAbsent', [kakaricho]),
      cancel(0, 'kakaricho'),
      kouetsu(0, 'kakaricho', kakaricho, null, 'skippedAbsent'),
      open(1, 'kacho', 'entered', [approval(kacho)]),
      schedule(1, 'kacho', T1, 2),
    ]);
    expect(snap.context.progress[0]).toMatchObject({ status: 'skipped', kouetsu: [{ approverId: kakaricho }] });
  });

  it('refuses to skip the final decider', () => {
    const [snap] = play(start()[0], approve(kakaricho), approve(kacho));
    expect(snap.can({ type: 'step.skipAbsent', approverId: bucho, reason: 'leave', now: T1 })).toBe(false);
  });

  it('lets the 部長 pull the item forward from step 0, with 後閲 for 係長 and 課長', () => {
    const [snap, effects] = play(start()[0], { type: 'step.pullForward', by: bucho, now: T1 });
    expect(snap.value).toBe('approved');
    expect(effects).toEqual([
      closed(0, 'kakaricho', 'pulledForward', [kakaricho]),
      cancel(0, 'kakaricho'),
      kouetsu(0, 'kakaricho', kakaricho, bucho, 'pulledForward'),
      kouetsu(1, 'kacho', kacho, bucho, 'pulledForward'),
      { type: 'notifyRequester', params: { outcome: 'approved', by: bucho, comment: null } },
    ]);
    expect(snap.context.progress.map((p) => p.status)).toEqual(['skipped', 'skipped', 'done']);
  });

  it('continues after the puller’s step when the puller is not the last', () => {
    const [snap, effects] = play(start()[0], { type: 'step.pullForward', by: kacho, now: T1 });
    expect(snap.context.current).toBe(2);
    expect(types(effects)).toEqual(['closeTasks', 'cancelDeadline', 'createKouetsu', 'openTasks', 'scheduleDeadline']);
  });
});

describe('kessai-queue: 差し戻し, restart, reroute, deadlines, 引戻し', () => {
  const [atBucho] = play(start()[0], approve(kakaricho), approve(kacho));

  it('returns to an earlier step, which reopens; later steps start over', () => {
    const [snap, effects] = play(atBucho, returnTo(bucho, 0));
    expect(effects).toEqual([
      closed(2, 'bucho', 'returned', [bucho]),
      cancel(2, 'bucho'),
      open(0, 'kakaricho', 'reopened', [approval(kakaricho)]),
      schedule(0, 'kakaricho', T1, 4),
    ]);
    expect(snap.context.progress.map((p) => [p.status, p.decisions.length])).toEqual([
      ['open', 0],
      ['waiting', 0],
      ['waiting', 0],
    ]);
    expect(play(snap, approve(kakaricho), approve(kacho), approve(bucho))[0].value).toBe('approved');
  });

  it('returns to an earlier step that waits for a decision, never to a 供覧 step', () => {
    // 課長 → 合議 → 供覧 → 部長: at the 部長, steps 0 and 1 may be named, the 供覧 (2) not
    const [atLast] = play(start(consultSteps())[0], approve(kacho), agree(jinji), agree(johoSeisaku), agree(somu));
    expect(atLast.context.current).toBe(3);
    expect(returnTargets(atLast.context)).toEqual([0, 1]);
    expect([0, 1, 2, 3, -1, 0.5].map((toStep) => atLast.can(returnTo(bucho, toStep)))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(returnTargets(start()[0].context)).toEqual([]);
  });

  it('returns to the applicant, then a restart begins a new round at step 0', () => {
    const [returned, effects] = play(atBucho, returnTo(bucho));
    expect(returned.value).toBe('returned');
    expect(effects.at(-1)).toEqual({
      type: 'notifyRequester',
      params: { outcome: 'returned', by: bucho, comment: 'please revise' },
    });
    const [again, reopened] = play(returned, { type: 'route.restart', now: T2 });
    expect(again.context).toMatchObject({ current: 0, round: 2, outcome: null });
    expect(reopened).toEqual([open(0, 'kakaricho', 'entered', [approval(kakaricho)]), schedule(0, 'kakaricho', T2, 4)]);
  });

  it('reroutes the open step to another approver, and a future step silently', () => {
    const reroute = (step: number, from: string, to: string): KessaiQueueEvent => ({
      type: 'route.reassign',
      step,
      from,
      to,
      reason: 'transfer',
      now: T1,
    });
    const [snap, effects] = play(start()[0], reroute(0, kakaricho, kakarichoAlt));
    expect(effects).toEqual([
      closed(0, 'kakaricho', 'reassigned', [kakaricho]),
      open(0, 'kakaricho', 'reassigned', [approval(kakarichoAlt)]),
    ]);
    expect(snap.can(approve(kakaricho))).toBe(false);
    const [later, none] = play(snap, reroute(2, bucho, 'S0012'), approve(kakarichoAlt), approve(kacho));
    expect(play(snap, reroute(2, bucho, 'S0012'))[1]).toEqual([]);
    expect(none.at(-2)).toEqual(open(2, 'bucho', 'entered', [approval('S0012')]));
    expect(later.can(approve(bucho))).toBe(false);
  });

  it('escalates an overdue approve step once, and the escalated decision owes a 後閲', () => {
    const [atKacho] = play(start()[0], approve(kakaricho));
    const [reminded] = play(atKacho, { type: 'deadline.reminded', step: 1, now: T2 });
    expect(play(atKacho, { type: 'deadline.reminded', step: 1, now: T2 })[1]).toEqual([
      { type: 'remindAssignees', params: { ...ref(1, 'kacho'), staffIds: [kacho] } },
    ]);
    const [snap, effects] = play(reminded, expired(1));
    expect(effects).toEqual([
      closed(1, 'kacho', 'escalated', [kacho]),
      open(1, 'kacho', 'escalated', [approval(jicho)]),
    ]);
    expect(snap.context.progress[1]).toMatchObject({ escalated: true, escalatedFrom: [kacho] });
    expect(snap.can(expired(1))).toBe(false);
    expect(play(snap, approve(jicho))[1]).toContainEqual(kouetsu(1, 'kacho', kacho, jicho, 'escalated'));
  });

  it('refuses a deadline set for an earlier opening of the same step (its timer escaped the cancel)', () => {
    // 課長 opens as opening 2; 部長 returns the item to 課長, who reopens as opening 4
    const [atKacho] = play(start()[0], approve(kakaricho));
    expect(atKacho.context.progress[1]?.opening).toBe(2);
    const [reopened] = play(atKacho, approve(kacho), returnTo(bucho, 1));
    expect(reopened.context).toMatchObject({ current: 1, openings: 4 });
    const stale: KessaiQueueEvent = { type: 'deadline.expired', step: 1, opening: 2, now: T2 };
    const fresh: KessaiQueueEvent = { type: 'deadline.expired', step: 1, opening: 4, now: T2 };
    expect(reopened.can(stale)).toBe(false);
    expect(reopened.can({ type: 'deadline.reminded', step: 1, opening: 2, now: T2 })).toBe(false);
    expect(reopened.can(fresh)).toBe(true);
    // a timer stored before openings existed carries none: judged by the step alone, as then
    expect(reopened.can(expired(1))).toBe(true);
  });

  it('withdrawal closes the open tasks and cancels the deadline', () => {
    const [atConsult] = play(start(consultSteps())[0], approve(kacho), agree(jinji));
    const [snap, effects] = play(atConsult, { type: 'request.withdrawn', now: T2 });
    expect(snap.value).toBe('withdrawn');
    expect(effects).toEqual([closed(1, 'aigi', 'withdrawn', [johoSeisaku, somu]), cancel(1, 'aigi')]);
    const [returned] = play(atBucho, returnTo(bucho));
    expect(play(returned, { type: 'request.withdrawn', now: T2 })[1]).toEqual([]);
  });
});

describe('kessai-queue: the requester never decides', () => {
  // A misconfigured route that names the requester: they still cannot decide, consult or pull.
  const steps = [
    approveStep('kakaricho', requester, { daiketsuAllowed: true }),
    ...consultSteps({ approvers: [requester, jinji] }).slice(1, 2),
    approveStep('bucho', requester),
  ];
  const [snap] = start(steps);

  it('refuses every decision by the requester', () => {
    const attempts: KessaiQueueEvent[] = [
      approve(requester),
      approve(requester, { onBehalfOf: kakaricho }),
      { type: 'step.reject', by: requester, comment: 'x', now: T1 },
      returnTo(requester),
      { type: 'step.pullForward', by: requester, now: T1 },
    ];
    for (const event of attempts) expect(snap.can(event)).toBe(false);
  });

  it('refuses the requester as a consulted party and as a reroute target', () => {
    const [atConsult] = play(snap, { type: 'step.skipAbsent', approverId: requester, reason: 'self', now: T1 });
    expect(atConsult.can(agree(requester))).toBe(false);
    expect(atConsult.can(agree(jinji))).toBe(true);
    const toRequester: KessaiQueueEvent = {
      type: 'route.reassign',
      step: 1,
      from: jinji,
      to: requester,
      reason: 'x',
      now: T1,
    };
    expect(atConsult.can(toRequester)).toBe(false);
  });
});
