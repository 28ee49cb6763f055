import { Client } from 'pg';
import { as, decide, submitted, taskOf } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { brokenChains } from '../support/event-chains';
import { startFreshApp, type TestApp } from '../support/test-app';
import { TimersService } from '../../src/kessai/timers.service';

/**
 * A deadline firing while its approver decides: both reach the same request, tasks and route.
 * Every writer takes the request first (src/kessai/request-locks.ts), so one waits for the
 * other and neither is aborted for a deadlock (which a retry would hide: the tests count them). On PostgreSQL a third connection briefly holds
 * one row, to make the two meet in the order that used to close a circle; the embedded
 * database runs one transaction at a time, so there the two simply run one after the other.
 */
describe('one lock order: a firing deadline and a decision on the same item', () => {
  let t: TestApp;
  let boss: string;
  let team: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members: team } = await teamOf(t, 2));
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.set('2026-11-26T00:30:00Z'));

  /** On PostgreSQL: holds the row `sql` locks in a transaction of its own until released. */
  const holding = async (sql: string, id: string): Promise<() => Promise<void>> => {
    if (t.db.kind !== 'postgres') return async () => {};
    const c = new Client({ connectionString: t.config.databaseUrl });
    await c.connect();
    await c.query('BEGIN');
    await c.query(sql, [id]);
    return async () => {
      await c.query('ROLLBACK');
      await c.end();
    };
  };
  const pause = () => new Promise((r) => setTimeout(r, 300));
  const approve = async (taskId: string) =>
    (
      await t.http
        .post('/api/v1/inbox/decisions')
        .set(await as(t, boss))
        .send({ decisions: [{ taskId, action: 'approve' }] })
    ).body;

  it('the decision holds the request and waits for its task; the deadline waits for the request', async () => {
    const aborts = t.db.transientAborts;
    const id = await submitted(t, team[0]!, { date: '2026-12-10' });
    const taskId = await taskOf(t, boss, id);
    t.clock.set('2026-12-02T00:00:00Z'); // past step 0's escalation deadline
    const release = await holding('SELECT 1 FROM approval_tasks WHERE id = $1 FOR UPDATE', taskId);
    const decision = approve(taskId);
    await pause();
    const timers = t.app.get(TimersService).runDue();
    await pause();
    await release();
    const [body] = await Promise.all([decision, timers]);
    // the decision went first: the route then refuses the deadline of a step it has left
    expect(body.results).toEqual([{ taskId, ok: true, status: 'approved', requestStatus: 'approved' }]);
    const live = await t.db.query(
      `SELECT id FROM timers WHERE instance_id = (SELECT kessai_id FROM approval_tasks WHERE id = $1)
         AND fired_at IS NULL AND cancelled_at IS NULL`,
      [taskId],
    );
    expect(live).toEqual([]); // fired (and refused) or cancelled: spent either way
    expect(t.db.transientAborts - aborts).toBe(0); // they waited for each other; no deadlock was retried
  });

  it('the deadline holds the request and waits for its route; the decision waits for the request', async () => {
    const aborts = t.db.transientAborts;
    const id = await submitted(t, team[1]!, { date: '2026-12-11' });
    const taskId = await taskOf(t, boss, id);
    const [{ kessai_id }] = (await t.db.query(`SELECT kessai_id FROM approval_tasks WHERE id = $1`, [taskId])) as [
      { kessai_id: string },
    ];
    t.clock.set('2026-12-02T00:00:00Z');
    const release = await holding('SELECT 1 FROM workflow_instances WHERE id = $1 FOR UPDATE', kessai_id);
    const timers = t.app.get(TimersService).runDue();
    await pause();
    const decision = approve(taskId);
    await pause();
    await release();
    const [body, fired] = await Promise.all([decision, timers]);
    expect(fired).toBeGreaterThanOrEqual(1);
    // the deadline went first: the item escalated to the next approver, so it is no longer the boss's
    // (moved, not decided: NOT_ASSIGNEE saying where it went, since the inbox-edges probe fixes)
    const moved = { taskId, ok: false, code: 'NOT_ASSIGNEE', details: { reason: 'escalated' } };
    expect(body.results).toEqual([expect.objectContaining(moved)]);
    const [again] = await decide(t, boss, [{ taskId, action: 'approve' }]);
    expect(again).toMatchObject(moved);
    expect(t.db.transientAborts - aborts).toBe(0); // they waited for each other; no deadlock was retried
  });

  it('leaves every event chain whole: entries 1…version, each linked to the one before', async () => {
    expect(await brokenChains(t.db)).toEqual([]);
  });
});
