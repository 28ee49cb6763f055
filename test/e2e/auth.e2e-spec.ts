import { as, submitted } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { ADMIN, unitOf } from '../factories/kessai.factory';
import { freshDatabase, startApp, startFreshApp, type TestApp } from '../support/test-app';

describe('demo identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  it('lists the ~450 seeded users with the documented fields', async () => {
    const res = await t.http.get('/api/v1/auth/demo-users').expect(200);
    expect(res.body.length).toBe(450);
    const u = res.body.find((x: { id: string }) => x.id === 'S0100');
    expect(Object.keys(u).sort()).toEqual(
      [
        'department',
        'employmentType',
        'grade',
        'hasRemoteDevice',
        'id',
        'name',
        'nameRomaji',
        'roles',
        'section',
        'supervisorId',
        'waiting',
      ].sort(),
    );
    const grades = new Set(res.body.map((x: { grade: string }) => x.grade));
    for (const g of ['staff', 'kakaricho', 'kacho', 'bucho', 'fukushicho', 'shicho']) expect(grades).toContain(g);
    expect(res.body.filter((x: { hasRemoteDevice: boolean }) => x.hasRemoteDevice).length).toBeGreaterThan(60);
    expect(res.body.some((x: { employmentType: string }) => x.employmentType === 'fixed_term')).toBe(true);
    expect(res.body.some((x: { roles: string[] }) => x.roles.includes('admin'))).toBe(true);
  });

  it('says what waits in each demo user’s box, so that the login page can show where the work is', async () => {
    const waiting = async () =>
      new Map(
        ((await t.http.get('/api/v1/auth/demo-users').expect(200)).body as { id: string; waiting: number }[]).map(
          (u) => [u.id, u.waiting],
        ),
      );
    const before = await waiting();
    const { supervisor, members } = await teamOf(t, 2);
    for (const [k, who] of members.entries()) await submitted(t, who, { date: `2026-12-1${k}` });
    const after = await waiting();
    expect(after.get(supervisor)).toBe(before.get(supervisor)! + 2);
    const [{ n }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM approval_tasks WHERE status = 'pending' AND assignee_id = $1`,
      [supervisor],
    )) as [{ n: number }];
    expect(after.get(supervisor)).toBe(n);
    for (const who of members) expect(after.get(who)).toBe(before.get(who));
  });

  it('logs in as a seeded user and answers /me with department, grade and roles', async () => {
    const token = await t.login('S0045');
    const me = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    // the scheme's name in any case, as HTTP has it
    await t.http.get('/api/v1/me').set('Authorization', `bearer ${token}`).expect(200);
    // a token and then more is no token
    const junk = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${token} junk`).expect(401);
    expect(junk.body.code).toBe('UNAUTHENTICATED');
    expect(me.body).toMatchObject({
      id: 'S0045',
      grade: 'kacho',
      department: { id: 'GENL' },
      section: { id: 'GENL-02' },
    });
    expect(me.body.roles).toEqual(expect.arrayContaining(['staff', 'supervisor', 'admin']));
    expect(me.body.deputyFor).toEqual([]); // (no one names the 課長 as a deputy in the demo)
  });

  it('tells a deputy whom they stand in for (代決者), from the delegations', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    const me = async () =>
      (
        await t.http
          .get('/api/v1/me')
          .set(await as(t, unit.deputy))
          .expect(200)
      ).body.deputyFor;
    expect(await me()).toEqual([]);
    await t.http
      .post('/api/v1/delegations')
      .set(await as(t, ADMIN))
      .send({ approverId: unit.approver, deputyId: unit.deputy })
      .expect(201);
    expect(await me()).toEqual([unit.approver]);
  });

  it('refuses an unknown staff id', async () => {
    const res = await t.http.post('/api/v1/auth/demo-login').send({ staffId: 'S9999' }).expect(404);
    expect(res.body.code).toBe('STAFF_NOT_FOUND');
  });
});

describe('outside demo mode', () => {
  it('answers 404 for both demo endpoints', async () => {
    const fresh = await freshDatabase();
    const t = await startApp({ databaseUrl: fresh.databaseUrl, loadDataDir: fresh.loadDataDir, demo: false });
    try {
      expect((await t.http.get('/api/v1/auth/demo-users').expect(404)).body.code).toBe('NOT_FOUND');
      expect((await t.http.post('/api/v1/auth/demo-login').send({ staffId: 'S0100' }).expect(404)).body.code).toBe(
        'NOT_FOUND',
      );
    } finally {
      await t.close();
      await fresh.drop();
    }
  });
});
