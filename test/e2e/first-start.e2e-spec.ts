import { AppConfig } from '../../src/config/app-config';
import { startDemoActivity } from '../../src/demo/demo-activity';
import { startApp, startFreshApp, type TestApp } from '../support/test-app';

/**
 * The quick start: `npm start` on an empty embedded database migrates it, seeds the demo
 * organisation and loads the policy files, which name that organisation's sections and offices.
 * (Every other test starts on a copy of a seeded template, where the order cannot show.)
 */
describe('a first start on an empty database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ dataDir: 'memory://' });
  });
  afterAll(() => t.close());

  it('seeds the organisation before it loads the policy files, so that each is active', async () => {
    const admin = { Authorization: `Bearer ${await t.login('S0045')}` };
    const active = (await t.http.get('/api/v1/policies').set(admin).expect(200)).body as {
      name: string;
      version: number;
      activatedBy: string;
    }[];
    expect(active.map((p) => [p.name, p.version, p.activatedBy]).sort()).toEqual([
      ['calendar', 1, 'file'],
      ['routing', 1, 'file'],
      ['telework', 1, 'file'],
    ]);
  });

  it('files some days of telework through the API, so that a new user finds the demo in use', async () => {
    // (off unless asked: as in tests; `npm start` asks, TELEFLOW_DEMO_ACTIVITY defaulting to demo mode)
    expect(await startDemoActivity(t.app, t.config)).toBeNull();
    expect(AppConfig.fromEnv({}).demoActivity).toBe(true);
    expect(AppConfig.fromEnv({ TELEFLOW_DEMO_ACTIVITY: 'false' }).demoActivity).toBe(false);
    expect(AppConfig.fromEnv({ DATABASE_URL: 'postgres://x/y', JWT_SECRET: 's' }).demoActivity).toBe(false);

    await t.app.listen(0, '127.0.0.1');
    t.config.demoActivity = true;
    const done = await startDemoActivity(t.app, t.config);
    expect(done).toMatchObject({
      lead: 'S0045',
      refused: 0,
      approved: 2,
      returned: 1,
      notices: 1,
      away: expect.any(String),
    });
    expect(done!.submitted).toBeGreaterThanOrEqual(15);

    // the lead's inbox: what their staff filed, clean and flagged, less what they decided
    const lead = { Authorization: `Bearer ${await t.login(done!.lead)}` };
    const inbox = (await t.http.get('/api/v1/inbox').set(lead).expect(200)).body as {
      items: { outcome: string; requester: { id: string }; onBehalfOf?: { id: string } }[];
    };
    const staffIds = new Set(
      ((await t.db.query(`SELECT id FROM staff WHERE supervisor_id = $1`, [done!.lead])) as { id: string }[]).map(
        (r) => r.id,
      ),
    );
    const [{ n: filed }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM remote_work_requests r JOIN staff s ON s.id = r.requester_id
       WHERE s.supervisor_id = $1`,
      [done!.lead],
    )) as [{ n: number }];
    const own = inbox.items.filter((x) => !x.onBehalfOf);
    // (less the three decided, and the day filed as a notice under a registration: approved on filing)
    expect(own.filter((x) => staffIds.has(x.requester.id))).toHaveLength(filed - 3 - 1);
    expect(new Set(own.map((x) => x.outcome))).toEqual(new Set(['allow', 'needs_exception']));
    // and, as deputy of the superior away today (代決), what the lead's peers filed
    const deputised = inbox.items.filter((x) => x.onBehalfOf);
    expect(deputised.length).toBeGreaterThanOrEqual(1);
    expect(deputised.every((x) => x.onBehalfOf!.id === done!.away)).toBe(true);
    // decided ones: the requesters see the outcome, with the comment of the one returned
    const statuses = await t.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM remote_work_requests GROUP BY status ORDER BY status`,
    );
    expect(statuses.find((s) => s.status === 'returned')?.n).toBe(1);
    expect(statuses.reduce((a, s) => a + s.n, 0)).toBe(done!.submitted);
    // the notice (届出): approved on filing, its registration approved by the lead
    const [notice] = (await t.db.query(
      `SELECT r.status, g.status AS registration FROM remote_work_requests r
       JOIN telework_registrations g ON g.staff_id = r.requester_id AND r.date_from BETWEEN g.date_from AND g.date_to
       WHERE r.status = 'approved' AND NOT EXISTS (SELECT 1 FROM approval_tasks k WHERE k.request_id = r.id)`,
    )) as { status: string; registration: string }[];
    expect(notice).toEqual({ status: 'approved', registration: 'approved' });
    // other sections' heads have some too: the backlog overview is not all zeros, and the absence shows
    const backlog = (await t.http.get('/api/v1/backlog').set(lead).expect(200)).body as {
      items: { approverId: string; pending: number; absentNow: boolean }[];
    };
    expect(backlog.items.filter((a) => a.pending > 0).length).toBeGreaterThanOrEqual(4);
    expect(backlog.items.find((a) => a.approverId === done!.away)?.absentNow).toBe(true);
  });
});

describe('a start on a database seeded before', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  it('files no demo activity: that is the first start’s alone, once per database', async () => {
    t.config.demoActivity = true;
    await t.app.listen(0, '127.0.0.1');
    expect(await startDemoActivity(t.app, t.config)).toBeNull();
    const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM remote_work_requests`)) as [{ n: number }];
    expect(n).toBe(0);
  });
});
