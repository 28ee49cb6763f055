import { as, decide, submitted, taskOf } from '../factories/inbox.factory';
import { requestBody } from '../factories/request.factory';
import { teamOf } from '../factories/org.factory';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * The OpenAPI document says what the inbox and the requests API answer; real answers are
 * checked against it, fields it does not name included, so that it cannot drift from the code.
 */
describe('OpenAPI document of the inbox and the requests', () => {
  let t: TestApp;
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];
  let boss: string;
  let team: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members: team } = await teamOf(t, 2));
    ({ conforms } = await openApiOf(t));
  });
  afterAll(() => t.close());

  it('lists inbox items as documented', async () => {
    await submitted(t, team[0]!, { date: '2026-12-10' });
    await submitted(t, team[1]!, { date: '2026-12-11', part: 'am' });
    const page = (
      await t.http
        .get('/api/v1/inbox?limit=1')
        .set(await as(t, boss))
        .expect(200)
    ).body;
    expect(page.next).toEqual(expect.any(String));
    conforms('get', '/api/v1/inbox', 200, page);
  });

  it('answers decisions, refusals and whole-call errors as documented', async () => {
    const id = await submitted(t, team[0]!, { date: '2026-12-14' });
    const taskId = await taskOf(t, boss, id);
    const h = await as(t, boss);
    const res = await t.http
      .post('/api/v1/inbox/decisions')
      .set(h)
      .send({
        decisions: [
          { taskId, action: 'approve' },
          { taskId, action: 'approve' },
          { taskId: 'nope', action: 'reject', comment: 'x' },
          { taskId, action: 'return', comment: 'x', toStep: 0 },
        ],
      })
      .expect(200);
    expect(res.body.results.map((r: { ok: boolean; code?: string }) => r.code ?? 'ok')).toEqual([
      'ok',
      'ALREADY_DECIDED',
      'NOT_ASSIGNEE',
      'ALREADY_DECIDED',
    ]);
    conforms('post', '/api/v1/inbox/decisions', 200, res.body);
    const tooMany = await t.http
      .post('/api/v1/inbox/decisions')
      .set(h)
      .send({ decisions: Array.from({ length: 10_001 }, () => ({ taskId, action: 'approve' })) })
      .expect(422);
    conforms('post', '/api/v1/inbox/decisions', 422, tooMany.body);
    const bad = await t.http
      .post('/api/v1/inbox/decisions')
      .set(h)
      .send({ decisions: [{ taskId }] })
      .expect(400);
    conforms('post', '/api/v1/inbox/decisions', 400, bad.body);
    const matching = await t.http.post('/api/v1/inbox/approve-matching').set(h).send({ filter: {} }).expect(200);
    conforms('post', '/api/v1/inbox/approve-matching', 200, matching.body);
  });

  it('answers drafts, edits, previews and pages of requests as documented', async () => {
    const h = await as(t, team[1]!);
    const created = await t.http
      .post('/api/v1/requests')
      .set(h)
      .send(requestBody({ date: '2026-12-15', contact: '090-0000-0000' }))
      .expect(201);
    conforms('post', '/api/v1/requests', 201, created.body);
    const id = created.body.id as string;
    const ranged = await t.http
      .post('/api/v1/requests')
      .set(h)
      .send(
        requestBody({
          from: '2026-12-16',
          to: '2026-12-17',
          date: undefined,
          part: 'hours',
          startTime: '13:00',
          endTime: '17:15',
          location: 'satellite',
          satelliteOfficeId: 'SAT-KITA',
        }),
      )
      .expect(201);
    expect(ranged.body.date).toBeUndefined();
    conforms('post', '/api/v1/requests', 201, ranged.body);

    const edited = await t.http
      .patch(`/api/v1/requests/${id}`)
      .set(h)
      .set('If-Match', '"1"')
      .send({ part: 'am', reason: 'quiet day' })
      .expect(200);
    conforms('patch', '/api/v1/requests/{id}', 200, edited.body);
    const stale = await t.http
      .patch(`/api/v1/requests/${id}`)
      .set(h)
      .set('If-Match', '"1"')
      .send({ part: 'pm' })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    conforms('patch', '/api/v1/requests/{id}', 409, stale.body);

    const page = (await t.http.get('/api/v1/requests?limit=1').set(h).expect(200)).body;
    expect(page.next).toEqual(expect.any(String));
    conforms('get', '/api/v1/requests', 200, page);
    const last = (await t.http.get(`/api/v1/requests?limit=200&cursor=${page.next}`).set(h).expect(200)).body;
    expect(last.next).toBeUndefined();
    conforms('get', '/api/v1/requests', 200, last);

    for (const body of [
      requestBody({ date: '2026-12-15' }),
      requestBody({
        date: '2026-12-15',
        tasks: [{ description: 'マイナンバー事務', networkTier: 'mynumber', confidentiality: 3 }],
      }),
    ]) {
      const preview = await t.http.post('/api/v1/requests/preview').set(h).send(body).expect(200);
      conforms('post', '/api/v1/requests/preview', 200, preview.body);
    }
    const invalid = await t.http
      .post('/api/v1/requests')
      .set(h)
      .send(requestBody({ part: 'evening' }))
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    conforms('post', '/api/v1/requests', 400, invalid.body);
  });

  it('answers a request through submission, approval and cancellation as documented', async () => {
    const id = await submitted(t, team[1]!, { date: '2026-12-18' });
    const [approval] = await decide(t, boss, [{ taskId: await taskOf(t, boss, id), action: 'approve', comment: 'ok' }]);
    expect(approval).toMatchObject({ ok: true });
    const h = await as(t, team[1]!);
    const got = await t.http.get(`/api/v1/requests/${id}`).set(h).expect(200);
    expect(got.body.timeline.length).toBeGreaterThan(2);
    expect(got.body.route.steps[0].decisions).toHaveLength(1);
    conforms('get', '/api/v1/requests/{id}', 200, got.body);
    const cancelled = await t.http
      .post(`/api/v1/requests/${id}/cancel`)
      .set(h)
      .send({ comment: 'not needed' })
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    conforms('post', '/api/v1/requests/{id}/cancel', 200, cancelled.body);

    const missing = await t.http.get('/api/v1/requests/00000000-0000-4000-8000-000000000000').set(h).expect(404);
    expect(missing.body.code).toBe('REQUEST_NOT_FOUND');
    conforms('get', '/api/v1/requests/{id}', 404, missing.body);
  });

  it('answers submission, refusals and withdrawal as documented', async () => {
    const h = await as(t, team[1]!);
    const draft = (
      await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(requestBody({ date: '2026-12-22' }))
        .expect(201)
    ).body.id as string;
    const sent = await t.http
      .post(`/api/v1/requests/${draft}/submit`)
      .set(h)
      .set('If-Match', '"1"')
      .send({})
      .expect(200);
    expect(sent.body.status).toBe('awaitingDecision');
    conforms('post', '/api/v1/requests/{id}/submit', 200, sent.body);
    const notApproved = await t.http.post(`/api/v1/requests/${draft}/cancel`).set(h).send({}).expect(409);
    expect(notApproved.body.code).toBe('INVALID_TRANSITION');
    conforms('post', '/api/v1/requests/{id}/cancel', 409, notApproved.body);
    const withdrawn = await t.http
      .post(`/api/v1/requests/${draft}/withdraw`)
      .set(h)
      .send({ expectedVersion: sent.body.version, comment: 'plans changed' })
      .expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    conforms('post', '/api/v1/requests/{id}/withdraw', 200, withdrawn.body);

    const denied = (
      await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(
          requestBody({
            date: '2026-12-23',
            tasks: [{ description: 'マイナンバー事務', networkTier: 'mynumber', confidentiality: 3 }],
          }),
        )
        .expect(201)
    ).body.id as string;
    const refused = await t.http.post(`/api/v1/requests/${denied}/submit`).set(h).send({}).expect(422);
    expect(refused.body.code).toBe('POLICY_DENIED');
    conforms('post', '/api/v1/requests/{id}/submit', 422, refused.body);
  });
});
