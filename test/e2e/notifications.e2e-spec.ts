import { TimersService } from '../../src/kessai/timers.service';
import { NOTIFICATION_KINDS, NotificationsService } from '../../src/notifications/notifications.service';
import { as, decide, submitted, taskOf } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { dbFingerprint } from '../support/db-fingerprint';
import { openApiOf } from '../support/openapi';
import { startApp, startFreshApp, freshDatabase, type TestApp } from '../support/test-app';

interface Note {
  id: string;
  kind: string;
  requestId: string | null;
  message: { ja: string; en: string };
  readAt: string | null;
}

/** The outbox delivered as in-app notifications: decisions to requesters, reminders to approvers. */
describe('notifications', () => {
  let t: TestApp;
  let boss: string;
  let team: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members: team } = await teamOf(t, 6));
  });
  afterAll(() => t.close());

  const deliver = () => t.app.get(NotificationsService).deliverDue();
  const notes = async (who: string, query = '') => {
    const res = await t.http
      .get(`/api/v1/notifications${query}`)
      .set(await as(t, who))
      .expect(200);
    return res.body as { items: Note[]; unread: number; next?: string };
  };

  it('describes every kind it may send in the OpenAPI document', async () => {
    const { doc } = await openApiOf(t);
    const list = doc.paths['/api/v1/notifications']!.get as unknown as { description: string };
    const kinds = new Set(list.description.match(/\b[a-z]+\.[a-zA-Z]+\b/g));
    expect(NOTIFICATION_KINDS.filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('tells the requester of the decision, with the day and who decided, once delivered', async () => {
    const [member] = team as [string];
    const id = await submitted(t, member, { date: '2026-12-07' });
    const [result] = await decide(t, boss, [{ taskId: await taskOf(t, boss, id), action: 'approve' }]);
    expect(result!.ok).toBe(true);
    expect((await notes(member)).items.filter((n) => n.requestId === id)).toEqual([]); // not delivered yet

    expect(await deliver()).toBeGreaterThan(0);
    const page = await notes(member);
    const mine = page.items.filter((n) => n.requestId === id);
    expect(mine).toEqual([expect.objectContaining({ kind: 'request.approved', readAt: null })]);
    const [{ name_ja, name_romaji }] = (await t.db.query(`SELECT name_ja, name_romaji FROM staff WHERE id = $1`, [
      boss,
    ])) as [{ name_ja: string; name_romaji: string }];
    expect(mine[0]!.message.ja).toBe(`2026-12-07 のテレワーク申請が承認されました（${name_ja}）。`);
    expect(mine[0]!.message.en).toBe(`Your telework request for 2026-12-07 was approved by ${name_romaji}.`);
    expect(page.unread).toBeGreaterThanOrEqual(1);
    const { conforms } = await openApiOf(t);
    conforms('get', '/api/v1/notifications', 200, page);

    // nobody else sees it; delivering again adds nothing
    expect((await notes(boss)).items.some((n) => n.requestId === id)).toBe(false);
    expect(await deliver()).toBe(0);
    expect((await notes(member)).items.filter((n) => n.requestId === id)).toHaveLength(1);
  });

  it('tells of a return for revision, and the requester marks notifications read', async () => {
    const member = team[1]!;
    const id = await submitted(t, member, { date: '2026-12-08' });
    await decide(t, boss, [{ taskId: await taskOf(t, boss, id), action: 'return', comment: '日付を確認' }]);
    await deliver();
    const [note] = (await notes(member, '?unread=true')).items;
    expect(note).toMatchObject({ kind: 'request.returned', requestId: id });
    expect(note!.message.en).toMatch(/returned for revision.*; edit it and submit it again\. Reason: 日付を確認$/);
    expect(note!.message.ja).toMatch(/差し戻されました.*理由: 日付を確認$/);

    // someone else's id is ignored; one's own is read
    const others = await t.http
      .post('/api/v1/notifications/read')
      .set(await as(t, boss))
      .send({ ids: [note!.id] })
      .expect(200);
    expect((await notes(member, '?unread=true')).items.map((n) => n.id)).toContain(note!.id);
    const read = await t.http
      .post('/api/v1/notifications/read')
      .set(await as(t, member))
      .send({ ids: [note!.id] })
      .expect(200);
    expect(read.body).toEqual({ unread: 0 });
    expect(others.body.unread).toBe((await notes(boss)).unread);
    expect((await notes(member, '?unread=true')).items).toEqual([]);
    // a rejection says why too
    const other = await submitted(t, member, { date: '2026-12-09' });
    await decide(t, boss, [
      { taskId: await taskOf(t, boss, other), action: 'reject', comment: '窓口応援 / counter duty' },
    ]);
    await deliver();
    const rejected = (await notes(member)).items.find((n) => n.requestId === other)!;
    expect([rejected.kind, rejected.message.en]).toEqual([
      'request.rejected',
      expect.stringMatching(/was rejected by .+\. Reason: 窓口応援 \/ counter duty$/),
    ]);
  });

  it('names who returned a request in its notice, though it was sent again before delivery; the request waits undecided', async () => {
    const { supervisor, members } = await teamOf(t, 1, 18);
    const member = members[0]!;
    const id = await submitted(t, member, { date: '2026-12-10' });
    await decide(t, supervisor, [
      { taskId: await taskOf(t, supervisor, id), action: 'return', comment: '理由を具体的に' },
    ]);
    const h = await as(t, member);
    await t.http.patch(`/api/v1/requests/${id}`).set(h).send({ reason: '会議資料の作成' }).expect(200);
    t.clock.advanceHours(1); // sent again an hour later
    try {
      const again = await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200);
      // waiting again: the return is no longer its decision
      expect(again.body).toMatchObject({ status: 'awaitingDecision', decidedBy: null, decidedAt: null });
      const listed = await t.http.get('/api/v1/requests').set(h).expect(200);
      expect(listed.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({ decidedBy: null });
      await deliver();
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
    const [boss] = await t.db.query<{ name_romaji: string }>(`SELECT name_romaji FROM staff WHERE id = $1`, [
      supervisor,
    ]);
    const note = (await notes(member)).items.find((n) => n.requestId === id && n.kind === 'request.returned');
    expect(note!.message.en).toContain(boss!.name_romaji);
  });

  it('reminds the approver of a task past its reminder time, unless it was decided before delivery', async () => {
    const waiting = await submitted(t, team[2]!, { date: '2026-12-09' });
    const decided = await submitted(t, team[4]!, { date: '2026-12-09' });
    t.clock.advanceHours(5); // the standard route reminds after 4 working hours, escalates after 8
    try {
      await t.app.get(TimersService).runDue();
      const [r] = await decide(t, boss, [{ taskId: await taskOf(t, boss, decided), action: 'approve' }]);
      expect(r!.ok).toBe(true);
      await deliver();
      const reminders = (await notes(boss)).items.filter((n) => n.kind === 'task.reminder');
      const about = reminders.map((n) => n.requestId);
      expect(about).toContain(waiting);
      expect(about).not.toContain(decided);
      expect(reminders.find((n) => n.requestId === waiting)!.message.ja).toContain('決裁を待っています');
      // the requesters are told nothing of a reminder
      expect((await notes(team[2]!)).items.filter((n) => n.kind === 'task.reminder')).toEqual([]);
    } finally {
      t.clock.advanceHours(-5);
    }
  });

  it('lists what happened last first, also when delivered together', async () => {
    const member = team[5]!;
    const id = await submitted(t, member, { date: '2026-12-11' });
    await decide(t, boss, [{ taskId: await taskOf(t, boss, id), action: 'return', comment: '理由を追記' }]);
    await t.http
      .post(`/api/v1/requests/${id}/submit`)
      .set(await as(t, member))
      .send({})
      .expect(200);
    await decide(t, boss, [{ taskId: await taskOf(t, boss, id), action: 'reject', comment: '今回は不可' }]);
    await deliver(); // both in one batch
    const kinds = (await notes(member)).items.filter((n) => n.requestId === id).map((n) => n.kind);
    expect(kinds).toEqual(['request.rejected', 'request.returned']);
  });

  it('delivers the rest when one outbox row cannot be delivered, and keeps that row with its error', async () => {
    const [bad] = (await t.db.query(
      `INSERT INTO outbox (topic, payload, created_at, available_at)
       VALUES ('kessai-queue.remindAssignees', '{"requestId": "nope", "params": {}}', $1, $1) RETURNING id`,
      [t.clock.now()],
    )) as { id: string }[];
    const member = team[0]!;
    const id = await submitted(t, member, { date: '2026-12-17' });
    await decide(t, boss, [{ taskId: await taskOf(t, boss, id), action: 'approve' }]);
    await deliver();
    expect((await notes(member)).items.some((n) => n.requestId === id && n.kind === 'request.approved')).toBe(true);
    const [row] = (await t.db.query(
      `SELECT attempts, last_error, delivered_at, available_at > $2 AS later FROM outbox WHERE id = $1`,
      [bad!.id, t.clock.now()],
    )) as { attempts: number; last_error: string; delivered_at: Date | null; later: boolean }[];
    expect(row).toEqual({
      attempts: 1,
      last_error: 'a reminder needs a request id and the staff ids to remind',
      delivered_at: null,
      later: true,
    });
    expect(await deliver()).toBe(0); // it waits, and holds nothing back
    await t.db.query(`DELETE FROM outbox WHERE id = $1`, [bad!.id]);
  });

  it('pages newest first', async () => {
    // three returns of one request, each a notice to its requester
    const member = team[3]!;
    const id = await submitted(t, member, { date: '2026-12-14' });
    for (let round = 0; round < 3; round++) {
      if (round > 0)
        await t.http
          .post(`/api/v1/requests/${id}/submit`)
          .set(await as(t, member))
          .send({})
          .expect(200);
      const [r] = await decide(t, boss, [{ taskId: await taskOf(t, boss, id), action: 'return', comment: `${round}` }]);
      expect(r!.ok).toBe(true);
    }
    await deliver();
    const first = await notes(member, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String)); // a cursor, as OpenAPI says
    const second = await notes(member, `?limit=2&cursor=${first.next}`);
    expect(second.next).toBeUndefined();
    const all = [...first.items, ...second.items];
    expect(all.map((n) => n.kind)).toEqual(['request.returned', 'request.returned', 'request.returned']);
    const order = all.map((n) => Number(n.id));
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it('refuses a bad cursor or id with 400 and changes nothing', async () => {
    const h = await as(t, team[0]!);
    const before = await dbFingerprint(t.db);
    const cursor = await t.http.get('/api/v1/notifications?cursor=abc').set(h).expect(400);
    expect(cursor.body.code).toBe('VALIDATION_FAILED');
    for (const ids of [['1; DROP TABLE staff'], null, '1']) {
      const res = await t.http.post('/api/v1/notifications/read').set(h).send({ ids }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await dbFingerprint(t.db)).toEqual(before);
  });
});

describe('outbox delivery by two runners at once (two processes on PostgreSQL, one on the embedded database)', () => {
  it('delivers each row once, with one notification per recipient', async () => {
    const fresh = await freshDatabase();
    const a = await startApp({ databaseUrl: fresh.databaseUrl, loadDataDir: fresh.loadDataDir });
    // a second process on PostgreSQL; the embedded database serves one process (two runners in it)
    const b = fresh.databaseUrl ? await startApp({ databaseUrl: fresh.databaseUrl }) : a;
    try {
      const { supervisor, members } = await teamOf(a, 3);
      const ids: string[] = [];
      for (const [i, m] of members.entries()) ids.push(await submitted(a, m, { date: `2026-12-0${i + 7}` }));
      await decide(
        a,
        supervisor,
        await Promise.all(ids.map(async (id) => ({ taskId: await taskOf(a, supervisor, id), action: 'approve' }))),
      );
      const delivered = await Promise.all([
        a.app.get(NotificationsService).deliverDue(1),
        b.app.get(NotificationsService).deliverDue(1),
      ]);
      const [{ n: rows }] = (await a.db.query(`SELECT count(*)::int AS n FROM outbox`)) as [{ n: number }];
      expect(delivered[0]! + delivered[1]!).toBe(Number(rows));
      const [{ n: pending }] = (await a.db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL`,
      )) as [{ n: number }];
      expect(Number(pending)).toBe(0);
      const perRequest = (await a.db.query(
        `SELECT request_id, count(*)::int AS n FROM notifications WHERE request_id = ANY($1::uuid[]) GROUP BY 1`,
        [ids],
      )) as { n: number }[];
      expect(perRequest.map((r) => Number(r.n))).toEqual([1, 1, 1]);
    } finally {
      if (b !== a) await b.close();
      await a.close();
      await fresh.drop();
    }
  });
});
