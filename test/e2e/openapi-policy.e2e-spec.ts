import { as, submitted } from '../factories/inbox.factory';
import { ADMIN } from '../factories/kessai.factory';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * The OpenAPI document says what the policy admin API, the demo identity, /me and /health
 * answer; real answers are checked against it, fields it does not name included.
 */
describe('OpenAPI document of the policies, auth and health', () => {
  let t: TestApp;
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];
  let admin: Record<string, string>;
  const STAFF = 'S0100';

  beforeAll(async () => {
    t = await startFreshApp();
    admin = await as(t, ADMIN);
    ({ conforms } = await openApiOf(t));
  });
  afterAll(() => t.close());

  const activeTelework = async (): Promise<string> =>
    (await t.http.get('/api/v1/policies/telework/versions').set(admin).expect(200)).body[0].content as string;

  it('lists the policy files and their versions as documented', async () => {
    const list = await t.http.get('/api/v1/policies').set(admin).expect(200);
    expect(list.body.map((p: { name: string }) => p.name).sort()).toEqual(['calendar', 'routing', 'telework']);
    conforms('get', '/api/v1/policies', 200, list.body);

    for (const name of ['telework', 'calendar', 'routing']) {
      const versions = await t.http.get(`/api/v1/policies/${name}/versions`).set(admin).expect(200);
      expect(versions.body[0].content).toEqual(expect.any(String));
      conforms('get', '/api/v1/policies/{name}/versions', 200, versions.body);
    }
    const unknown = await t.http.get('/api/v1/policies/nope/versions').set(admin).expect(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    conforms('get', '/api/v1/policies/{name}/versions', 404, unknown.body);
  });

  it('names the business systems of the active policy to any staff member, as documented', async () => {
    const res = await t.http
      .get('/api/v1/business-systems')
      .set(await as(t, STAFF))
      .expect(200);
    expect(res.body).toEqual([
      { id: 'payroll', label: { ja: '給与システム', en: 'the payroll system' }, reachableRemotely: false },
      {
        id: 'resident-records',
        label: { ja: '住民記録システム', en: 'the resident records system' },
        reachableRemotely: false,
      },
    ]);
    conforms('get', '/api/v1/business-systems', 200, res.body);
  });

  it('answers validation of good and bad files as documented', async () => {
    const content = await activeTelework();
    const good = await t.http.post('/api/v1/policies/validate').set(admin).send({ name: 'telework', content });
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ valid: true, errors: [] });
    conforms('post', '/api/v1/policies/validate', 200, good.body);

    const bad = content.replace('maxDays: 2', 'maxDays: two');
    const refused = await t.http
      .post('/api/v1/policies/validate')
      .set(admin)
      .send({ name: 'telework', content: bad })
      .expect(200);
    expect(refused.body.valid).toBe(false);
    expect(refused.body.errors[0]).toMatchObject({
      file: 'telework.yaml',
      line: bad.split('\n').findIndex((l) => l.includes('maxDays: two')) + 1,
      column: expect.any(Number),
      path: expect.stringContaining('maxDays'),
    });
    conforms('post', '/api/v1/policies/validate', 200, refused.body);

    const broken = await t.http
      .post('/api/v1/policies/validate')
      .set(admin)
      .send({ name: 'calendar', content: 'closedDays: [' })
      .expect(200);
    expect(broken.body.valid).toBe(false);
    conforms('post', '/api/v1/policies/validate', 200, broken.body);

    const unknown = await t.http
      .post('/api/v1/policies/validate')
      .set(admin)
      .send({ name: 'nope', content })
      .expect(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    conforms('post', '/api/v1/policies/validate', 404, unknown.body);
    const invalid = await t.http.post('/api/v1/policies/validate').set(admin).send({ name: 'telework' }).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    conforms('post', '/api/v1/policies/validate', 400, invalid.body);
  });

  it('answers activation, an unchanged version and a refused file as documented', async () => {
    const before = await activeTelework();
    const refused = await t.http
      .put('/api/v1/policies/telework')
      .set(admin)
      .send({ content: before.replace('maxDays: 2', 'maxDays: [2]') })
      .expect(422);
    expect(refused.body.code).toBe('POLICY_INVALID');
    expect(refused.body.details[0]).toMatchObject({
      file: 'telework.yaml',
      line: expect.any(Number),
      column: expect.any(Number),
      path: expect.stringContaining('maxDays'),
      message: expect.any(String),
    });
    conforms('put', '/api/v1/policies/{name}', 422, refused.body);

    const content = before.replace('maxDays: 2', 'maxDays: 3');
    const put = await t.http.put('/api/v1/policies/telework').set(admin).send({ content, comment: '週3日まで' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'telework', version: 2, activatedBy: ADMIN, changed: true });
    conforms('put', '/api/v1/policies/{name}', 200, put.body);
    const again = await t.http.put('/api/v1/policies/telework').set(admin).send({ content }).expect(200);
    expect(again.body).toMatchObject({ version: 2, changed: false });
    conforms('put', '/api/v1/policies/{name}', 200, again.body);
    // back to the shipped policy, with a null comment
    const back = await t.http.put('/api/v1/policies/telework').set(admin).send({ content: before }).expect(200);
    expect(back.body).toMatchObject({ version: 3, comment: null, changed: true });
    conforms('put', '/api/v1/policies/{name}', 200, back.body);

    const unknown = await t.http.put('/api/v1/policies/nope').set(admin).send({ content }).expect(404);
    conforms('put', '/api/v1/policies/{name}', 404, unknown.body);
  });

  it('answers simulations and refused drafts as documented', async () => {
    const ids = [await submitted(t, STAFF, { date: '2026-12-07' }), await submitted(t, STAFF, { date: '2026-12-08' })];
    const content = await activeTelework();
    const draft = content.replace('allowed: [full, am, pm, hours]', 'allowed: [am, pm, hours]');
    expect(draft).not.toBe(content);
    const sim = await t.http
      .post('/api/v1/policies/simulate')
      .set(admin)
      .send({ name: 'telework', content: draft, from: '2026-12-01', to: '2026-12-31' });
    expect(sim.status).toBe(200);
    const changed = sim.body.changed.filter((c: { requestId: string }) => ids.includes(c.requestId));
    expect(changed).toHaveLength(2);
    expect(changed[0].newReasons.length).toBeGreaterThan(0);
    expect(sim.body.transitions.length).toBeGreaterThan(0);
    conforms('post', '/api/v1/policies/simulate', 200, sim.body);

    const same = await t.http
      .post('/api/v1/policies/simulate')
      .set(admin)
      .send({ name: 'telework', content, from: '2026-12-01', to: '2026-12-31' })
      .expect(200);
    expect(same.body.changed).toEqual([]);
    conforms('post', '/api/v1/policies/simulate', 200, same.body);

    const invalid = await t.http
      .post('/api/v1/policies/simulate')
      .set(admin)
      .send({ name: 'telework', content: 'rules: [', from: '2026-12-01', to: '2026-12-31' })
      .expect(422);
    expect(invalid.body.code).toBe('POLICY_INVALID');
    expect(invalid.body.details[0]).toMatchObject({ file: 'telework.yaml', line: expect.any(Number) });
    conforms('post', '/api/v1/policies/simulate', 422, invalid.body);
    const routing = await t.http
      .post('/api/v1/policies/simulate')
      .set(admin)
      .send({ name: 'routing', content, from: '2026-12-01', to: '2026-12-31' })
      .expect(400);
    expect(routing.body.code).toBe('VALIDATION_FAILED');
    conforms('post', '/api/v1/policies/simulate', 400, routing.body);
    const reversed = await t.http
      .post('/api/v1/policies/simulate')
      .set(admin)
      .send({ name: 'telework', content, from: '2026-12-31', to: '2026-12-01' })
      .expect(400);
    conforms('post', '/api/v1/policies/simulate', 400, reversed.body);
  });

  it('answers the demo identity, /me and /health as documented', async () => {
    const users = await t.http.get('/api/v1/auth/demo-users').expect(200);
    expect(users.body.length).toBeGreaterThan(100);
    expect(users.body.some((u: { supervisorId: string | null }) => u.supervisorId === null)).toBe(true);
    conforms('get', '/api/v1/auth/demo-users', 200, users.body);

    const login = await t.http.post('/api/v1/auth/demo-login').send({ staffId: ADMIN }).expect(200);
    conforms('post', '/api/v1/auth/demo-login', 200, login.body);
    const unknown = await t.http.post('/api/v1/auth/demo-login').send({ staffId: 'S9999' }).expect(404);
    expect(unknown.body.code).toBe('STAFF_NOT_FOUND');
    conforms('post', '/api/v1/auth/demo-login', 404, unknown.body);
    const invalid = await t.http.post('/api/v1/auth/demo-login').send({}).expect(400);
    conforms('post', '/api/v1/auth/demo-login', 400, invalid.body);

    const me = await t.http
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${login.body.token as string}`)
      .expect(200);
    expect(me.body).toMatchObject({ id: ADMIN, roles: expect.arrayContaining(['admin']) });
    conforms('get', '/api/v1/me', 200, me.body);

    const health = await t.http.get('/health').expect(200);
    expect(health.body.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'embedded');
    conforms('get', '/health', 200, health.body);
  });

  it('answers 401 and 403 as documented', async () => {
    const anonymous = await t.http.get('/api/v1/me').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    conforms('get', '/api/v1/me', 401, anonymous.body);
    const badToken = await t.http.get('/api/v1/policies').set('Authorization', 'Bearer nope').expect(401);
    expect(badToken.body.code).toBe('UNAUTHENTICATED');
    conforms('get', '/api/v1/policies', 401, badToken.body);

    const staff = await as(t, STAFF);
    const forbidden = await t.http.get('/api/v1/policies').set(staff).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    conforms('get', '/api/v1/policies', 403, forbidden.body);
    const put = await t.http.put('/api/v1/policies/telework').set(staff).send({ content: 'x' }).expect(403);
    conforms('put', '/api/v1/policies/{name}', 403, put.body);
    const simulate = await t.http
      .post('/api/v1/policies/simulate')
      .set(staff)
      .send({ name: 'telework', content: 'x', from: '2026-12-01', to: '2026-12-31' })
      .expect(403);
    conforms('post', '/api/v1/policies/simulate', 403, simulate.body);
  });
});
