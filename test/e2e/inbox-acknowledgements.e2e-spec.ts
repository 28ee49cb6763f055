import { approveThroughRoute, as, decide as decideAs, inboxOf, submitted } from '../factories/inbox.factory';
import type { SeededUser } from '../factories/org.factory';
import { demoUsers } from '../factories/org.factory';
import { leaveOf, pendingTasks, rerouteBox, unitOf } from '../factories/kessai.factory';
import { JAPANESE } from '../support/bilingual';
import { startFreshApp, type TestApp } from '../support/test-app';

describe('inbox: 後閲 and 供覧 are acknowledged, and a refusal says so in both languages', () => {
  let t: TestApp;
  let users: SeededUser[];

  beforeAll(async () => {
    t = await startFreshApp();
    users = await demoUsers(t);
  });
  afterAll(() => t.close());

  const decide = (who: string, decisions: unknown[]) => decideAs(t, who, decisions);

  /** What a refused decision must leave alone: the task's row and every event log it could touch. */
  const footprint = async (taskId: string) =>
    t.db.query(
      `SELECT t.status, t.version, t.decided_at,
              (SELECT count(*)::int FROM workflow_events e WHERE e.instance_id IN (t.id, t.kessai_id, t.request_id)) AS events,
              (SELECT count(*)::int FROM outbox o WHERE o.aggregate_id IN (t.id, t.request_id)) AS outbox
       FROM approval_tasks t WHERE t.id = $1`,
      [taskId],
    );

  const expectRefusedAsAcknowledgeOnly = async (who: string, taskId: string, kind: string) => {
    const before = await footprint(taskId);
    const results = await decide(who, [
      { taskId, action: 'reject', comment: '不要 / not needed' },
      { taskId, action: 'return', comment: '再確認 / re-check' },
    ]);
    for (const [r, action] of results.map((x, i) => [x, ['reject', 'return'][i]] as const)) {
      expect(r).toMatchObject({
        taskId,
        ok: false,
        code: 'INVALID_TRANSITION',
        details: { kind, action },
      });
      expect(r.message!.ja).toBe('後閲・供覧は確認（承認）だけできます。却下・差戻しはできません。');
      expect(r.message!.en).toMatch(/only be acknowledged/);
    }
    expect(await footprint(taskId)).toEqual(before); // nothing written
  };

  /** The actions a task is listed with, where its holder sees it: their inbox, and the request's page. */
  const listedActions = async (who: string, requestId: string, taskId: string) => {
    const item = (await inboxOf(t, who)).find((i) => i.taskId === taskId);
    const mine = (
      await t.http
        .get(`/api/v1/requests/${requestId}`)
        .set(await as(t, who))
        .expect(200)
    ).body.myTasks as { taskId: string; actions: string[] }[];
    const onPage = mine.find((x) => x.taskId === taskId);
    expect(onPage?.actions).toEqual(item?.actions); // one rule for both
    return item?.actions;
  };

  it('refuses to reject or return a 後閲 (post-review) item, saying it can only be acknowledged', async () => {
    // a deputy (課長補佐) decides in the 課長's place (代決): the 課長 owes a 後閲
    const unit = await unitOf(t, 'CITZ-01');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    await rerouteBox(t, unit.approver, unit.deputy);
    const [task] = (await pendingTasks(t, unit.deputy)).filter((x) => x.request_id === id);
    expect(task!.on_behalf_of).toBe(unit.approver);
    // listed with what each takes: a 代決 item is not rejected, a 後閲 only acknowledged
    expect(await listedActions(unit.deputy, id, task!.id)).toEqual(['approve', 'return']);
    const [refused] = await decide(unit.deputy, [{ taskId: task!.id, action: 'reject', comment: '不可 / no' }]);
    expect(refused).toMatchObject({ ok: false, code: 'DEPUTY_CANNOT_REJECT' });
    const [approved] = await decide(unit.deputy, [{ taskId: task!.id, action: 'approve' }]);
    expect(approved).toMatchObject({ ok: true, requestStatus: 'approved' });
    const [kouetsu] = (await pendingTasks(t, unit.approver, 'kouetsu')).filter((x) => x.request_id === id);
    expect(await listedActions(unit.approver, id, kouetsu!.id)).toEqual(['approve']);

    await expectRefusedAsAcknowledgeOnly(unit.approver, kouetsu!.id, 'kouetsu');
    // acknowledging it is what it is for
    const [ack] = await decide(unit.approver, [{ taskId: kouetsu!.id, action: 'approve' }]);
    expect(ack).toMatchObject({ ok: true });
  });

  it('closes a 後閲 owed on a request withdrawn before its route ended: there is nothing left to review', async () => {
    // a place other than home or a satellite office takes the special route (所属長 → 職員課合議 → 部長),
    // which has no 代決: its 所属長, away today, is skipped and owes a 後閲
    const unit = await unitOf(t, 'CITZ-04');
    const requester = unit.members[0]!;
    await leaveOf(t, unit.approver, '2026-11-26', '2026-11-26');
    const id = await submitted(t, requester, { date: '2026-12-16', location: 'other', locationText: '実家' });
    const [kouetsu] = (await pendingTasks(t, unit.approver, 'kouetsu')).filter((x) => x.request_id === id);
    expect(kouetsu).toBeDefined();
    await t.http
      .post(`/api/v1/requests/${id}/withdraw`)
      .set(await as(t, requester))
      .send({})
      .expect(200);
    const left = await t.db.query<{ kind: string }>(
      `SELECT kind FROM approval_tasks WHERE request_id = $1 AND status = 'pending'`,
      [id],
    );
    expect(left).toEqual([]);
    const [late] = await decide(unit.approver, [{ taskId: kouetsu!.id, action: 'approve' }]);
    expect(late).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
    expect(late!.message!.en).toMatch(/withdrew/);
  });

  it('refuses to reject or return a 供覧 (for information) item, saying it can only be acknowledged', async () => {
    const requester = users.find((u) => u.employmentType === 'fixed_term')!; // the special-approval route
    const id = await submitted(t, requester.id, { date: '2026-12-11' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const [inform] = await t.db.query<{ id: string; assignee_id: string }>(
      `SELECT id, assignee_id FROM approval_tasks WHERE request_id = $1 AND kind = 'inform' AND status = 'pending'
       ORDER BY id LIMIT 1`,
      [id],
    );
    expect(inform).toBeDefined();
    await expectRefusedAsAcknowledgeOnly(inform!.assignee_id, inform!.id, 'inform');
  });

  it('says a decision task without its route cannot be decided, in both languages, and writes nothing', async () => {
    const unit = await unitOf(t, 'GENL-01');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-14' });
    const [task] = (await pendingTasks(t, unit.approver)).filter((x) => x.request_id === id);
    expect(await listedActions(unit.approver, id, task!.id)).toEqual(['approve', 'reject', 'return']);
    // data gone wrong (a row restored without its route): the approver cannot mend it
    await t.db.query(`UPDATE approval_tasks SET kessai_id = NULL WHERE id = $1`, [task!.id]);
    expect(await listedActions(unit.approver, id, task!.id)).toEqual([]); // nothing it would take
    const before = await footprint(task!.id);
    const [r] = await decide(unit.approver, [{ taskId: task!.id, action: 'approve' }]);
    expect(r).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
      details: { reason: 'the task has no approval route' },
    });
    expect(r!.message!.ja).toMatch(JAPANESE);
    expect(r!.message!.ja).toContain('決裁ルート');
    expect(r!.message!.en).toMatch(/no approval route/);
    expect(await footprint(task!.id)).toEqual(before);
  });
});
