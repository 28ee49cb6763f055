import { setTimeout as delay } from 'node:timers/promises';
import { AbsenceService } from '../../src/kessai/absence.service';
import { KessaiRouter } from '../../src/kessai/kessai-router.service';
import { TimersService } from '../../src/kessai/timers.service';
import { approveThroughRoute, as, submitted } from '../factories/inbox.factory';
import { ADMIN, unitOf } from '../factories/kessai.factory';
import { requestBody } from '../factories/request.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * A change of someone's absences and a choice of who holds work, at once (two transactions, as two
 * processes would run them): whichever goes first, the other waits and then sees it. Each test holds
 * the first one just before it commits while the second starts. On the embedded database, which runs
 * one transaction at a time, the second simply follows the first; on PostgreSQL, without the
 * per-person lock both took, each saw the other not yet there.
 */
describe('absences registered while work is being placed', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startFreshApp();
    t.clock.set('2026-12-07T00:00:00Z'); // Monday 09:00 in Japan
  });
  afterEach(() => t.close());

  /**
   * Replaces `obj[key]` so that its first call for which `when` holds, once done, waits for `release`
   * (inside its transaction: nothing it did is committed yet).
   */
  function holdAfter<T extends object, K extends keyof T>(
    obj: T,
    key: K,
    when: (args: unknown[]) => boolean,
  ): { reached: Promise<void>; release: () => void } {
    const orig = (obj[key] as (...args: unknown[]) => Promise<unknown>).bind(obj);
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const got = new Promise<void>((r) => (reached = r));
    let armed = true;
    (obj as Record<K, unknown>)[key] = async (...args: unknown[]) => {
      const out = await orig(...args);
      if (armed && when(args)) {
        armed = false;
        reached();
        await gate;
      }
      return out;
    };
    return { reached: got, release };
  }

  /**
   * Until `other` is done or waits for a lock (PostgreSQL): then the held transaction may go on. On the
   * embedded database the other waits for the held one's turn: it goes on at once.
   */
  async function waitsOrDone(other: Promise<unknown>): Promise<void> {
    if (t.db.parallelism < 2) return;
    let done = false;
    void other.finally(() => (done = true));
    for (let i = 0; i < 1_000 && !done; i++) {
      const [row] = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (Number(row!.n) > 0) return;
      await delay(10);
    }
  }

  const pendingOf = async (requestId: string) =>
    t.db.query<{ assignee_id: string; on_behalf_of: string | null }>(
      `SELECT assignee_id, on_behalf_of FROM approval_tasks
       WHERE request_id = $1 AND status = 'pending' AND kind = 'approval'`,
      [requestId],
    );
  const away =
    (staffId: string, day: string, kind = 'leave') =>
    async () =>
      t.http
        .post('/api/v1/absences')
        .set(await as(t, ADMIN))
        .send({ staffId, from: day, to: day, kind });
  const delegate = async (approverId: string, deputyId: string, rank = 1) =>
    t.http
      .post('/api/v1/delegations')
      .set(await as(t, ADMIN))
      .send({ approverId, deputyId, rank })
      .expect(201);

  it('moves a request submitted while its approver is being marked away today to the deputy', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    await delegate(unit.approver, unit.deputy);
    const h = await as(t, unit.members[0]!);
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(requestBody({ date: '2026-12-10' }))
        .expect(201)
    ).body.id as string;
    // the submission has placed its task with the approver (present, as it read), not yet committed
    const held = holdAfter(t.app.get(KessaiRouter), 'place', (args) =>
      (args[1] as { approverId: string }[]).some((i) => i.approverId === unit.approver),
    );
    const submit = t.http
      .post(`/api/v1/requests/${id}/submit`)
      .set(h)
      .send({})
      .then((r) => r); // (sent now: a request is sent when awaited)
    await held.reached;
    const leave = away(unit.approver, '2026-12-07')();
    await waitsOrDone(leave);
    held.release();
    expect((await submit).status).toBe(200);
    expect((await leave).status).toBe(201);
    expect(await pendingOf(id)).toEqual([{ assignee_id: unit.deputy, on_behalf_of: unit.approver }]);
  });

  it('passes over a deputy marked away at the same time as the approver, to the next deputy', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    const next = unit.boss;
    await delegate(unit.approver, unit.deputy, 1);
    await delegate(unit.approver, next, 2);
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    // the approver's leave has moved the item to the first deputy (present, as it read), not yet committed
    const held = holdAfter(t.app.get(AbsenceService), 'takeEffect', (args) =>
      (args[1] as { staffId: string }[]).some((a) => a.staffId === unit.approver),
    );
    const first = away(unit.approver, '2026-12-07')();
    await held.reached;
    const second = away(unit.deputy, '2026-12-07')();
    await waitsOrDone(second);
    held.release();
    expect([(await first).status, (await second).status]).toEqual([201, 201]);
    expect(await pendingOf(id)).toEqual([{ assignee_id: next, on_behalf_of: unit.approver }]);
  });

  it("keeps an item with the deputy when a leave's end runs while a trip from that day is being registered", async () => {
    const unit = await unitOf(t, 'CITZ-01');
    await delegate(unit.approver, unit.deputy);
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    expect((await away(unit.approver, '2026-12-07')()).status).toBe(201);
    expect(await pendingOf(id)).toEqual([{ assignee_id: unit.deputy, on_behalf_of: unit.approver }]);
    t.clock.set('2026-12-08T00:00:00Z'); // Tuesday: Monday's leave is over, its end timer due
    const held = holdAfter(t.app.get(AbsenceService), 'takeEffect', (args) =>
      (args[1] as { staffId: string; kind: string }[]).some((a) => a.staffId === unit.approver && a.kind === 'trip'),
    );
    const trip = away(unit.approver, '2026-12-08', 'trip')();
    await held.reached;
    const timers = t.app.get(TimersService).runDue();
    await waitsOrDone(timers);
    held.release();
    expect((await trip).status).toBe(201);
    await timers;
    expect(await pendingOf(id)).toEqual([{ assignee_id: unit.deputy, on_behalf_of: unit.approver }]);
  });

  it("gives an approver's items back when their own telework is cut short as their leave of the day is removed", async () => {
    // a 課長 without a device reaching the office network, away while teleworking (see request-cancel-midway)
    t.clock.set('2026-11-26T00:30:00Z');
    const unit = await unitOf(t, 'ENVR-02');
    await t.db.query(`UPDATE devices SET holder_id = NULL WHERE holder_id = $1`, [unit.approver]);
    await delegate(unit.approver, unit.deputy);
    const own = await submitted(t, unit.approver, { date: undefined, from: '2026-12-07', to: '2026-12-09' });
    expect(await approveThroughRoute(t, own)).toBe('approved');
    const leave = await away(unit.approver, '2026-12-08')();
    expect(leave.status).toBe(201);
    t.clock.set('2026-12-08T00:30:00Z'); // Tuesday: on leave, and teleworking too
    const asked = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    expect(await pendingOf(asked)).toEqual([{ assignee_id: unit.deputy, on_behalf_of: unit.approver }]);
    // the leave is removed (the telework, still in place, keeps them away), not yet committed ...
    const held = holdAfter(t.app.get(KessaiRouter), 'returnPresent', (args) =>
      (args[1] as string[]).includes(unit.approver),
    );
    const removal = t.http
      .delete(`/api/v1/absences/${leave.body.id}`)
      .set(await as(t, ADMIN))
      .then((r) => r);
    await held.reached;
    // ... as they cancel the rest of their telework (the leave, still in place, would keep them away)
    const cancel = t.http
      .post(`/api/v1/requests/${own}/cancel`)
      .set(await as(t, unit.approver))
      .send({})
      .then((r) => r);
    await waitsOrDone(cancel);
    held.release();
    expect([(await removal).status, (await cancel).status]).toEqual([204, 200]);
    expect(await pendingOf(asked)).toEqual([{ assignee_id: unit.approver, on_behalf_of: null }]);
  });
});
