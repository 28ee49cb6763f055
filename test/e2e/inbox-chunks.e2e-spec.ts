import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { approveThroughRoute, as, decide, submitted, taskOf } from '../factories/inbox.factory';
import type { SeededUser } from '../factories/org.factory';
import { demoUsers } from '../factories/org.factory';
import { unitOf } from '../factories/kessai.factory';
import { startFreshApp, type TestApp } from '../support/test-app';
import { seedRequests, weekdays } from '../bench/fixtures';
import { brokenChains } from '../support/event-chains';
import { GATE_PATIENCE_MS } from '../../src/inbox/decisions.service';

/**
 * A bulk call runs in chunks of 2,000, each its own transaction. What the caller learns
 * when one of them fails: a chunk aborted for a deadlock is run again; a chunk that fails for
 * good after another committed answers NOT_DECIDED item by item; when nothing committed, the
 * error is the answer. Failures are injected with a trigger on the task projection.
 */
describe('bulk decisions when a chunk fails', () => {
  let t: TestApp;
  let head: string;
  let requesters: string[];
  let users: SeededUser[];

  beforeAll(async () => {
    t = await startFreshApp();
    users = await demoUsers(t);
    head = users.find((u) => u.section.id === 'GENL-01' && u.grade === 'kacho')!.id;
    requesters = users.filter((u) => u.section.id === 'GENL-01' && u.grade !== 'kacho').map((u) => u.id);
  });
  afterEach(() => t.db.query(`DROP TRIGGER IF EXISTS inject_failure ON approval_tasks`));
  afterAll(() => t.close());

  let offset = 0;
  const pending = async (count: number) => {
    const s = await t.db.tx((m) =>
      seedRequests(m, { approverId: head, requesters, count, dates: weekdays('2027-03-01', 40), offset }),
    );
    offset += count;
    return s.taskIds;
  };
  /** Runs `plpgsql` in the transaction that decides `taskId`, as its row is written (dropped after each test). */
  const whenDecided = async (taskId: string, plpgsql: string) => {
    await t.db.query(`CREATE OR REPLACE FUNCTION inject_failure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = '${taskId}'::uuid AND NEW.status <> 'pending' THEN ${plpgsql} END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(
      `CREATE TRIGGER inject_failure BEFORE UPDATE ON approval_tasks FOR EACH ROW EXECUTE FUNCTION inject_failure()`,
    );
  };
  /** Makes deciding `taskId` fail: `times` times with `errcode`, or always. */
  const failOn = async (taskId: string, errcode: string, times?: number) => {
    await t.db.query(`CREATE SEQUENCE IF NOT EXISTS inject_failure_seq`);
    await t.db.query(`SELECT setval('inject_failure_seq', 1, false)`);
    await whenDecided(
      taskId,
      `IF ${times ?? 'NULL'}::int IS NULL OR nextval('inject_failure_seq') <= ${times ?? 0} THEN
         RAISE EXCEPTION 'injected failure' USING ERRCODE = '${errcode}';
       END IF;`,
    );
  };
  const decideAll = async (taskIds: string[], status = 200) =>
    (
      await t.http
        .post('/api/v1/inbox/decisions')
        .set(await as(t, head))
        .send({ decisions: taskIds.map((taskId) => ({ taskId, action: 'approve' })) })
        .expect(status)
    ).body;
  const statuses = async (taskIds: string[]) =>
    (
      await t.db.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM approval_tasks WHERE id = ANY($1::uuid[]) GROUP BY status`,
        [taskIds],
      )
    ).reduce<Record<string, number>>((o, r) => ({ ...o, [r.status]: Number(r.n) }), {});

  it('runs again a chunk the database aborted for a deadlock: every item decided once', async () => {
    const ids = await pending(2_050);
    await failOn(ids[2_010]!, '40P01', 2); // the second chunk, twice: its third attempt passes
    const { results } = await decideAll(ids);
    expect(results.filter((r: { ok: boolean }) => r.ok)).toHaveLength(2_050);
    expect(await statuses(ids)).toEqual({ approved: 2_050 });
  });

  it('a chunk run again after a deadlock is still judged before the next: the last slot goes to the earlier item', async () => {
    // 公民館 (EDUC-05) keeps at least 3 of its 6 in the office: after two approved, one more fits
    const educ = users.filter((u) => u.section.id === 'EDUC-05');
    const boss = educ.find((u) => u.grade === 'kacho')!.id;
    const [a, b, c, x] = educ.filter((u) => u.supervisorId === boss && u.employmentType === 'regular').map((u) => u.id);
    const day = '2027-01-13';
    const [ra, rb, rc, rx] = [
      await submitted(t, a!, { date: day }),
      await submitted(t, b!, { date: day }),
      await submitted(t, c!, { date: day }),
      await submitted(t, x!, { date: day }), // flagged: three already asked
    ];
    const [ta, tb] = [await taskOf(t, boss, ra), await taskOf(t, boss, rb)];
    await decide(t, boss, [
      { taskId: await taskOf(t, boss, rc), action: 'approve' },
      { taskId: await taskOf(t, boss, rx), action: 'approve' },
    ]);
    expect(await approveThroughRoute(t, rx)).toBe('approved');
    // A closes the first chunk, B opens the second; the first chunk's first attempt deadlocks
    // after it held its locks, when the second has already started
    const filler = (
      await t.db.tx((m) =>
        seedRequests(m, { approverId: boss, requesters, count: 2_100, dates: weekdays('2029-01-09', 200) }),
      )
    ).taskIds;
    const ids = [...filler.slice(0, 1_999), ta, tb, ...filler.slice(1_999)];
    await failOn(filler[100]!, '40P01', 1);
    const results = await decide(
      t,
      boss,
      ids.map((taskId) => ({ taskId, action: 'approve' })),
    );
    // as one by one: A takes the last slot, B is refused
    expect(results[1_999]).toMatchObject({ taskId: ta, ok: true, requestStatus: 'approved' });
    expect(results[2_000]).toMatchObject({ taskId: tb, ok: false, code: 'POLICY_LIMIT_REACHED' });
    expect(results.filter((r) => r.ok)).toHaveLength(ids.length - 1);
    expect(await statuses(filler)).toEqual({ approved: 2_100 });
  });

  /**
   * The call's first chunk approves the approver's own telework today, which re-places their
   * pending items, locking those items' requests; the call's last item shares such a request
   * (as a shared 合議 step could give them): on PostgreSQL a later chunk holds it, waiting to
   * commit, while the first re-places (the embedded database runs the chunks one after the other).
   * `between`: items of whole chunks between the two; `day`: today, a working day of its own.
   */
  const ownTeleworkFirst = async (between: number, day: string, fillerFrom: string) => {
    const unit = await unitOf(t, 'CITZ-01');
    const s = unit.approver;
    // without a device of their own, an approved telework day makes the approver absent
    await t.db.query(`UPDATE devices SET holder_id = NULL WHERE holder_id = $1`, [s]);
    const own = await submitted(t, s, { date: day });
    const [ownTask] = await t.db.query<{ id: string; assignee_id: string }>(
      `SELECT id, assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'pending'`,
      [own],
    );
    const c = ownTask!.assignee_id;
    const subs = (await t.db.query<{ id: string }>(`SELECT id FROM staff WHERE supervisor_id = $1`, [c])).map(
      (r) => r.id,
    );
    const seed = (approverId: string, requesters: string[], count: number, dates: string[]) =>
      t.db.tx((m) => seedRequests(m, { approverId, requesters, count, dates }));
    const filler = (await seed(c, subs, 1_999, weekdays(fillerFrom, 40))).taskIds;
    // (other days: a chunk waits for the limit locks of its unit-days while one before holds them)
    const middle = between ? (await seed(c, subs, between, weekdays('2028-03-01', 80))).taskIds : [];
    const [cx] = (await seed(c, subs, 1, ['2027-09-01'])).taskIds;
    const [sx] = (await seed(s, unit.members, 1, ['2027-06-01'])).taskIds;
    await t.db.query(
      `UPDATE approval_tasks SET request_id = (SELECT request_id FROM approval_tasks WHERE id = $1) WHERE id = $2`,
      [cx, sx],
    );
    // the first chunk writes slowly, so that the later ones hold their rows before it re-places
    await whenDecided(filler[0]!, 'PERFORM pg_sleep(0.5);');
    t.clock.set(`${day}T00:00:00Z`);
    let timer: NodeJS.Timeout | undefined;
    try {
      // the own telework closes the first chunk
      const ids = [...filler, ownTask!.id, ...middle, cx!];
      const hung = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 30_000)));
      const results = await Promise.race([
        decide(
          t,
          c,
          ids.map((taskId) => ({ taskId, action: 'approve' })),
        ),
        hung,
      ]);
      expect(results).not.toBe('hung');
      expect((results as { ok: boolean }[]).filter((r) => r.ok)).toHaveLength(ids.length);
      const [{ status }] = (await t.db.query(`SELECT status FROM remote_work_requests WHERE id = $1`, [own])) as [
        { status: string },
      ];
      expect(status).toBe('approved');
    } finally {
      clearTimeout(timer);
      t.clock.set('2026-11-26T00:30:00Z');
    }
  };

  it('does not hang when the chunk before locks more after the next started (an approver’s own telework today)', async () => {
    await ownTeleworkFirst(0, '2026-12-07', '2027-03-01');
  }, 60_000);

  it('does not hang when an earlier chunk than the one before locks what a later one holds', async () => {
    // three chunks: the first waits for the third, the second waits to commit after the first
    await ownTeleworkFirst(2_000, '2026-12-08', '2027-11-01');
  }, 90_000);

  it('gives way when an earlier chunk waits long for anyone’s lock: a circle through two calls cannot hang', async () => {
    const ids = await pending(2_600);
    const url = t.config.databaseUrl;
    if (!url) {
      // one chunk after the other: none waits to commit, so none has anything to give way
      expect((await decideAll(ids)).results.filter((r: { ok: boolean }) => r.ok)).toHaveLength(2_600);
      return;
    }
    // while writing, the first chunk waits for a lock another connection holds, as another call's chunk
    // would hold one while it waits to commit after a chunk that waits for this call's second
    await whenDecided(ids[0]!, `PERFORM pg_advisory_xact_lock(hashtext('test:outsider'));`);
    const outsider = new Client({ connectionString: url });
    const probe = new Client({ connectionString: url });
    await outsider.connect();
    await probe.connect();
    /** Whether someone holds the second chunk's row of `ids[2_100]` (a lock no one else may take now). */
    const held = async () => {
      try {
        await probe.query(`SELECT id FROM approval_tasks WHERE id = $1 FOR UPDATE NOWAIT`, [ids[2_100]]);
        return false;
      } catch {
        return true;
      }
    };
    const until = async (what: string, ok: () => Promise<boolean>, ms: number) => {
      for (const end = Date.now() + ms; !(await ok()); await delay(100))
        if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    };
    let call: Promise<{ results: { ok: boolean }[] }> | undefined;
    try {
      await outsider.query(`BEGIN`);
      await outsider.query(`SELECT pg_advisory_xact_lock(hashtext('test:outsider'))`);
      call = Promise.resolve(decideAll(ids));
      await until('the second chunk to hold its rows', held, 20_000);
      // the first chunk still waits; the second gives its rows up once its patience is over
      await until('the second chunk to give way', async () => !(await held()), GATE_PATIENCE_MS + 15_000);
    } finally {
      await outsider.query(`COMMIT`).catch(() => undefined);
      await outsider.end();
      await probe.end();
    }
    const { results } = await call!;
    expect(results.filter((r) => r.ok)).toHaveLength(2_600);
    expect(await statuses(ids)).toEqual({ approved: 2_600 });
  }, 60_000);

  it('answers NOT_DECIDED for the items of a chunk that failed after another committed', async () => {
    const ids = await pending(2_050);
    await failOn(ids[2_010]!, 'P0001'); // the second chunk, for good
    const { results } = await decideAll(ids);
    expect(results.map((r: { taskId: string }) => r.taskId)).toEqual(ids);
    expect(results.slice(0, 2_000).every((r: { ok: boolean }) => r.ok)).toBe(true);
    for (const r of results.slice(2_000)) {
      expect(r).toMatchObject({
        ok: false,
        code: 'NOT_DECIDED',
        message: { ja: expect.stringContaining('変更なし'), en: expect.stringContaining('nothing changed') },
      });
    }
    expect(await statuses(ids.slice(0, 2_000))).toEqual({ approved: 2_000 });
    expect(await statuses(ids.slice(2_000))).toEqual({ pending: 50 }); // nothing changed for them
  });

  it('answers the error itself when no chunk committed, and changes nothing', async () => {
    const ids = await pending(30);
    await failOn(ids[10]!, 'P0001');
    const body = await decideAll(ids, 500);
    expect(body).toMatchObject({ code: 'INTERNAL', message: { ja: expect.any(String), en: expect.any(String) } });
    expect(await statuses(ids)).toEqual({ pending: 30 });
  });

  it('approve-matching over more than 10,000 matches approves nothing and says how many matched', async () => {
    await pending(10_001);
    const [{ n }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM approval_tasks
       WHERE assignee_id = $1 AND status = 'pending' AND kind = 'approval' AND outcome = 'allow'`,
      [head],
    )) as [{ n: number }];
    expect(Number(n)).toBeGreaterThan(10_000);
    const res = await t.http
      .post('/api/v1/inbox/approve-matching')
      .set(await as(t, head))
      .send({ filter: {} })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'BULK_LIMIT', details: { max: 10_000, given: Number(n) } });
    const [after] = (await t.db.query(
      `SELECT count(*)::int AS n FROM approval_tasks WHERE assignee_id = $1 AND status = 'pending'`,
      [head],
    )) as [{ n: number }];
    expect(Number(after.n)).toBeGreaterThanOrEqual(Number(n)); // nothing approved
  });

  it('leaves every event chain whole: entries 1…version, each linked to the one before', async () => {
    expect(await brokenChains(t.db)).toEqual([]);
  });
});
