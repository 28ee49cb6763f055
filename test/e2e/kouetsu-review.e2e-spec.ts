import { as, submitted, decide as decideAs } from '../factories/inbox.factory';
import type { SeededUser } from '../factories/org.factory';
import { demoUsers } from '../factories/org.factory';
import { ADMIN, leaveOf, pendingTasks } from '../factories/kessai.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

/** A 後閲 is shown acknowledged by its own task only: not by another route's, nor another of the same step. */
describe('a 後閲 on the request’s route: owed until its own review is done', () => {
  let t: TestApp;
  let users: SeededUser[];
  beforeAll(async () => {
    t = await startFreshApp();
    users = await demoUsers(t);
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.set('2026-11-26T00:30:00Z'));

  /** A fixed-term member (special route: 所属長 → 合議 → 部長) whose 課長 is away: step 0 is skipped with a 後閲. */
  async function skippedRequest(nth: number) {
    const requester = users.filter(
      (u) => u.employmentType === 'fixed_term' && !['GENL-04', 'PLAN-02', 'PLAN-03'].includes(u.section.id),
    )[nth]!;
    const sup = requester.supervisorId!;
    await leaveOf(t, sup, '2026-11-26', '2026-12-04');
    const id = await submitted(t, requester.id, { date: '2026-12-22' });
    const owed = async () =>
      (
        (
          await t.http
            .get(`/api/v1/requests/${id}`)
            .set(await as(t, requester.id))
            .expect(200)
        ).body.route.steps as { kouetsu: { approverId: string; reviewedAt: string | null; closed: boolean }[] }[]
      )[0]!.kouetsu;
    const consult = async () => (await pendingTasks(t, ADMIN, 'consult')).find((y) => y.request_id === id)!;
    return { requester, sup, id, owed, consult };
  }

  it('after a return and a resubmission, the new route’s 後閲 is owed though the old one was done', async () => {
    const r = await skippedRequest(0);
    const [first] = (await pendingTasks(t, r.sup, 'kouetsu')).filter((x) => x.request_id === r.id);
    expect(await r.owed()).toEqual([expect.objectContaining({ approverId: r.sup, reviewedAt: null })]);
    await decideAs(t, ADMIN, [{ taskId: (await r.consult()).id, action: 'return', comment: '再確認 / re-check' }]);
    await decideAs(t, r.sup, [{ taskId: first!.id, action: 'approve' }]); // the old route's 後閲, done
    await t.http
      .post(`/api/v1/requests/${r.id}/submit`)
      .set(await as(t, r.requester.id))
      .send({})
      .expect(200);
    expect((await pendingTasks(t, r.sup, 'kouetsu')).filter((x) => x.request_id === r.id)).toHaveLength(1);
    expect(await r.owed()).toEqual([expect.objectContaining({ approverId: r.sup, reviewedAt: null })]);
  });

  it('two 後閲 of one step (a return to it skips it again): each is paired with its own task', async () => {
    const r = await skippedRequest(1);
    t.clock.set('2026-11-26T02:00:00Z');
    const [back] = await decideAs(t, ADMIN, [
      { taskId: (await r.consult()).id, action: 'return', comment: '再確認 / re-check', toStep: 0 },
    ]);
    expect(back).toMatchObject({ ok: true });
    const tasks = await t.db.query<{ id: string }>(
      `SELECT id FROM approval_tasks WHERE request_id = $1 AND kind = 'kouetsu' ORDER BY created_at`,
      [r.id],
    );
    expect(tasks).toHaveLength(2);
    t.clock.set('2026-11-26T03:00:00Z');
    await decideAs(t, r.sup, [{ taskId: tasks[1]!.id, action: 'approve' }]); // the second only
    expect((await r.owed()).map((k) => k.reviewedAt)).toEqual([null, '2026-11-26T03:00:00.000Z']);
  });

  it('is no longer owed once its request is withdrawn: shown closed, not waiting', async () => {
    const r = await skippedRequest(2);
    expect(await r.owed()).toEqual([expect.objectContaining({ approverId: r.sup, reviewedAt: null, closed: false })]);
    await t.http
      .post(`/api/v1/requests/${r.id}/withdraw`)
      .set(await as(t, r.requester.id))
      .send({})
      .expect(200);
    expect((await pendingTasks(t, r.sup, 'kouetsu')).filter((x) => x.request_id === r.id)).toEqual([]);
    expect(await r.owed()).toEqual([expect.objectContaining({ approverId: r.sup, reviewedAt: null, closed: true })]);
  });
});
