import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimersService } from '../../src/kessai/timers.service';
import { as, submitted } from '../factories/inbox.factory';
import { requestBody } from '../factories/request.factory';
import { pendingTasks, unitOf } from '../factories/kessai.factory';
import { FixedClock } from '../support/fixed-clock';
import { freshDatabase, startApp, startFreshApp, type StartOptions, type TestApp } from '../support/test-app';

/** Durable timers: written with the step, fired once after a restart and across processes. */
describe('kessai deadlines as durable timers', () => {
  let options: StartOptions;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    if (process.env.DATABASE_URL) {
      options = { databaseUrl: fresh.databaseUrl };
      cleanup = fresh.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'teleflow-timers-'));
      options = { dataDir: dir, loadDataDir: fresh.loadDataDir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => cleanup());

  async function expiries(t: TestApp, requestIds: string[]): Promise<number[]> {
    const rows = await t.db.query<{ n: number }>(
      `SELECT count(e.seq)::int AS n FROM remote_work_requests r LEFT JOIN workflow_events e
         ON e.instance_id = r.kessai_id AND e.type = 'deadline.expired'
       WHERE r.id = ANY($1::uuid[]) GROUP BY r.id`,
      [requestIds],
    );
    return rows.map((r) => Number(r.n));
  }

  it('survive a restart and fire exactly once, also with two runners at the same time', async () => {
    const first = await startApp(options);
    const unit = await unitOf(first, 'CITZ-01');
    const ids: string[] = [];
    for (const m of unit.members.slice(0, 4)) ids.push(await submitted(first, m, { date: '2026-12-02' }));
    const [{ n: armed }] = (await first.db.query(
      `SELECT count(*)::int AS n FROM timers t JOIN remote_work_requests r ON r.kessai_id = t.instance_id
       WHERE r.id = ANY($1::uuid[]) AND t.fired_at IS NULL AND t.cancelled_at IS NULL`,
      [ids],
    )) as [{ n: number }];
    expect(Number(armed)).toBe(8); // a reminder and an expiry per item
    await first.close();

    // two processes (on PostgreSQL; one process with two runners on the embedded database)
    const late = () => new FixedClock(new Date('2026-11-30T08:00:00Z'));
    const a = await startApp({ ...options, loadDataDir: undefined, clock: late() });
    const b = options.databaseUrl ? await startApp({ ...options, clock: late() }) : a;
    try {
      const fired = await Promise.all([a.app.get(TimersService).runDue(1), b.app.get(TimersService).runDue(1)]);
      expect(fired[0] + fired[1]).toBeGreaterThanOrEqual(8);
      expect(await a.app.get(TimersService).runDue()).toBe(0);
      expect(await expiries(a, ids)).toEqual([1, 1, 1, 1]);
      const [{ n: twice }] = (await a.db.query(
        `SELECT count(*)::int AS n FROM (SELECT instance_id, kind, step FROM timers WHERE fired_at IS NOT NULL
           GROUP BY instance_id, kind, step HAVING count(*) > 1) x`,
      )) as [{ n: number }];
      expect(Number(twice)).toBe(0);
      // escalated to the 部長: each item once
      const boss = (await pendingTasks(a, unit.boss)).filter((x) => ids.includes(x.request_id));
      expect(boss).toHaveLength(4);
    } finally {
      if (b !== a) await b.close();
      await a.close();
    }
  });
});

describe('requests whose day has passed', () => {
  it('expire when undecided and leave the approver’s box; later ones wait on', async () => {
    const t = await startFreshApp();
    try {
      const unit = await unitOf(t, 'CITZ-01');
      const [a, b] = unit.members as [string, string];
      const pending = await submitted(t, a, { date: '2026-12-01' });
      const draft = (
        await t.http
          .post('/api/v1/requests')
          .set(await as(t, b))
          .send(requestBody({ date: '2026-12-01' }))
          .expect(201)
      ).body.id;
      const later = await submitted(t, b, { date: '2026-12-10' });
      t.clock.set('2026-12-02T00:00:00Z');
      await t.app.get(TimersService).runDue();
      const status = async (who: string, id: string) =>
        (
          await t.http
            .get(`/api/v1/requests/${id}`)
            .set(await as(t, who))
            .expect(200)
        ).body.status;
      expect(await status(a, pending)).toBe('expired');
      // its route shows the open step closed, and that the request expired (nobody withdrew it)
      const { route } = (
        await t.http
          .get(`/api/v1/requests/${pending}`)
          .set(await as(t, a))
          .expect(200)
      ).body;
      expect(route.state).toBe('withdrawn');
      expect(route.steps[route.currentStep].status).toBe('closed');
      expect(route.events.at(-1)).toMatchObject({ event: 'request.withdrawn', details: { expired: true } });
      expect(await status(b, draft)).toBe('expired');
      expect(await status(b, later)).toBe('awaitingDecision');
      expect((await pendingTasks(t, unit.approver)).map((x) => x.request_id)).not.toContain(pending);
    } finally {
      await t.close();
    }
  });

  it('keep firing the others, and expiring, when one fails; that one is tried again later', async () => {
    const t = await startFreshApp();
    try {
      const unit = await unitOf(t, 'CITZ-02');
      const [a, b, c] = unit.members as [string, string, string];
      const [broken, fine] = [
        await submitted(t, a, { date: '2026-12-10' }),
        await submitted(t, b, { date: '2026-12-10' }),
      ];
      const stale = await submitted(t, c, { date: '2026-12-01' });
      const routeOf = async (id: string) =>
        (await t.db.query<{ k: string }>(`SELECT kessai_id AS k FROM remote_work_requests WHERE id = $1`, [id]))[0]!.k;
      const timersOf = async (id: string) =>
        t.db.query<{ fired: boolean; attempts: number; last_error: string | null; later: boolean }>(
          `SELECT fired_at IS NOT NULL AS fired, attempts, last_error, due_at > $2 AS later FROM timers
           WHERE instance_id = $1 ORDER BY id`,
          [await routeOf(id), new Date('2026-12-02T00:00:00Z')],
        );
      // the broken route's reminder and escalation throw when they step it
      await t.db.query(`CREATE OR REPLACE FUNCTION inject_timer_failure() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id = '${await routeOf(broken)}'::uuid THEN RAISE EXCEPTION 'injected failure'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER inject_timer_failure BEFORE UPDATE ON workflow_instances FOR EACH ROW EXECUTE FUNCTION inject_timer_failure()`,
      );
      try {
        t.clock.set('2026-12-02T00:00:00Z'); // the reminders and escalations of all three are due
        await t.app.get(TimersService).runDue();
        const failed = await timersOf(broken);
        expect(failed.length).toBeGreaterThan(0);
        for (const x of failed) expect(x).toMatchObject({ fired: false, attempts: 1, later: true });
        expect(failed[0]!.last_error).toContain('injected failure');
        const others = await timersOf(fine);
        expect(others.length).toBeGreaterThan(0);
        expect(others.every((x) => x.fired && x.attempts === 0)).toBe(true);
        const [row] = await t.db.query<{ status: string }>(`SELECT status FROM remote_work_requests WHERE id = $1`, [
          stale,
        ]);
        expect(row!.status).toBe('expired');
      } finally {
        await t.db.query(`DROP TRIGGER IF EXISTS inject_timer_failure ON workflow_instances`);
      }
      t.clock.set('2026-12-02T01:00:00Z'); // its wait is over: it fires now
      await t.app.get(TimersService).runDue();
      expect((await timersOf(broken)).every((x) => x.fired)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('run a batch again after a deadlock, rather than putting its timers off', async () => {
    const t = await startFreshApp();
    try {
      const unit = await unitOf(t, 'CITZ-03');
      const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
      const [{ k }] = (await t.db.query(`SELECT kessai_id AS k FROM remote_work_requests WHERE id = $1`, [id])) as [
        { k: string },
      ];
      // the first try of the route's step dies of a deadlock (as PostgreSQL reports one); the next goes through
      // (a sequence counts the tries: it is not rolled back with them)
      await t.db.query(`CREATE SEQUENCE deadlock_once`);
      await t.db.query(`CREATE OR REPLACE FUNCTION inject_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id = '${k}'::uuid AND nextval('deadlock_once') = 1 THEN
            RAISE EXCEPTION 'deadlock detected (injected)' USING ERRCODE = '40P01';
          END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER inject_deadlock BEFORE UPDATE ON workflow_instances FOR EACH ROW EXECUTE FUNCTION inject_deadlock()`,
      );
      const aborts = t.db.transientAborts;
      try {
        t.clock.set('2026-12-02T00:00:00Z');
        await t.app.get(TimersService).runDue();
      } finally {
        await t.db.query(`DROP TRIGGER IF EXISTS inject_deadlock ON workflow_instances`);
        await t.db.query(`DROP SEQUENCE IF EXISTS deadlock_once`);
      }
      const timers = await t.db.query<{ fired: boolean; attempts: number }>(
        `SELECT fired_at IS NOT NULL AS fired, attempts FROM timers WHERE instance_id = $1`,
        [k],
      );
      expect(timers.length).toBeGreaterThan(0);
      expect(timers.every((x) => x.fired && x.attempts === 0)).toBe(true);
      expect(t.db.transientAborts - aborts).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('expire a draft by the last day it has now, after an edit moved its dates', async () => {
    const t = await startFreshApp();
    try {
      const unit = await unitOf(t, 'CITZ-01');
      const [a] = unit.members as [string];
      const status = async (id: string) =>
        (
          await t.http
            .get(`/api/v1/requests/${id}`)
            .set(await as(t, a))
            .expect(200)
        ).body.status;
      const create = async (date: string) =>
        (
          await t.http
            .post('/api/v1/requests')
            .set(await as(t, a))
            .send(requestBody({ date }))
            .expect(201)
        ).body.id as string;
      const edit = async (id: string, date: string) =>
        t.http
          .patch(`/api/v1/requests/${id}`)
          .set(await as(t, a))
          .send({ date })
          .expect(200);
      const earlier = await create('2026-12-10');
      await edit(earlier, '2026-12-01');
      const later = await create('2026-12-01');
      await edit(later, '2026-12-10');
      t.clock.set('2026-12-02T00:00:00Z');
      await t.app.get(TimersService).runDue();
      expect(await status(earlier)).toBe('expired');
      expect(await status(later)).toBe('draft');
    } finally {
      await t.close();
    }
  });
});
