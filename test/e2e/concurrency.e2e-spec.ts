import { as } from '../factories/inbox.factory';
import { ADMIN, unitOf } from '../factories/kessai.factory';
import { requestBody } from '../factories/request.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

describe('concurrent edits of one request', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startFreshApp();
    token = await t.login('S0120');
  });
  afterAll(() => t.close());

  it('20 concurrent submits of one draft: exactly one succeeds, the rest get 409', async () => {
    const id = (await t.http.post('/api/v1/requests').set(auth()).send(requestBody()).expect(201)).body.id;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post(`/api/v1/requests/${id}/submit`).set(auth()).send({})),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409))
      expect(['INVALID_TRANSITION', 'VERSION_CONFLICT']).toContain(r.body.code);
    const got = await t.http.get(`/api/v1/requests/${id}`).set(auth()).expect(200);
    expect(got.body.status).toBe('awaitingDecision');
    expect(got.body.timeline.filter((e: { event: string }) => e.event === 'request.submit')).toHaveLength(1);
  });

  it('10 concurrent edits with the same If-Match: one wins, nine get VERSION_CONFLICT', async () => {
    const id = (await t.http.post('/api/v1/requests').set(auth()).send(requestBody()).expect(201)).body.id;
    const parts = ['am', 'pm', 'full', 'am', 'pm', 'full', 'am', 'pm', 'full', 'am'];
    const results = await Promise.all(
      parts.map((part) => t.http.patch(`/api/v1/requests/${id}`).set(auth()).set('If-Match', '"1"').send({ part })),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'VERSION_CONFLICT')).toHaveLength(9);
    const got = await t.http.get(`/api/v1/requests/${id}`).set(auth()).expect(200);
    expect(got.body).toMatchObject({ version: 2, part: ok[0]!.body.part });
    // an edit naming the current version in its body and a stale one as If-Match is refused, not half-checked
    const mixed = await t.http
      .patch(`/api/v1/requests/${id}`)
      .set(auth())
      .set('If-Match', '"1"')
      .send({ part: 'pm', expectedVersion: 2 })
      .expect(400);
    expect(mixed.body.details[0]).toMatchObject({ field: 'If-Match' });
    expect((await t.http.get(`/api/v1/requests/${id}`).set(auth()).expect(200)).body.version).toBe(2);
  });
});

describe('concurrent deletes of one absence or delegation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  it('delete it once: one 204, the other nine 404, as a repeat after it would get', async () => {
    const admin = await as(t, ADMIN);
    const unit = await unitOf(t, 'CITZ-01');
    const absence = await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: '2026-12-03', to: '2026-12-04', kind: 'trip' })
      .expect(201);
    const delegation = await t.http
      .post('/api/v1/delegations')
      .set(admin)
      .send({ approverId: unit.approver, deputyId: unit.deputy })
      .expect(201);
    for (const path of [`/api/v1/absences/${absence.body.id}`, `/api/v1/delegations/${delegation.body.id}`]) {
      const results = await Promise.all(Array.from({ length: 10 }, () => t.http.delete(path).set(admin)));
      expect(results.map((r) => r.status).sort()).toEqual([204, ...Array(9).fill(404)]);
      for (const r of results.filter((x) => x.status === 404)) expect(r.body.code).toBe('NOT_FOUND');
    }
  });
});
