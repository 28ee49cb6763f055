import { requestBody } from '../factories/request.factory';
import { expectBilingual } from '../support/bilingual';
import { startFreshApp, type TestApp } from '../support/test-app';
import { brokenChains } from '../support/event-chains';

describe('request lifecycle over HTTP', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startFreshApp();
    token = await t.login('S0100');
  });
  afterAll(() => t.close());

  it('answers /health with the database kind', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: process.env.DATABASE_URL ? 'postgres' : 'embedded',
      version: expect.any(String),
    });
  });

  it('drafts, edits, submits, withdraws, with a timeline oldest first', async () => {
    const created = await t.http.post('/api/v1/requests').set(auth()).send(requestBody()).expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      date: '2026-12-03',
      from: '2026-12-03',
      to: '2026-12-03',
      version: 1,
    });
    expect(created.headers.etag).toBe('"1"');
    const id = created.body.id as string;

    const edited = await t.http
      .patch(`/api/v1/requests/${id}`)
      .set(auth())
      .set('If-Match', '"1"')
      .send({ part: 'am' })
      .expect(200);
    expect(edited.body).toMatchObject({ status: 'draft', part: 'am', version: 2 });

    const submitted = await t.http.post(`/api/v1/requests/${id}/submit`).set(auth()).send({}).expect(200);
    expect(submitted.body).toMatchObject({ status: 'awaitingDecision', version: 3 });
    expect(submitted.body.submittedAt).toEqual(expect.any(String));
    // the ETag is the version, for If-Match; the route and the caller's tasks change without it, so a
    // conditional GET is answered in full (never 304), and nothing of it is stored
    const again = await t.http
      .get(`/api/v1/requests/${id}`)
      .set(auth())
      .set('If-None-Match', submitted.headers.etag!)
      .expect(200);
    expect(again.body).toMatchObject({ id, version: 3, route: expect.any(Object) });
    expect(again.headers['cache-control']).toBe('no-store');
    expect(again.headers.etag).toBe('"3"');
    // no other answer has an ETag: none that looks like a version to send back (a list, an error)
    const list = await t.http.get('/api/v1/requests').set(auth()).expect(200);
    const missing = await t.http.get('/api/v1/requests/00000000-0000-4000-8000-000000000000').set(auth()).expect(404);
    expect([list.headers.etag, missing.headers.etag]).toEqual([undefined, undefined]);

    const withdrawn = await t.http
      .post(`/api/v1/requests/${id}/withdraw`)
      .set(auth())
      .send({ comment: 'plans changed' })
      .expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');

    const got = await t.http.get(`/api/v1/requests/${id}`).set(auth()).expect(200);
    expect(got.body.timeline.map((e: { event: string }) => e.event)).toEqual([
      'workflow.started',
      'request.edit',
      'request.submit',
      'request.withdraw',
    ]);
    expect(got.body.timeline[3]).toMatchObject({
      from: 'awaitingDecision',
      to: 'withdrawn',
      actor: { id: 'S0100' },
      details: { comment: 'plans changed' },
    });
  });

  it('lists only the caller’s own requests, filtered and paged', async () => {
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09']) {
      await t.http
        .post('/api/v1/requests')
        .set(auth())
        .send(requestBody({ date: d }))
        .expect(201);
    }
    const other = await t.login('S0101');
    await t.http
      .post('/api/v1/requests')
      .set({ Authorization: `Bearer ${other}` })
      .send(requestBody({ date: '2026-12-08' }))
      .expect(201);

    const page1 = await t.http.get('/api/v1/requests?status=draft&from=2026-12-07&limit=2').set(auth()).expect(200);
    expect(page1.body.items.map((r: { date: string }) => r.date)).toEqual(['2026-12-09', '2026-12-08']);
    expect(page1.body.next).toEqual(expect.any(String));
    const page2 = await t.http
      .get(`/api/v1/requests?status=draft&from=2026-12-07&limit=2&cursor=${page1.body.next}`)
      .set(auth())
      .expect(200);
    expect(page2.body.items.map((r: { date: string }) => r.date)).toEqual(['2026-12-07']);
    expect(page2.body.next).toBeUndefined();
    for (const r of [...page1.body.items, ...page2.body.items]) expect(r.requester.id).toBe('S0100');
    // the earliest first (the coming days in the order they come), paged the same way
    const listed = (res: { body: { items: { date: string }[] } }) => res.body.items.map((r) => r.date);
    const early1 = await t.http
      .get('/api/v1/requests?status=draft&from=2026-12-07&sort=earliest&limit=2')
      .set(auth())
      .expect(200);
    expect(listed(early1)).toEqual(['2026-12-07', '2026-12-08']);
    const early2 = await t.http
      .get(`/api/v1/requests?status=draft&from=2026-12-07&sort=earliest&limit=2&cursor=${early1.body.next}`)
      .set(auth())
      .expect(200);
    expect(listed(early2)).toEqual(['2026-12-09']);
    expect(early2.body.next).toBeUndefined();
    // a status no request has, a period ending before it starts, an order there is none of, or a cursor made
    // in the other order is a mistake to say, not an empty list (nor a page of the other order)
    for (const [query, field] of [
      ['status=draft,nope', 'status'],
      ['from=2026-12-10&to=2026-12-01', 'to'],
      ['sort=oldest', 'sort'],
      [`sort=earliest&cursor=${page1.body.next}`, 'cursor'],
      [`cursor=${early1.body.next}`, 'cursor'],
    ]) {
      const res = await t.http.get(`/api/v1/requests?${query}`).set(auth()).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field }] });
      expectBilingual(res.body.details[0].messages[0]);
    }
    await t.http.get('/api/v1/requests?status=awaitingDecision,approved').set(auth()).expect(200);
  });

  it('keeps the device, reason and contact an edit leaves out, and clears those it sends as null', async () => {
    // a shared one: a device lent to someone else is refused
    const [device] = await t.db.query<{ id: string }>(
      `SELECT id FROM devices WHERE holder_id IS NULL ORDER BY id LIMIT 1`,
    );
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(auth())
        .send(requestBody({ deviceId: device!.id, reason: 'focus work', contact: 'ext. 1234' }))
        .expect(201)
    ).body.id as string;
    const kept = await t.http.patch(`/api/v1/requests/${id}`).set(auth()).send({ part: 'pm' }).expect(200);
    expect(kept.body).toMatchObject({ deviceId: device!.id, reason: 'focus work', contact: 'ext. 1234' });
    const cleared = await t.http
      .patch(`/api/v1/requests/${id}`)
      .set(auth())
      .send({ deviceId: null, reason: null, contact: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ deviceId: null, device: null, reason: null, contact: null, part: 'pm' });
    // on the other fields null is what leaving them out is; blank text is no text
    const same = await t.http
      .patch(`/api/v1/requests/${id}`)
      .set(auth())
      .send({ part: null, location: null, satelliteOfficeId: null, startTime: null, tasks: null, reason: '  ' })
      .expect(200);
    expect(same.body).toMatchObject({ part: 'pm', location: 'home', satelliteOfficeId: null, reason: null });
    expect(same.body.tasks).toHaveLength(1);
  });

  it('records an edit that changes nothing as none: same version, no timeline entry; a real one names what changed', async () => {
    const created = (
      await t.http
        .post('/api/v1/requests')
        .set(auth())
        .send(requestBody({ date: '2026-12-18' }))
        .expect(201)
    ).body;
    const id = created.id as string;
    for (const body of [{}, { date: '2026-12-18', part: 'full', location: 'home', tasks: created.tasks }]) {
      const same = await t.http
        .patch(`/api/v1/requests/${id}`)
        .set(auth())
        .set('If-Match', '"1"')
        .send(body)
        .expect(200);
      expect(same.body).toMatchObject({ version: 1 });
      expect(same.body.timeline).toHaveLength(created.timeline.length);
    }
    // still an edit of that version: another is 409, as for any edit
    const stale = await t.http.patch(`/api/v1/requests/${id}`).set(auth()).set('If-Match', '"7"').send({}).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const edited = await t.http
      .patch(`/api/v1/requests/${id}`)
      .set(auth())
      .send({ date: '2026-12-18', part: 'am', reason: 'focus work' })
      .expect(200);
    expect(edited.body.version).toBe(2);
    expect(edited.body.timeline.at(-1)).toMatchObject({ event: 'request.edit', details: { changed: ['part'] } });
  });

  it('drops hourly leave (時間休) with the hours: a request edited to a full day is not combined with leave', async () => {
    const hourly = requestBody({
      date: '2026-12-17',
      part: 'hours',
      startTime: '13:00',
      endTime: '17:15',
      withLeave: true,
    });
    const id = (await t.http.post('/api/v1/requests').set(auth()).send(hourly).expect(201)).body.id as string;
    const edited = await t.http.patch(`/api/v1/requests/${id}`).set(auth()).send({ part: 'full' }).expect(200);
    expect(edited.body).toMatchObject({ part: 'full', startTime: null, endTime: null, withLeave: false });
  });

  it('accepts a date range and hours with times', async () => {
    const res = await t.http
      .post('/api/v1/requests')
      .set(auth())
      .send(
        requestBody({
          date: undefined,
          from: '2026-12-14',
          to: '2026-12-16',
          part: 'hours',
          startTime: '13:00',
          endTime: '17:15',
          location: 'satellite',
          satelliteOfficeId: 'SAT-KITA',
        }),
      )
      .expect(201);
    expect(res.body).toMatchObject({
      from: '2026-12-14',
      to: '2026-12-16',
      startTime: '13:00',
      endTime: '17:15',
      satelliteOfficeId: 'SAT-KITA',
    });
    expect(res.body.date).toBeUndefined();
  });

  it('leaves every event chain whole: entries 1…version, each linked to the one before', async () => {
    expect(await t.db.query('SELECT count(*)::int AS n FROM workflow_events')).not.toEqual([{ n: 0 }]);
    expect(await brokenChains(t.db)).toEqual([]);
  });
});
