import { as, inboxOf, submitted, taskOf, decide as decideAs } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

describe('supervisor inbox and decisions', () => {
  let t: TestApp;
  let boss: string;
  let team: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members: team } = await teamOf(t, 6));
  });
  afterAll(() => t.close());

  const decide = (who: string, decisions: unknown[]) => decideAs(t, who, decisions);

  it('puts a submitted request in the supervisor’s inbox with its summary, outcome and age', async () => {
    const id = await submitted(t, team[0]!, { date: '2026-12-10' });
    const item = (await inboxOf(t, boss)).find((i) => i.requestId === id)!;
    expect(item).toMatchObject({
      kind: 'approval',
      status: 'pending',
      requester: { id: team[0] },
      outcome: expect.any(String),
      flags: expect.any(Array),
      workFrom: '2026-12-10',
      workTo: '2026-12-10',
      ageHours: 0,
      request: { part: 'full', location: 'home' },
    });
  });

  it('approves: the request is approved, the timeline names the decider, the requester is notified', async () => {
    const id = await submitted(t, team[1]!);
    const taskId = await taskOf(t, boss, id);
    const [r] = await decide(boss, [{ taskId, action: 'approve', comment: 'OK' }]);
    expect(r).toEqual({ taskId, ok: true, status: 'approved', requestStatus: 'approved' });
    const req = (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, team[1]!))
        .expect(200)
    ).body;
    expect(req).toMatchObject({ status: 'approved', decidedBy: boss });
    expect(req.timeline.at(-1)).toMatchObject({
      event: 'decision.approved',
      actor: { id: boss },
      details: { comment: 'OK', kessaiId: expect.any(String) },
    });
    const [n] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1 AND topic = 'remote-work-request.notifyRequester'`,
      [id],
    );
    expect(Number(n!.n)).toBe(1);
    expect((await inboxOf(t, boss)).some((i) => i.taskId === taskId)).toBe(false);
  });

  it('returns for revision; the edited request is resubmitted as a new task', async () => {
    const id = await submitted(t, team[2]!);
    const taskId = await taskOf(t, boss, id);
    const [r] = await decide(boss, [{ taskId, action: 'return', comment: '業務内容を具体的に / be specific' }]);
    expect(r).toMatchObject({ ok: true, status: 'returned', requestStatus: 'returned' });
    const h = await as(t, team[2]!);
    await t.http
      .patch(`/api/v1/requests/${id}`)
      .set(h)
      .send({ tasks: [{ description: '予算書の校正', networkTier: 'internet', confidentiality: 1 }] })
      .expect(200);
    await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200);
    const again = await taskOf(t, boss, id);
    expect(again).not.toBe(taskId);
  });

  it('closes the route of a returned request its applicant withdraws', async () => {
    const id = await submitted(t, team[2]!, { date: '2026-12-04' }); // (their 12-03 is resubmitted above)
    const taskId = await taskOf(t, boss, id);
    await decide(boss, [{ taskId, action: 'return', comment: '業務内容を具体的に / be specific' }]);
    const h = await as(t, team[2]!);
    const view = async () => (await t.http.get(`/api/v1/requests/${id}`).set(h).expect(200)).body;
    expect((await view()).route.state).toBe('returned');
    const { version } = await view();
    await t.http.post(`/api/v1/requests/${id}/withdraw`).set(h).send({ expectedVersion: version }).expect(200);
    const { status, route } = await view();
    expect(status).toBe('withdrawn');
    // the route no longer waits for a resubmission; the step that returned it stays decided
    expect(route.state).toBe('withdrawn');
    expect(route.steps.map((x: { status: string }) => x.status)).toEqual(['done']);
  });

  it('gives each item of a mixed bulk call its own result and writes only the valid ones', async () => {
    const ids = await Promise.all(
      [team[3], team[4], team[5], team[3]].map((s, i) => submitted(t, s!, i === 3 ? { date: '2026-12-07' } : {})),
    );
    const tasks = await Promise.all(ids.map((id) => taskOf(t, boss, id)));
    await decide(boss, [{ taskId: tasks[1], action: 'approve' }]); // already decided below
    // a task wrongly assigned to its own requester (as a bad manual reroute could leave it)
    await t.db.query(`UPDATE approval_tasks SET assignee_id = requester_id WHERE id = $1`, [tasks[3]]);
    const other = await teamOf(t, 1, 1);
    const othersTask = await taskOf(t, other.supervisor, await submitted(t, other.members[0]!));
    const results = await decide(boss, [
      { taskId: tasks[0], action: 'approve' },
      { taskId: tasks[1], action: 'approve' },
      { taskId: othersTask, action: 'approve' },
      { taskId: tasks[2], action: 'reject' },
      { taskId: '00000000-0000-4000-8000-000000000000', action: 'approve' },
      { taskId: tasks[2], action: 'reject', comment: 'counter duty', expectedVersion: 9 },
      { taskId: tasks[2], action: 'reject', comment: 'counter duty' },
    ]);
    expect(results.map((r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'ALREADY_DECIDED',
      'NOT_ASSIGNEE',
      'COMMENT_REQUIRED',
      'NOT_ASSIGNEE',
      'VERSION_CONFLICT',
      'ok',
    ]);
    for (const r of results.filter((x: { ok: boolean }) => !x.ok))
      expect(r.message).toEqual({ ja: expect.any(String), en: expect.any(String) });
    const self = await decide(team[3]!, [{ taskId: tasks[3], action: 'approve' }]);
    expect(self[0]).toMatchObject({ ok: false, code: 'SELF_APPROVAL_FORBIDDEN' });
    const states = await t.db.query<{ id: string; status: string }>(
      `SELECT id, status FROM approval_tasks WHERE id = ANY($1::uuid[])`,
      [[...tasks, othersTask]],
    );
    const byId = Object.fromEntries(states.map((s) => [s.id, s.status]));
    expect([tasks[0], tasks[1], tasks[2], tasks[3], othersTask].map((x) => byId[x!])).toEqual([
      'approved',
      'approved',
      'rejected',
      'pending',
      'pending',
    ]);
  });

  it('refuses more than 10,000 items with 422 BULK_LIMIT', async () => {
    const decisions = Array.from({ length: 10_001 }, () => ({
      taskId: '00000000-0000-4000-8000-000000000000',
      action: 'approve',
    }));
    const res = await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, boss))
      .send({ decisions })
      .expect(422);
    expect(res.body.code).toBe('BULK_LIMIT');
  });

  it('refuses a malformed item with 400 VALIDATION_FAILED naming it, and decides nothing', async () => {
    const id = await submitted(t, team[1]!, { date: '2026-12-21' });
    const taskId = await taskOf(t, boss, id);
    const ok = { taskId, action: 'approve' };
    const res = await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, boss))
      .send({
        decisions: [
          ok,
          { taskId, action: 'maybe' },
          { action: 'approve' },
          { ...ok, expectedVersion: 1.5, colour: 'red' },
          { ...ok, comment: 7, toStep: -1 },
          { ...ok, toStep: 0 }, // a step to return to, on an approval
        ],
      })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toEqual({ ja: expect.any(String), en: expect.any(String) });
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual([
      'decisions.1.action',
      'decisions.2.taskId',
      'decisions.3.colour',
      'decisions.3.expectedVersion',
      'decisions.4.comment',
      'decisions.4.toStep',
      'decisions.5.toStep',
    ]);
    const onApproval = (res.body.details as { field: string; problems: string[] }[]).find(
      (d) => d.field === 'decisions.5.toStep',
    );
    expect(onApproval!.problems).toEqual(['toStep is only for action return']);
    expect(await taskOf(t, boss, id)).toBe(taskId); // still pending
    for (const bad of [{ decisions: 'all' }, {}, { decisions: [null] }, { decisions: [ok], extra: 1 }]) {
      const r = await t.http
        .post('/api/v1/inbox/decisions')
        .set(await as(t, boss))
        .send(bad)
        .expect(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('filters by requester and work date, sorts by work date, pages with a cursor', async () => {
    const member = team[4]!;
    for (const d of ['2026-12-21', '2026-12-17', '2026-12-18']) await submitted(t, member, { date: d });
    const byDate = await t.http
      .get(`/api/v1/inbox?requester=${member}&sort=workDate&limit=2&workFrom=2026-12-15`)
      .set(await as(t, boss))
      .expect(200);
    expect(byDate.body.items.map((i: { workFrom: string }) => i.workFrom)).toEqual(['2026-12-17', '2026-12-18']);
    const next = await t.http
      .get(`/api/v1/inbox?requester=${member}&sort=workDate&limit=2&workFrom=2026-12-15&cursor=${byDate.body.next}`)
      .set(await as(t, boss))
      .expect(200);
    expect(next.body.items.map((i: { workFrom: string }) => i.workFrom)).toEqual(['2026-12-21']);
    const oneDay = await inboxOf(t, boss, `&workDate=2026-12-18`);
    expect(oneDay.map((i) => i.workFrom)).toEqual(['2026-12-18']);
  });

  it('approve-matching approves only the caller’s pending tasks whose verdict is allow', async () => {
    const before = await inboxOf(t, boss, '&outcome=allow');
    const res = await t.http
      .post('/api/v1/inbox/approve-matching')
      .set(await as(t, boss))
      .send({ filter: {} })
      .expect(200);
    expect(res.body.results.map((r: { taskId: string }) => r.taskId).sort()).toEqual(
      before.map((i) => i.taskId).sort(),
    );
    expect(res.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    expect(await inboxOf(t, boss, '&outcome=allow')).toEqual([]);
  });

  it('refuses a filter that is not an object, an impossible day or a forged cursor with 400, approving nothing', async () => {
    const id = await submitted(t, team[3]!, { date: '2026-12-22' });
    await submitted(t, team[3]!, { date: '2026-12-24' }); // two pending: the first page has a next
    const taskId = await taskOf(t, boss, id);
    const h = await as(t, boss);
    // a filter wrapped in an array would otherwise match everything
    for (const body of [
      { filter: [{ requester: team[3] }] },
      { filter: [] },
      {},
      { filter: { workDate: '2026-02-30' } },
    ]) {
      const res = await t.http.post('/api/v1/inbox/approve-matching').set(h).send(body).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: { ja: expect.any(String) } });
    }
    for (const q of ['workDate=2026-02-30', 'workFrom=2026-02-31', 'workTo=2026-04-31']) {
      const res = await t.http.get(`/api/v1/inbox?${q}`).set(h).expect(400);
      expect(res.body.details).toEqual([
        {
          field: q.split('=')[0],
          problems: [expect.any(String)],
          messages: [{ ja: '暦にある日付にしてください。', en: expect.any(String) }],
        },
      ]);
    }
    await t.http
      .get('/api/v1/requests?from=2026-02-29')
      .set(await as(t, team[3]!))
      .expect(400);
    const cursor = (c: unknown[]) => Buffer.from(JSON.stringify(c)).toString('base64url');
    const uuid = '00000000-0000-4000-8000-000000000000';
    const first = await t.http.get('/api/v1/inbox?limit=1').set(h).expect(200);
    expect(first.body.next).toEqual(expect.any(String));
    for (const q of [
      `cursor=${cursor(['oldest', 'not-a-time', uuid])}`,
      `sort=workDate&cursor=${cursor(['workDate', '2026-02-30', uuid])}`,
      `sort=workDate&cursor=${cursor(['workDate', '0000-01-01', uuid])}`, // a day to JavaScript, not to PostgreSQL
      `cursor=${cursor(['2026-12-01T00:00:00.000Z', uuid])}`, // a cursor of an earlier format
      `sort=workDate&cursor=${first.body.next}`, // a cursor of the other order
    ]) {
      const res = await t.http.get(`/api/v1/inbox?${q}`).set(h).expect(400);
      expect(res.body.details).toEqual([
        {
          field: 'cursor',
          problems: ['invalid cursor'],
          messages: [
            { ja: 'cursor が正しくありません。一覧の next をそのまま渡してください。', en: 'Invalid cursor.' },
          ],
        },
      ]);
    }
    expect(await taskOf(t, boss, id)).toBe(taskId); // still pending
  });

  it('judges a repeated task id after the earlier item, as one by one would, and reads ids in any case', async () => {
    const id = await submitted(t, team[3]!, { date: '2026-12-23' });
    const taskId = await taskOf(t, boss, id);
    // the route refuses a return to the step it stands on; the approval after it stands alone
    const results = await decide(boss, [
      { taskId, action: 'return', comment: 'やり直し', toStep: 0 },
      { taskId: taskId.toUpperCase(), action: 'approve' },
      { taskId, action: 'approve' },
    ]);
    expect(results.map((r) => (r.ok ? r.status : r.code))).toEqual([
      'INVALID_TRANSITION',
      'approved',
      'ALREADY_DECIDED',
    ]);
    expect(results.map((r) => r.taskId)).toEqual([taskId, taskId.toUpperCase(), taskId]);
  });

  it('answers a task sent thousands of times once decided, in a few transactions rather than one per repeat', async () => {
    const id = await submitted(t, team[4]!, { date: '2026-12-25' });
    const taskId = await taskOf(t, boss, id);
    const other = await taskOf(t, boss, await submitted(t, team[4]!, { date: '2026-12-28' }));
    const tx = jest.spyOn(t.db, 'tx');
    try {
      // the first is refused (no comment), the second decides, every later one finds it decided
      const items = [
        { taskId, action: 'reject' },
        ...Array.from({ length: 3_000 }, (_, i) => ({
          taskId: i % 2 ? taskId.toUpperCase() : taskId,
          action: 'approve',
        })),
        { taskId: other, action: 'approve' },
      ];
      const results = await decide(boss, items);
      expect(results.map((r) => r.taskId)).toEqual(items.map((i) => i.taskId));
      expect(results[0]).toMatchObject({ ok: false, code: 'COMMENT_REQUIRED' });
      expect(results[1]).toMatchObject({ ok: true, status: 'approved' });
      expect(results.slice(2, -1).every((r) => !r.ok && r.code === 'ALREADY_DECIDED')).toBe(true);
      expect(results.at(-1)).toMatchObject({ taskId: other, ok: true });
      expect(tx.mock.calls.length).toBeLessThanOrEqual(4);
    } finally {
      tx.mockRestore();
    }
  });

  it('answers an unknown id or a refused item sent thousands of times in a few transactions, and judges again after a decision', async () => {
    const taskId = await taskOf(t, boss, await submitted(t, team[2]!, { date: '2027-01-05' }));
    const other = await taskOf(t, boss, await submitted(t, team[2]!, { date: '2027-01-06' }));
    const unknown = '00000000-0000-4000-8000-000000000000';
    const tx = jest.spyOn(t.db, 'tx');
    try {
      const items = [
        ...Array.from({ length: 2_000 }, () => ({ taskId: unknown, action: 'approve' })),
        ...Array.from({ length: 2_000 }, () => ({ taskId: 'not-a-task', action: 'approve' })),
        ...Array.from({ length: 2_000 }, () => ({ taskId, action: 'reject' })), // no comment
      ];
      const results = await decide(boss, items);
      expect(results.slice(0, 4_000).every((r) => !r.ok && r.code === 'NOT_ASSIGNEE')).toBe(true);
      expect(results.slice(4_000).every((r) => !r.ok && r.code === 'COMMENT_REQUIRED')).toBe(true);
      expect(tx.mock.calls.length).toBeLessThanOrEqual(4);
      tx.mockClear();
      // a decision in between may change what a refused item finds: it is judged again (a transaction more)
      const again = await decide(boss, [
        { taskId, action: 'reject' },
        { taskId: other, action: 'approve' },
        { taskId, action: 'reject' },
      ]);
      expect(again.map((r) => (r.ok ? r.status : r.code))).toEqual([
        'COMMENT_REQUIRED',
        'approved',
        'COMMENT_REQUIRED',
      ]);
      expect(tx.mock.calls.length).toBe(2);
    } finally {
      tx.mockRestore();
    }
    expect(
      await taskOf(
        t,
        boss,
        (await t.db.query<{ request_id: string }>(`SELECT request_id FROM approval_tasks WHERE id = $1`, [taskId]))[0]!
          .request_id,
      ),
    ).toBe(taskId); // still pending
  });

  it('closes the pending task when the applicant withdraws (引戻し)', async () => {
    const id = await submitted(t, team[5]!, { date: '2026-12-24' });
    const taskId = await taskOf(t, boss, id);
    await t.http
      .post(`/api/v1/requests/${id}/withdraw`)
      .set(await as(t, team[5]!))
      .send({})
      .expect(200);
    const [r] = await decide(boss, [{ taskId, action: 'approve' }]);
    // the code scripts know, with a message that says what happened: nobody decided it
    expect(r).toMatchObject({
      ok: false,
      code: 'ALREADY_DECIDED',
      details: { requestStatus: 'withdrawn' },
      message: { ja: expect.stringContaining('取り下げ'), en: expect.stringContaining('withdrew') },
    });
  });
});
