import { as, submitted, taskOf } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { startFreshApp, type TestApp } from '../support/test-app';
import { brokenChains } from '../support/event-chains';

describe('racing decisions: every task decided exactly once', () => {
  let t: TestApp;
  let boss: string;
  let team: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members: team } = await teamOf(t, 4));
  });
  afterAll(() => t.close());

  const post = async (decisions: unknown[]) =>
    t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, boss))
      .send({ decisions });

  async function decisionEvents(taskIds: string[]): Promise<Map<string, number>> {
    const rows = await t.db.query<{ instance_id: string; n: number }>(
      `SELECT instance_id, count(*)::int AS n FROM workflow_events
       WHERE instance_id = ANY($1::uuid[]) AND type LIKE 'decision.%' GROUP BY instance_id`,
      [taskIds],
    );
    return new Map(rows.map((r) => [r.instance_id, Number(r.n)]));
  }

  it('20 concurrent identical approvals of one task: one ok, nineteen ALREADY_DECIDED', async () => {
    const id = await submitted(t, team[0]!, { date: '2026-12-08' });
    const taskId = await taskOf(t, boss, id);
    const responses = await Promise.all(Array.from({ length: 20 }, () => post([{ taskId, action: 'approve' }])));
    const results = responses.map((r) => r.body.results[0]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'ALREADY_DECIDED')).toHaveLength(19);
    expect((await decisionEvents([taskId])).get(taskId)).toBe(1);
  });

  it('an approve and a reject racing: one wins and the request matches the winner', async () => {
    for (const date of ['2026-12-07', '2026-12-14', '2026-12-21', '2027-01-12', '2027-01-19']) {
      const id = await submitted(t, team[1]!, { date });
      const taskId = await taskOf(t, boss, id);
      const [a, b] = await Promise.all([
        post([{ taskId, action: 'approve' }]),
        post([{ taskId, action: 'reject', comment: 'short-staffed' }]),
      ]);
      const winners = [a.body.results[0], b.body.results[0]].filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const req = (
        await t.http
          .get(`/api/v1/requests/${id}`)
          .set(await as(t, team[1]!))
          .expect(200)
      ).body;
      expect(req.status).toBe(winners[0].requestStatus);
      expect(req.status).toBe(winners[0].status === 'approved' ? 'approved' : 'rejected');
    }
  });

  it('a bulk call racing single decisions on overlapping tasks: each task decided once, log consistent', async () => {
    const ids: string[] = [];
    // six days each for two requesters (one request per person and day), two a week: under the weekly cap
    const days = ['2026-12-22', '2026-12-23', '2027-01-05', '2027-01-06', '2027-01-12', '2027-01-13'];
    for (let i = 0; i < 12; i++) ids.push(await submitted(t, team[2 + (i % 2)]!, { date: days[i >> 1] }));
    const tasks = await Promise.all(ids.map((id) => taskOf(t, boss, id)));
    const bulk = post(tasks.map((taskId) => ({ taskId, action: 'approve' })));
    const singles = tasks
      .filter((_, i) => i % 3 === 0)
      .map((taskId) => post([{ taskId, action: 'return', comment: 'please fix' }]));
    const [bulkRes, ...singleRes] = await Promise.all([bulk, ...singles]);
    const okCount = new Map<string, number>();
    for (const r of [...bulkRes.body.results, ...singleRes.flatMap((s) => s.body.results)]) {
      if (r.ok) okCount.set(r.taskId, (okCount.get(r.taskId) ?? 0) + 1);
      else expect(r.code).toBe('ALREADY_DECIDED');
    }
    for (const taskId of tasks) expect(okCount.get(taskId)).toBe(1);
    const events = await decisionEvents(tasks);
    for (const taskId of tasks) expect(events.get(taskId)).toBe(1);
    // each task's row (its machine's instance) is where its event log ends
    const mismatched = await t.db.query(
      `SELECT t.id FROM approval_tasks t LEFT JOIN workflow_events e ON e.instance_id = t.id AND e.seq = t.version
       WHERE t.id = ANY($1::uuid[]) AND (e.to_state IS DISTINCT FROM t.status OR e.hash IS DISTINCT FROM t.head_hash)`,
      [tasks],
    );
    expect(mismatched).toEqual([]);
  });

  it('leaves every event chain whole: entries 1…version, each linked to the one before', async () => {
    expect(await t.db.query('SELECT count(*)::int AS n FROM workflow_events')).not.toEqual([{ n: 0 }]);
    expect(await brokenChains(t.db)).toEqual([]);
  });
});
