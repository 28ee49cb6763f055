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
  });
});
