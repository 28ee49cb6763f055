import { NotificationsService } from '../../src/notifications/notifications.service';
import { approveThroughRoute, as, submitted } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { expectBilingual } from '../support/bilingual';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * Start and end reports (始業・終業報告, DOMAIN: "start/end reports to the supervisor"). The clock
 * reads Thu 2026-11-26 09:30 in Japan; the telework day is Friday 11-27.
 */
describe('start and end reports of a telework day', () => {
  let t: TestApp;
  let boss: string;
  let members: string[];
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];
  const friday = '2026-11-27';
  const fridayMorning = '2026-11-27T00:30:00Z'; // 09:30 in Japan

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members } = await teamOf(t, 4, 3));
    ({ conforms } = await openApiOf(t));
    // two approved for Friday, one still waiting for the decision
    for (const m of members.slice(0, 2))
      expect(await approveThroughRoute(t, await submitted(t, m, { date: friday }))).toBe('approved');
    await submitted(t, members[2]!, { date: friday });
    t.clock.set(fridayMorning);
  });
  afterAll(() => t.close());

  const report = async (who: string, what: 'start' | 'end', body: unknown = {}) => {
    const res = await t.http
      .post(`/api/v1/work-reports/${what}`)
      .set(await as(t, who))
      .send(body as object);
    conforms('post', `/api/v1/work-reports/${what}`, res.status, res.body);
    return res;
  };
  const day = async (who: string, query: Record<string, string> = {}) => {
    const res = await t.http
      .get('/api/v1/work-reports')
      .query(query)
      .set(await as(t, who));
    expect(res.status).toBe(200);
    conforms('get', '/api/v1/work-reports', 200, res.body);
    return res.body as { date: string; items: Record<string, unknown>[] };
  };
  const noticesOf = async (who: string) => {
    await t.app.get(NotificationsService).deliverDue();
    const res = await t.http
      .get('/api/v1/notifications')
      .set(await as(t, who))
      .expect(200);
    return res.body.items as { kind: string; requestId: string; message: { ja: string; en: string } }[];
  };

  it('records the start and the end once each, and tells the supervisor with the note', async () => {
    const me = members[0]!;
    const started = await report(me, 'start', { note: ' 予算資料に着手 / budget papers ' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      date: friday,
      startedAt: new Date(fridayMorning).toISOString(),
      startNote: '予算資料に着手 / budget papers',
      endedAt: null,
      staff: { id: me },
    });
    const again = await report(me, 'start');
    expect([again.status, again.body.code, again.body.details]).toEqual([
      409,
      'ALREADY_REPORTED',
      { date: friday, report: 'start' },
    ]);
    expectBilingual(again.body.message);

    t.clock.set('2026-11-27T08:15:00Z'); // 17:15 in Japan
    try {
      const ended = await report(me, 'end');
      expect([ended.status, ended.body.endedAt, ended.body.endNote]).toEqual([200, '2026-11-27T08:15:00.000Z', null]);
      // on the dot of the working-hours window's end (working-hours: 08:30–17:15): no overtime
      expect([ended.body.plannedEnd, ended.body.overtime]).toEqual(['17:15', false]);
      expect((await report(me, 'end')).body.code).toBe('ALREADY_REPORTED');
      const [{ r }] = (await t.db.query(`SELECT name_romaji AS r FROM staff WHERE id = $1`, [me])) as [{ r: string }];
      const notices = (await noticesOf(boss)).filter((n) => n.kind.startsWith('work.'));
      expect(notices.map((n) => n.kind)).toEqual(['work.ended', 'work.started']); // newest first
      expect(notices[1]!.message.en).toBe(
        `${r} reported the start of their telework. Note: 予算資料に着手 / budget papers`,
      );
      expectBilingual(notices[0]!.message); // (the start's carries the teleworker's own words)
    } finally {
      t.clock.set(fridayMorning);
    }
    // the teleworker is told nothing of their own report
    expect((await noticesOf(me)).filter((n) => n.kind.startsWith('work.'))).toEqual([]);
  });

  it('refuses a start without approved telework today and an end before the start', async () => {
    const pending = await report(members[2]!, 'start'); // only a request awaiting its decision
    expect([pending.status, pending.body.code, pending.body.details]).toEqual([
      409,
      'NO_TELEWORK_TODAY',
      { date: friday },
    ]);
    expectBilingual(pending.body.message);
    expect((await report(members[3]!, 'start')).body.code).toBe('NO_TELEWORK_TODAY'); // no request at all
    const early = await report(members[1]!, 'end');
    expect([early.status, early.body.code]).toEqual([409, 'NOT_STARTED']);
    // an end without any telework today is not "start first": there is nothing to start
    expect((await report(members[3]!, 'end')).body.code).toBe('NO_TELEWORK_TODAY');
    const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM work_reports WHERE staff_id = ANY($1)`, [
      members.slice(1),
    ])) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('keeps one of ten starts sent at once; the others answer 409', async () => {
    const me = members[1]!;
    const all = await Promise.all(Array.from({ length: 10 }, () => report(me, 'start')));
    expect(all.filter((r) => r.status === 200)).toHaveLength(1);
    expect(all.filter((r) => r.status === 409 && r.body.code === 'ALREADY_REPORTED')).toHaveLength(9);
    const [{ n }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = 'work.reported' AND payload->>'kind' = 'started'
       AND aggregate_id IN (SELECT request_id FROM work_reports WHERE staff_id = $1)`,
      [me],
    )) as [{ n: number }];
    expect(n).toBe(1); // the supervisor is told once
  });

  it('marks an end reported after the planned end as overtime, and tells the supervisor so', async () => {
    const me = members[1]!; // started in the test before
    t.clock.set('2026-11-27T09:40:00Z'); // 18:40 in Japan
    try {
      const ended = await report(me, 'end', { note: 'urgent inquiry' });
      expect([ended.status, ended.body.plannedEnd, ended.body.overtime]).toEqual([200, '17:15', true]);
      const [notice] = (await noticesOf(boss)).filter((n) => n.kind === 'work.ended');
      expect(notice!.message.en).toContain('reported the end of their telework, after its planned end of 17:15.');
      expect(notice!.message.ja).toContain('予定の終了（17:15）を過ぎています。');
    } finally {
      t.clock.set(fridayMorning);
    }
  });

  it('shows a supervisor who of their staff teleworks that day and who has reported what', async () => {
    const team = await day(boss, { scope: 'team', date: friday });
    expect(team.date).toBe(friday);
    const byId = new Map(team.items.map((i) => [(i.staff as { id: string }).id, i]));
    expect([...byId.keys()].sort()).toEqual(members.slice(0, 2).sort()); // approved only: not the pending one
    expect(byId.get(members[0]!)).toMatchObject({ startNote: '予算資料に着手 / budget papers', part: 'full' });
    expect(byId.get(members[0]!)!.endedAt).toEqual(expect.any(String));
    expect(byId.get(members[1]!)).toMatchObject({ overtime: true, endNote: 'urgent inquiry' });
    // one's own day (default: today), and a day without telework
    expect((await day(members[1]!)).items.map((i) => i.date)).toEqual([friday]);
    expect((await day(members[3]!)).items).toEqual([]);
    // another team's supervisor sees none of them
    const { supervisor: other } = await teamOf(t, 1, 0);
    const theirs = (await day(other, { scope: 'team', date: friday })).items.map((i) => (i.staff as { id: string }).id);
    expect(theirs.filter((id) => members.includes(id))).toEqual([]);
  });

  it('takes a morning and an afternoon as one day, ends a day after midnight, and says when a request was taken back', async () => {
    const { supervisor, members: [a, b] = [] } = await teamOf(t, 2, 6);
    const monday = '2026-11-30';
    for (const part of ['am', 'pm']) await approveThroughRoute(t, await submitted(t, a!, { date: monday, part }));
    const revoked = await submitted(t, b!, { date: monday });
    expect(await approveThroughRoute(t, revoked)).toBe('approved');
    expect(await approveThroughRoute(t, await submitted(t, b!, { date: '2026-12-01' }))).toBe('approved');
    try {
      t.clock.set('2026-11-30T14:50:00Z'); // 23:50 in Japan
      const started = await report(a!, 'start');
      expect([started.status, started.body.part, started.body.plannedEnd]).toEqual([200, 'full', '17:15']);
      t.clock.set('2026-11-30T15:10:00Z'); // 00:10 on Tuesday: the day begun on Monday ends
      const ended = await report(a!, 'end');
      expect([ended.status, ended.body.date, ended.body.overtime]).toEqual([200, monday, true]);

      t.clock.set('2026-11-30T00:30:00Z');
      expect((await report(b!, 'start')).status).toBe(200);
      await t.http
        .post(`/api/v1/requests/${revoked}/revoke`)
        .set(await as(t, supervisor))
        .send({ comment: '窓口応援のため出勤してください / needed at the counter' })
        .expect(200);
      const mine = (await day(b!)).items[0]!;
      expect([mine.requestId, mine.requestStatus]).toEqual([revoked, 'revoked']);
      const team = (await day(supervisor, { scope: 'team', date: monday })).items;
      expect(team.map((i) => [(i.staff as { id: string }).id, i.requestStatus, i.part]).sort()).toEqual(
        [
          [a, 'approved', 'full'],
          [b, 'revoked', 'full'],
        ].sort(),
      );
      expect((await report(b!, 'end')).status).toBe(200); // the day that was begun still ends

      // Tuesday: a's Monday ended; b ends Tuesday twice at once with nothing open from before: one wins
      t.clock.set('2026-12-01T00:30:00Z');
      await report(b!, 'start');
      const ends = await Promise.all(Array.from({ length: 8 }, () => report(b!, 'end')));
      expect(ends.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
      expect(ends.filter((r) => r.status === 409).every((r) => r.body.code === 'ALREADY_REPORTED')).toBe(true);
      // had Monday been left open, another end on Tuesday is still a repeat of Tuesday's, not Monday's end
      await t.db.query(`UPDATE work_reports SET ended_at = NULL WHERE staff_id = $1 AND work_date = $2`, [b, monday]);
      expect((await report(b!, 'end')).body.code).toBe('ALREADY_REPORTED');
      const [open] = (await t.db.query(`SELECT ended_at FROM work_reports WHERE staff_id = $1 AND work_date = $2`, [
        b,
        monday,
      ])) as [{ ended_at: Date | null }];
      expect(open.ended_at).toBeNull();
    } finally {
      t.clock.set(fridayMorning);
    }
  });

  it('marks a start reported before the planned start as before hours, and tells the supervisor so', async () => {
    const { supervisor, members: [early, hourly, afternoon] = [] } = await teamOf(t, 3, 8);
    const tuesday = '2026-12-01';
    const approved = async (who: string, over: Record<string, unknown>) =>
      expect(await approveThroughRoute(t, await submitted(t, who, { date: tuesday, ...over }))).toBe('approved');
    await approved(early!, {});
    await approved(hourly!, { part: 'hours', startTime: '13:00', endTime: '15:00', withLeave: true });
    await approved(afternoon!, { part: 'pm' });
    try {
      t.clock.set('2026-11-30T22:50:00Z'); // 07:50 on Tuesday in Japan: before the window (08:30–17:15)
      const started = await report(early!, 'start');
      expect([started.status, started.body.plannedStart, started.body.earlyStart]).toEqual([200, '08:30', true]);
      const [notice] = (await noticesOf(supervisor)).filter((n) => n.kind === 'work.started');
      expect(notice!.message.en).toContain('reported the start of their telework, before its planned start of 08:30.');
      expect(notice!.message.ja).toContain('予定の開始（08:30）より前に始めています。');
      expectBilingual(notice!.message);

      t.clock.set('2026-12-01T03:40:00Z'); // 12:40: before the hours asked for, after the window opens
      const beforeHours = await report(hourly!, 'start');
      expect([beforeHours.body.plannedStart, beforeHours.body.earlyStart]).toEqual(['13:00', true]);
      // an afternoon's start is not the policy's to say: no planned start, nothing early
      const pm = await report(afternoon!, 'start');
      expect([pm.status, pm.body.plannedStart, pm.body.earlyStart]).toEqual([200, null, false]);
      const team = (await day(supervisor, { scope: 'team', date: tuesday })).items;
      expect(team.map((i) => [(i.staff as { id: string }).id, i.earlyStart]).sort()).toEqual(
        [
          [early, true],
          [hourly, true],
          [afternoon, false],
        ].sort(),
      );
    } finally {
      t.clock.set(fridayMorning);
    }
    // on time: not early (the first test's start at 09:30)
    const [mine] = (await day(members[0]!, { date: friday })).items;
    expect([mine!.plannedStart, mine!.earlyStart]).toEqual(['08:30', false]);
  });

  it('refuses bad input with the field named', async () => {
    const long = await report(members[0]!, 'end', { note: 'x'.repeat(501) });
    expect([long.status, long.body.details[0].field]).toEqual([400, 'note']);
    for (const [query, field] of [
      [{ date: '2026-02-30' }, 'date'],
      [{ scope: 'everyone' }, 'scope'],
    ] as const) {
      const res = await t.http
        .get('/api/v1/work-reports')
        .query(query)
        .set(await as(t, boss));
      expect([res.status, res.body.details[0].field]).toEqual([400, field]);
      conforms('get', '/api/v1/work-reports', 400, res.body);
    }
  });
});
