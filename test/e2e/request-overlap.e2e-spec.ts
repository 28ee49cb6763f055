import { requestBody } from '../factories/request.factory';
import { JAPANESE } from '../support/bilingual';
import { startFreshApp, type TestApp } from '../support/test-app';

describe('one person asks for a day once: an overlapping request of one’s own is refused at submission', () => {
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await startFreshApp();
    auth = { Authorization: `Bearer ${await t.login('S0131')}` };
  });
  afterAll(() => t.close());

  const draft = async (over: Record<string, unknown>) =>
    (await t.http.post('/api/v1/requests').set(auth).send(requestBody(over)).expect(201)).body.id as string;
  const submit = (id: string) => t.http.post(`/api/v1/requests/${id}/submit`).set(auth).send({});
  const state = async (id: string) => {
    const r = (await t.http.get(`/api/v1/requests/${id}`).set(auth).expect(200)).body;
    return { status: r.status, version: r.version, verdict: r.verdict ?? null, timeline: r.timeline.length };
  };
  const hours = (date: string, startTime: string, endTime: string) => ({
    date,
    part: 'hours',
    startTime,
    endTime,
    withLeave: true, // hourly telework goes with leave
  });

  it('refuses a second full day, naming the request it meets, and changes nothing', async () => {
    const first = await draft({ date: '2026-12-08' });
    await submit(first).expect(200);
    const second = await draft({ date: '2026-12-08' });
    const before = await state(second);
    const res = await submit(second).expect(409);
    expect(res.body).toMatchObject({
      code: 'REQUEST_OVERLAPS',
      details: { requestId: first, date: '2026-12-08', part: 'full', status: 'awaitingDecision' },
    });
    expect(res.body.message.ja).toMatch(JAPANESE);
    expect(res.body.message.en).toMatch(/Another request of yours/);
    expect(await state(second)).toEqual(before);
    // a range that reaches the day meets it too
    const range = await draft({ date: undefined, from: '2026-12-07', to: '2026-12-09' });
    expect((await submit(range).expect(409)).body.details).toMatchObject({ requestId: first, date: '2026-12-08' });
    // once the first is withdrawn, the day is free again
    await t.http.post(`/api/v1/requests/${first}/withdraw`).set(auth).send({}).expect(200);
    await submit(second).expect(200);
  });

  it('says the overlap before judging the request by the policy, which would count the other one against it', async () => {
    await submit(await draft({ date: '2026-12-17' })).expect(200);
    const myNumber = { description: '住民票 / resident records', networkTier: 'mynumber', confidentiality: 3 };
    const res = await submit(await draft({ date: '2026-12-17', tasks: [myNumber] })).expect(409);
    expect(res.body.code).toBe('REQUEST_OVERLAPS'); // not POLICY_DENIED: fixing the tasks would not help
  });

  it('says so already on preview (overlaps), beside the verdict; a time no request takes has none', async () => {
    const first = await draft({ date: '2026-12-21' });
    await submit(first).expect(200);
    const preview = (over: Record<string, unknown>) =>
      t.http.post('/api/v1/requests/preview').set(auth).send(requestBody(over)).expect(200);
    expect((await preview({ date: '2026-12-21' })).body.overlaps).toEqual({
      requestId: first,
      date: '2026-12-21',
      part: 'full',
      status: 'awaitingDecision',
    });
    expect((await preview({ date: undefined, from: '2026-12-18', to: '2026-12-22' })).body.overlaps).toMatchObject({
      requestId: first,
    });
    expect((await preview({ date: '2026-12-22' })).body).not.toHaveProperty('overlaps');
    // a draft is no pending request: checked from its own page, it meets nothing
    await draft({ date: '2026-12-23' });
    expect((await preview({ date: '2026-12-23' })).body).not.toHaveProperty('overlaps');
  });

  it('lets a morning and an afternoon share a day, and hours that do not meet; not a second morning', async () => {
    await submit(await draft({ date: '2026-12-10', part: 'am' })).expect(200);
    await submit(await draft({ date: '2026-12-10', part: 'pm' })).expect(200);
    const again = await submit(await draft({ date: '2026-12-10', part: 'am' })).expect(409);
    expect(again.body.details).toMatchObject({ date: '2026-12-10', part: 'am' });

    await submit(await draft(hours('2026-12-11', '08:30', '10:30'))).expect(200);
    await submit(await draft(hours('2026-12-11', '15:00', '17:15'))).expect(200);
    const meets = await submit(await draft(hours('2026-12-11', '10:00', '15:30'))).expect(409);
    expect(meets.body.details).toMatchObject({ date: '2026-12-11', part: 'hours' });
    // hours beside a half day are taken to meet it
    await submit(await draft({ date: '2026-12-14', part: 'pm' })).expect(200);
    await submit(await draft(hours('2026-12-14', '08:30', '10:00'))).expect(409);
  });

  it('of two overlapping submissions at once, one goes through and the other is refused', async () => {
    const a = await draft({ date: '2026-12-15' });
    const b = await draft({ date: '2026-12-15' });
    const codes = (await Promise.all([submit(a), submit(b)])).map((r) => r.status).sort();
    expect(codes).toEqual([200, 409]);
    const statuses = (await Promise.all([state(a), state(b)])).map((s) => s.status).sort();
    expect(statuses).toEqual(['awaitingDecision', 'draft']);
  });
});
