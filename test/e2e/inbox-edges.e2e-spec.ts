import { as, decide as decideAs, inboxOf, submitted, taskOf } from '../factories/inbox.factory';
import { ADMIN, pendingTasks, unitOf } from '../factories/kessai.factory';
import { expectBilingual } from '../support/bilingual';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * The inbox at its edges: input that used to pass as something else (null as "no filter", a
 * key named like an object's own property, bytes that are no UTF-8, a comment of invisible
 * characters), items that left the box undecided, days a request does not work, and a deputy's
 * 差し戻し. Each was found by probing the running service.
 */
describe('inbox edges', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  const decide = (who: string, decisions: unknown[]) => decideAs(t, who, decisions);
  const pendingIn = async (who: string) => (await inboxOf(t, who)).length;
  /** An admin moves the approver's task to their deputy (代決), as for an absent approver. */
  const toDeputy = async (unit: { approver: string; deputy: string }, taskId: string, reason: string) =>
    t.http
      .post(`/api/v1/backlog/${unit.approver}/reroute`)
      .set(await as(t, ADMIN))
      .send({ toStaffId: unit.deputy, taskIds: [taskId], reason })
      .expect(200);

  it('refuses null for a filter or a decision field instead of taking it for "left out"', async () => {
    const unit = await unitOf(t, 'CITZ-02');
    await submitted(t, unit.members[0]!, { date: '2026-12-02' });
    await submitted(t, unit.members[1]!, { date: '2026-12-03' });
    const h = await as(t, unit.approver);
    const before = await pendingIn(unit.approver);
    for (const filter of [{ requester: null }, { workDate: null }, { department: null }, { kind: null }]) {
      const res = await t.http.post('/api/v1/inbox/approve-matching').set(h).send({ filter }).expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: `filter.${Object.keys(filter)[0]}` }],
      });
    }
    const taskId = (await inboxOf(t, unit.approver))[0]!.taskId;
    for (const field of ['expectedVersion', 'comment', 'toStep']) {
      const res = await t.http
        .post('/api/v1/inbox/decisions')
        .set(h)
        .send({ decisions: [{ taskId, action: 'approve', [field]: null }] })
        .expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: `decisions.0.${field}` })]);
    }
    expect(await pendingIn(unit.approver)).toBe(before);
  });

  it('refuses keys named like a property every object has, in a query, a filter or an item', async () => {
    const unit = await unitOf(t, 'CITZ-02');
    const taskId = await taskOf(t, unit.approver, await submitted(t, unit.members[2]!, { date: '2026-12-04' }));
    const h = await as(t, unit.approver);
    const before = await pendingIn(unit.approver);
    for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
      const q = await t.http.get(`/api/v1/inbox?${key}=1`).set(h).expect(400);
      expect(q.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: key }] });
      expectBilingual(q.body.details[0].messages[0]);
      const body = `{"filter":{"${key}":"S0100"}}`;
      const f = await t.http.post('/api/v1/inbox/approve-matching').set(h).type('json').send(body).expect(400);
      expect(f.body.details).toEqual([expect.objectContaining({ field: `filter.${key}` })]);
    }
    const item = `{"decisions":[{"taskId":"${taskId}","action":"approve","__proto__":{"x":1}}]}`;
    const d = await t.http.post('/api/v1/inbox/decisions').set(h).type('json').send(item).expect(400);
    expect(d.body.details).toEqual([expect.objectContaining({ field: 'decisions.0.__proto__' })]);
    expect(await pendingIn(unit.approver)).toBe(before);
  });

  it('refuses a body whose bytes are no UTF-8 (MALFORMED_JSON) rather than store them as U+FFFD', async () => {
    const unit = await unitOf(t, 'CITZ-02');
    const taskId = await taskOf(t, unit.approver, await submitted(t, unit.members[3]!, { date: '2026-12-07' }));
    const body = Buffer.concat([
      Buffer.from(`{"decisions":[{"taskId":"${taskId}","action":"return","comment":"`),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}]}'),
    ]);
    const res = await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, unit.approver))
      .set('Content-Type', 'application/json')
      .serialize((raw: Buffer) => raw as never) // the bytes as they are, not JSON of a Buffer
      .send(body)
      .expect(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(res.body.message.en).toMatch(/UTF-8/);
    expect((await inboxOf(t, unit.approver)).some((i) => i.taskId === taskId)).toBe(true);
    // UTF-8 (and its Japanese) still reads as before
    const [ok] = await decide(unit.approver, [{ taskId, action: 'return', comment: '具体的に' }]);
    expect(ok).toMatchObject({ ok: true, status: 'returned' });
  });

  it('wants a comment that says something: invisible characters alone are no reason', async () => {
    const unit = await unitOf(t, 'CITZ-03');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-02' });
    const taskId = await taskOf(t, unit.approver, id);
    const results = await decide(
      unit.approver,
      ['\u200b', '\u2060\u3000', '\u3164', ' \ufeff ', '\u0301', ' \u3099\u0007 '].map((comment) => ({
        taskId,
        action: 'reject',
        comment,
      })),
    );
    expect(results.map((r) => r.code)).toEqual(Array(6).fill('COMMENT_REQUIRED'));
    const [ok] = await decide(unit.approver, [{ taskId, action: 'reject', comment: '\u200b窓口当番 ' }]);
    expect(ok).toMatchObject({ ok: true, status: 'rejected' });
  });

  it('says which version a stale item expected and found', async () => {
    const unit = await unitOf(t, 'CITZ-03');
    const id = await submitted(t, unit.members[1]!, { date: '2026-12-03' });
    const taskId = await taskOf(t, unit.approver, id);
    const [r] = await decide(unit.approver, [{ taskId, action: 'approve', expectedVersion: 7 }]);
    expect(r).toMatchObject({ ok: false, code: 'VERSION_CONFLICT', details: { expected: 7, actual: 1 } });
  });

  it('answers an item moved to a deputy NOT_ASSIGNEE, saying where it went, not "already decided"', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-09' });
    const taskId = await taskOf(t, unit.approver, id);
    await toDeputy(unit, taskId, '出張 / on a trip');
    const [r] = await decide(unit.approver, [{ taskId, action: 'approve' }]);
    expect(r).toMatchObject({ ok: false, code: 'NOT_ASSIGNEE', details: { reason: 'reassigned' } });
    expectBilingual(r!.message);
    expect(r!.message!.en).toMatch(/another approver/);
  });

  it('records a deputy’s 差し戻し as made for the approver, on the request and its timeline', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    const id = await submitted(t, unit.members[1]!, { date: '2026-12-10' });
    const taskId = await taskOf(t, unit.approver, id);
    await toDeputy(unit, taskId, '休暇 / on leave');
    const [task] = (await pendingTasks(t, unit.deputy)).filter((x) => x.request_id === id);
    expect(task!.on_behalf_of).toBe(unit.approver);
    const [r] = await decide(unit.deputy, [
      { taskId: task!.id, action: 'return', comment: '日付を確認 / check the date' },
    ]);
    expect(r).toMatchObject({ ok: true, requestStatus: 'returned' });
    const req = (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, unit.members[1]!))
        .expect(200)
    ).body;
    expect(req).toMatchObject({ status: 'returned', decidedBy: unit.deputy, decidedOnBehalfOf: unit.approver });
    expect(req.timeline.at(-1)).toMatchObject({
      event: 'decision.returned',
      actor: { id: unit.deputy },
      onBehalfOf: { id: unit.approver },
    });
  });

  it('filters by the days a request works: a Friday–Monday request is no request for the Saturday', async () => {
    const unit = await unitOf(t, 'CITZ-04');
    const id = await submitted(t, unit.members[0]!, { date: undefined, from: '2026-12-04', to: '2026-12-07' });
    const listed = async (query: string) => (await inboxOf(t, unit.approver, query)).some((i) => i.requestId === id);
    expect(await listed('&workDate=2026-12-04')).toBe(true);
    expect(await listed('&workDate=2026-12-07')).toBe(true);
    expect(await listed('&workDate=2026-12-05')).toBe(false);
    expect(await listed('&workFrom=2026-12-05&workTo=2026-12-06')).toBe(false);
    expect(await listed('&workFrom=2026-12-05&workTo=2026-12-07')).toBe(true);
    expect(await listed('&workFrom=2026-12-07')).toBe(true);
    expect(await listed('&workTo=2026-12-04')).toBe(true);
    // approve-matching selects as the list does
    const h = await as(t, unit.approver);
    const weekend = await t.http
      .post('/api/v1/inbox/approve-matching')
      .set(h)
      .send({ filter: { workDate: '2026-12-05' } })
      .expect(200);
    expect(weekend.body.results).toEqual([]);
  });

  it('tells the approver where exactly and why, and whether a request comes back after a return', async () => {
    const unit = await unitOf(t, 'CITZ-05');
    const [home, away, seat] = [
      await submitted(t, unit.members[0]!, { date: '2026-12-08' }),
      await submitted(t, unit.members[1]!, {
        date: '2026-12-08',
        location: 'other',
        locationText: '実家 / family home',
      }),
      await submitted(t, unit.members[2]!, {
        date: '2026-12-08',
        location: 'satellite',
        satelliteOfficeId: 'SAT-KITA',
      }),
    ];
    const item = async (id: string) => (await inboxOf(t, unit.approver)).find((i) => i.requestId === id)!;
    expect((await item(away)).request).toMatchObject({ location: 'other', locationText: '実家 / family home' });
    expect((await item(seat)).request).toMatchObject({
      satelliteOffice: { id: 'SAT-KITA', nameJa: '北部サテライトオフィス', nameEn: 'North satellite office' },
    });
    expect((await item(home)).request).toMatchObject({ reason: 'focus work', submissions: 1, locationText: null });
    const [r] = await decide(unit.approver, [
      { taskId: (await item(home)).taskId, action: 'return', comment: '理由を具体的に' },
    ]);
    expect(r).toMatchObject({ ok: true });
    const h = await as(t, unit.members[0]!);
    await t.http.patch(`/api/v1/requests/${home}`).set(h).send({ reason: '資料の集中作成' }).expect(200);
    await t.http.post(`/api/v1/requests/${home}/submit`).set(h).send({}).expect(200);
    expect((await item(home)).request).toMatchObject({ reason: '資料の集中作成', submissions: 2 });
  });

  it('counts what the box holds, in all and by verdict, kind, requester and department', async () => {
    const unit = await unitOf(t, 'WELF-02');
    await submitted(t, unit.members[0]!, { date: '2026-12-08' });
    await submitted(t, unit.members[0]!, { date: '2026-12-09' });
    await submitted(t, unit.members[1]!, { date: '2026-12-08' });
    const s = (
      await t.http
        .get('/api/v1/inbox/summary')
        .set(await as(t, unit.approver))
        .expect(200)
    ).body;
    const items = await inboxOf(t, unit.approver);
    expect(s.total).toBe(items.length);
    const tally = (key: (i: (typeof items)[number]) => string) =>
      items.reduce<Record<string, number>>((o, i) => ({ ...o, [key(i)]: (o[key(i)] ?? 0) + 1 }), {});
    expect(s.outcomes).toEqual(tally((i) => i.outcome as string));
    expect(s.kinds).toEqual(tally((i) => i.kind as string));
    expect(s.requesters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: unit.members[0], count: 2, name: expect.any(String) }),
        expect.objectContaining({ id: unit.members[1], count: 1 }),
      ]),
    );
    expect(s.departments).toEqual([
      expect.objectContaining({ id: 'WELF', nameEn: expect.any(String), count: items.length }),
    ]);
  });

  it('refuses a period that ends before it starts, in the list and in approve-matching', async () => {
    const unit = await unitOf(t, 'CITZ-04');
    const h = await as(t, unit.approver);
    const list = await t.http.get('/api/v1/inbox?workFrom=2026-12-10&workTo=2026-12-01').set(h).expect(400);
    expect(list.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'workTo' }] });
    expectBilingual(list.body.details[0].messages[0]);
    const before = await pendingIn(unit.approver);
    const bulk = await t.http
      .post('/api/v1/inbox/approve-matching')
      .set(h)
      .send({ filter: { workFrom: '2026-12-10', workTo: '2026-12-01' } })
      .expect(400);
    expect(bulk.body.details).toEqual([expect.objectContaining({ field: 'filter.workTo' })]);
    expect(await pendingIn(unit.approver)).toBe(before);
  });
});
