import { as, decide as decideAs, submitted } from '../factories/inbox.factory';
import { demoUsers } from '../factories/org.factory';
import { ADMIN, awayWithDeputy, leaveOf, pendingTasks, unitOf } from '../factories/kessai.factory';
import { TimersService } from '../../src/kessai/timers.service';
import { expectBilingual } from '../support/bilingual';
import { startFreshApp, type TestApp } from '../support/test-app';

describe('kessai refusals: reroute to oneself', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  /** The approver names these deputies, in rank order (an admin records it). */
  const deputies = async (approverId: string, deputyIds: string[]) => {
    for (const [i, deputyId] of deputyIds.entries())
      await t.http
        .post('/api/v1/delegations')
        .set(await as(t, ADMIN))
        .send({ approverId, deputyId, rank: i + 1 })
        .expect(201);
  };
  /** Away today, on leave. */
  const away = async (staffId: string) =>
    t.http
      .post('/api/v1/absences')
      .set(await as(t, ADMIN))
      .send({ staffId, from: '2026-11-26', to: '2026-11-26', kind: 'leave' })
      .expect(201);

  it('refuses to move an approver’s backlog to the approver, item by item, saying so; a preview and a move alike', async () => {
    const unit = await unitOf(t, 'CITZ-02');
    const ids: string[] = [];
    for (const m of unit.members.slice(0, 2)) ids.push(await submitted(t, m, { date: '2026-12-22' }));
    const mine = async () => (await pendingTasks(t, unit.approver)).filter((x) => ids.includes(x.request_id));
    const before = await mine();
    expect(before).toHaveLength(2);
    const moves = async () =>
      t.db.query(`SELECT count(*)::int AS n FROM workflow_events WHERE type = 'route.reassign'`).then((r) => r[0]);
    const movesBefore = await moves();

    for (const dryRun of [true, false]) {
      const res = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, ADMIN))
        .send({ toStaffId: unit.approver, reason: '入院 / in hospital', dryRun, untilReturn: false })
        .expect(200);
      const results = (
        res.body.results as {
          taskId: string;
          ok: boolean;
          code: string;
          details: unknown;
          message: { ja: string; en: string };
        }[]
      ).filter((r) => before.some((b) => b.id === r.taskId));
      expect(results).toHaveLength(2);
      for (const r of results) {
        expect(r).toMatchObject({ ok: false, code: 'DELEGATION_SELF', details: { toStaffId: unit.approver } });
        expectBilingual(r.message);
        expect(r.message.ja).toContain('決裁者本人');
        expect(r.message.en).toMatch(/approver themself/);
      }
    }
    // a reason of spaces says nothing: refused before anything is looked at
    const blank = await t.http
      .post(`/api/v1/backlog/${unit.approver}/reroute`)
      .set(await as(t, ADMIN))
      .send({ toStaffId: unit.deputy, reason: '   ' })
      .expect(400);
    expect(blank.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
    // nor does a list naming one item twice (in either case, as uuids compare): a preview and a move alike
    for (const dryRun of [true, false]) {
      const twice = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, ADMIN))
        .send({
          toStaffId: unit.deputy,
          reason: '入院 / in hospital',
          dryRun,
          taskIds: [before[0]!.id, before[0]!.id.toUpperCase()],
        })
        .expect(400);
      expect(twice.body.details).toEqual([
        expect.objectContaining({
          field: 'taskIds',
          messages: [{ ja: '同じものを二度指定することはできません。', en: 'Give each one once only.' }],
        }),
      ]);
    }
    expect(await mine()).toEqual(before); // nothing moved
    expect(await moves()).toEqual(movesBefore);
    const [timers] = await t.db.query(`SELECT count(*)::int AS n FROM timers WHERE machine = 'reroute'`);
    expect(timers).toEqual({ n: 0 });
  });

  it('hands a deputy’s items back to the approver they were held for: ordinary tasks again, not 代決 for oneself', async () => {
    const unit = await unitOf(t, 'CITZ-03');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-23' });
    const move = async (from: string, to: string, untilReturn = false) =>
      (
        await t.http
          .post(`/api/v1/backlog/${from}/reroute`)
          .set(await as(t, ADMIN))
          .send({ toStaffId: to, reason: '休暇 / on leave', untilReturn })
          .expect(200)
      ).body.results as { ok: boolean; to?: string; toPerson?: unknown; onBehalfOf?: string }[];
    // the deputy is away today (registered before the item reaches them, which leaves it with them)
    await leaveOf(t, unit.deputy, '2026-11-26', '2026-11-26');
    const away = await move(unit.approver, unit.deputy);
    // moved as asked, saying that the one it went to is away today
    expect(away).toEqual([
      expect.objectContaining({ ok: true, to: unit.deputy, onBehalfOf: unit.approver, toAway: true }),
    ]);
    const [held] = (await pendingTasks(t, unit.deputy)).filter((x) => x.request_id === id);
    expect(held!.on_behalf_of).toBe(unit.approver);
    // the route's log says who moved it, and why, as they wrote it
    const log = (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, unit.members[0]!))
        .expect(200)
    ).body.route.events;
    expect(log.find((e: { event: string }) => e.event === 'route.reassign')).toMatchObject({
      actor: { id: ADMIN, name: expect.any(String) },
      details: { from: unit.approver, to: unit.deputy, reason: '休暇 / on leave' },
    });
    // the deputy's box names whom the item is held for, and whose box it is
    const box = (
      await t.http
        .get(`/api/v1/backlog/${unit.deputy}`)
        .set(await as(t, ADMIN))
        .expect(200)
    ).body;
    const [boss] = await t.db.query<{ name_ja: string; name_romaji: string }>(
      `SELECT name_ja, name_romaji FROM staff WHERE id = $1`,
      [unit.approver],
    );
    expect(box.approver.id).toBe(unit.deputy);
    expect(box.items.find((x: { requestId: string }) => x.requestId === id)).toMatchObject({
      onBehalfOf: unit.approver,
      onBehalfOfPerson: { id: unit.approver, name: boss!.name_ja, nameRomaji: boss!.name_romaji },
    });

    // their items go back, "until they return", to the approver they stand in for
    const back = await move(unit.deputy, unit.approver, true);
    expect(back).toEqual([
      {
        taskId: expect.any(String),
        ok: true,
        to: unit.approver,
        toPerson: { id: unit.approver, name: boss!.name_ja, nameRomaji: boss!.name_romaji }, // by name too
      },
    ]);
    const theirs = async () => (await pendingTasks(t, unit.approver)).filter((x) => x.request_id === id);
    expect((await theirs())[0]!.on_behalf_of).toBeNull();
    const route = (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, unit.members[0]!))
        .expect(200)
    ).body.route;
    expect(route.steps[0].assignees).toEqual([{ staffId: unit.approver }]); // theirs, not 代決 for themselves
    // the deputy's return takes nothing from the approver: the item was theirs all along
    t.clock.set('2026-11-27T00:00:00Z');
    try {
      await t.app.get(TimersService).runDue();
      expect(await theirs()).toHaveLength(1);
      expect((await pendingTasks(t, unit.deputy)).filter((x) => x.request_id === id)).toEqual([]);
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
  });

  it('says a 後閲 named by id cannot be moved, rather than that it is not the approver’s', async () => {
    const unit = await unitOf(t, 'WELF-04');
    await awayWithDeputy(t, unit.approver, unit.deputy, '2026-11-26');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-22' });
    const [held] = (await pendingTasks(t, unit.deputy)).filter((x) => x.request_id === id);
    await decideAs(t, unit.deputy, [{ taskId: held!.id, action: 'approve' }]);
    const [kouetsu] = (await pendingTasks(t, unit.approver, 'kouetsu')).filter((x) => x.request_id === id);
    const res = await t.http
      .post(`/api/v1/backlog/${unit.approver}/reroute`)
      .set(await as(t, ADMIN))
      .send({ toStaffId: unit.deputy, reason: 'x', dryRun: true, taskIds: [kouetsu!.id] })
      .expect(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ ok: false, code: 'INVALID_TRANSITION', details: { kind: 'kouetsu' } }),
    ]);
    expect(res.body.results[0].message.ja).toContain('後閲・供覧は');
  });

  it('re-places a deputy’s 代決 items when the deputy is away in turn: to the next deputy, or back to the approver', async () => {
    const admin = await as(t, ADMIN);
    const holders = async (id: string) =>
      (
        await t.db.query<{ assignee_id: string; on_behalf_of: string | null }>(
          `SELECT assignee_id, on_behalf_of FROM approval_tasks WHERE request_id = $1 AND status = 'pending'`,
          [id],
        )
      ).map((x) => [x.assignee_id, x.on_behalf_of]);
    // the approver is away: the item goes to the first deputy; then the first deputy falls ill
    const a = await unitOf(t, 'WELF-02');
    const second = (await unitOf(t, 'CHLD-02')).deputy;
    await deputies(a.approver, [a.deputy, second]);
    await away(a.approver);
    const first = await submitted(t, a.members[0]!, { date: '2026-12-24' });
    expect(await holders(first)).toEqual([[a.deputy, a.approver]]);
    await away(a.deputy);
    expect(await holders(first)).toEqual([[second, a.approver]]);
    // the approver is in, and an admin gave the item to the deputy; the deputy falls ill: back to the approver
    const b = await unitOf(t, 'CHLD-01');
    const other = await submitted(t, b.members[0]!, { date: '2026-12-24' });
    const [task] = (await pendingTasks(t, b.approver)).filter((x) => x.request_id === other);
    await t.http
      .post(`/api/v1/backlog/${b.approver}/reroute`)
      .set(admin)
      .send({ toStaffId: b.deputy, reason: '業務量 / workload', taskIds: [task!.id] })
      .expect(200);
    expect(await holders(other)).toEqual([[b.deputy, b.approver]]);
    await away(b.deputy);
    expect(await holders(other)).toEqual([[b.approver, null]]);
  });

  it('gives a deputy’s 代決 items back to the approver they are held for when moved with no one named and the approver is in', async () => {
    const unit = await unitOf(t, 'URBN-02');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-24' });
    const [task] = (await pendingTasks(t, unit.approver)).filter((x) => x.request_id === id);
    const adminAuth = await as(t, ADMIN);
    const move = (from: string, body: object) =>
      t.http
        .post(`/api/v1/backlog/${from}/reroute`)
        .set(adminAuth)
        .send({ reason: '業務量 / workload', ...body })
        .expect(200);
    await move(unit.approver, { toStaffId: unit.deputy, taskIds: [task!.id] });
    const res = await move(unit.deputy, {});
    expect(res.body.results).toEqual([expect.objectContaining({ ok: true, to: unit.approver })]);
    expect(res.body.results[0]).not.toHaveProperty('onBehalfOf');
    const [back] = (await pendingTasks(t, unit.approver)).filter((x) => x.request_id === id);
    expect(back!.on_behalf_of).toBeNull();
  });

  it('moves a deputy’s 代決 items, with no one named, to the next deputy of the approver they are held for', async () => {
    const unit = await unitOf(t, 'CITZ-04');
    const second = (await unitOf(t, 'CITZ-05')).deputy;
    const admin = await as(t, ADMIN);
    await deputies(unit.approver, [unit.deputy, second]);
    await away(unit.approver);
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-22' });
    const [held] = (await pendingTasks(t, unit.deputy)).filter((x) => x.request_id === id);
    expect(held!.on_behalf_of).toBe(unit.approver);
    // the deputy has too much: an admin moves their box, naming no one
    const res = await t.http
      .post(`/api/v1/backlog/${unit.deputy}/reroute`)
      .set(admin)
      .send({ reason: '病欠 / off sick' })
      .expect(200);
    const [boss] = await t.db.query<{ name_ja: string }>(`SELECT name_ja FROM staff WHERE id = $1`, [unit.approver]);
    expect(res.body.results).toEqual([
      expect.objectContaining({
        ok: true,
        to: second,
        onBehalfOf: unit.approver,
        onBehalfOfPerson: expect.objectContaining({ id: unit.approver, name: boss!.name_ja }),
      }),
    ]);
    const [moved] = (await pendingTasks(t, second)).filter((x) => x.request_id === id);
    expect(moved!.on_behalf_of).toBe(unit.approver);
  });
});

describe('kessai refusals: a deputy or an absence registered twice', () => {
  let t: TestApp;
  let kacho: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    const users = await demoUsers(t);
    kacho = users.filter((u) => u.grade === 'kacho').map((u) => u.id);
  });
  afterAll(() => t.close());

  const delegate = async (body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/delegations')
      .set(await as(t, ADMIN))
      .send(body);
  const rowsOf = (approverId: string) =>
    t.db.query<{ deputy_id: string; rank: number }>(
      `SELECT deputy_id, rank FROM delegations WHERE approver_id = $1 ORDER BY rank, created_at`,
      [approverId],
    );

  it('refuses the same deputy again for overlapping days and a class in common (409 DELEGATION_DUPLICATE)', async () => {
    const [approver, deputy] = kacho as [string, string];
    const first = await delegate({ approverId: approver, deputyId: deputy });
    expect([first.status, first.body.rank]).toEqual([201, 1]);
    // named, as the pages show them
    const [named] = await t.db.query<{ name_ja: string; name_romaji: string }>(
      `SELECT name_ja, name_romaji FROM staff WHERE id = $1`,
      [deputy],
    );
    expect(first.body.deputy).toEqual({ id: deputy, name: named!.name_ja, nameRomaji: named!.name_romaji });
    expect(first.body.approver).toEqual({ id: approver, name: expect.any(String), nameRomaji: expect.any(String) });
    // again as it was, at another rank, or for a few days of the period it covers: all the same deputy twice
    for (const again of [{}, { rank: 2 }, { from: '2027-01-04', to: '2027-01-08', classes: ['standard'] }]) {
      const res = await delegate({ approverId: approver, deputyId: deputy, ...again });
      expect([res.status, res.body.code]).toEqual([409, 'DELEGATION_DUPLICATE']);
      expect(res.body.details).toEqual({ deputyId: deputy, rank: 1, id: first.body.id });
      expectBilingual(res.body.message);
      expect(res.body.message.ja).toContain('代決者');
    }
    expect(await rowsOf(approver)).toEqual([{ deputy_id: deputy, rank: 1 }]); // nothing written
  });

  it('takes the same deputy for other days, or for another class of matter', async () => {
    const [approver, deputy] = kacho.slice(2, 4) as [string, string];
    await delegate({ approverId: approver, deputyId: deputy, from: '2027-01-04', to: '2027-01-08' }).then((r) =>
      expect(r.status).toBe(201),
    );
    await delegate({ approverId: approver, deputyId: deputy, from: '2027-01-11' }).then((r) =>
      expect(r.status).toBe(201),
    );
    const [other, hers] = kacho.slice(4, 6) as [string, string];
    await delegate({ approverId: other, deputyId: hers, classes: ['standard'] }).then((r) =>
      expect(r.status).toBe(201),
    );
    await delegate({ approverId: other, deputyId: hers, classes: ['exception'] }).then((r) =>
      expect(r.status).toBe(201),
    );
    const both = await delegate({ approverId: other, deputyId: hers, classes: ['exception', 'standard'] });
    expect([both.status, both.body.code]).toEqual([409, 'DELEGATION_DUPLICATE']);
  });

  it('a delegation that has ended stands in the way of no one: the same deputy, or another at its rank, again', async () => {
    const [approver, deputy, other] = kacho.slice(12, 15) as [string, string, string];
    await delegate({ approverId: approver, deputyId: deputy, rank: 1, from: '2027-01-04', to: '2027-01-08' }).then(
      (r) => expect(r.status).toBe(201),
    );
    t.clock.set('2027-01-12T00:30:00Z'); // that week is over
    try {
      await delegate({ approverId: approver, deputyId: other, rank: 1 }).then((r) => expect(r.status).toBe(201));
      await delegate({ approverId: approver, deputyId: deputy, rank: 2 }).then((r) => expect(r.status).toBe(201));
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
  });

  it('of two identical concurrent namings, one is taken and the other refused', async () => {
    const [approver, deputy] = kacho.slice(6, 8) as [string, string];
    const h = await as(t, ADMIN);
    const body = { approverId: approver, deputyId: deputy, from: '2027-02-01' };
    const res = await Promise.all([1, 2].map(() => t.http.post('/api/v1/delegations').set(h).send(body)));
    expect(res.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(res.find((r) => r.status === 409)!.body.code).toBe('DELEGATION_DUPLICATE');
    expect(await rowsOf(approver)).toHaveLength(1);
  });

  it('refuses a class routing.yaml does not have, naming those it has', async () => {
    const [approver, deputy] = kacho.slice(15, 17) as [string, string];
    const res = await delegate({ approverId: approver, deputyId: deputy, classes: ['special'] });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const [classes] = res.body.details as { field: string; messages: { ja: string; en: string }[] }[];
    expect(classes!.field).toBe('classes');
    expectBilingual(classes!.messages[0]);
    expect(classes!.messages[0]!.ja).toContain('standard, exception');
    expect(classes!.messages[0]!.en).toBe('Unknown classes: special; expected some of: standard, exception.');
    expect(await rowsOf(approver)).toEqual([]);
  });

  it('refuses a delegation for no class, a class twice, or days already over, and writes nothing', async () => {
    const [approver, deputy] = kacho.slice(17, 19) as [string, string];
    for (const [body, field] of [
      [{ classes: [] }, 'classes'],
      [{ classes: ['standard', 'standard'] }, 'classes'],
      [{ from: '2026-11-01', to: '2026-11-20' }, 'to'],
    ] as const) {
      const res = await delegate({ approverId: approver, deputyId: deputy, ...body });
      expect([res.status, res.body.code, res.body.details?.[0]?.field]).toEqual([400, 'VALIDATION_FAILED', field]);
      expectBilingual(res.body.details[0].messages[0]);
    }
    expect(await rowsOf(approver)).toEqual([]);
  });

  it('refuses rank 0 (400 VALIDATION_FAILED on rank, in both languages) and writes nothing', async () => {
    const [approver, deputy] = kacho.slice(8, 10) as [string, string];
    const res = await delegate({ approverId: approver, deputyId: deputy, rank: 0 });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const [rank] = res.body.details as { field: string; messages: { ja: string; en: string }[] }[];
    expect(rank!.field).toBe('rank');
    for (const m of rank!.messages) expectBilingual(m);
    expect(rank!.messages[0]!.ja).toContain('1');
    expect(await rowsOf(approver)).toEqual([]);
  });

  const absences = (staffId: string) =>
    t.db.query<{ id: string }>(`SELECT id FROM absences WHERE staff_id = $1`, [staffId]);
  const timers = async () =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM timers WHERE machine = 'absence'`))[0]!.n;
  const absent = async (body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/absences')
      .set(await as(t, ADMIN))
      .send(body);

  it('refuses the very same absence twice (409 ABSENCE_DUPLICATE) and takes another kind or other days', async () => {
    const staffId = kacho[10]!;
    const leave = { staffId, from: '2027-01-12', to: '2027-01-13', kind: 'leave' };
    const first = await absent(leave);
    expect(first.status).toBe(201);
    const timersBefore = await timers();
    const again = await absent(leave);
    expect([again.status, again.body.code]).toEqual([409, 'ABSENCE_DUPLICATE']);
    expect(again.body.details).toEqual({ id: first.body.id });
    expectBilingual(again.body.message);
    expect(again.body.message.ja).toContain('不在');
    expect(await absences(staffId)).toEqual([{ id: first.body.id }]); // nothing written
    expect(await timers()).toBe(timersBefore); // nor a second absence-start timer
    // not the same absence: other days, or another kind
    await absent({ ...leave, to: '2027-01-14' }).then((r) => expect(r.status).toBe(201));
    await absent({ ...leave, kind: 'trip' }).then((r) => expect(r.status).toBe(201));
    expect(await absences(staffId)).toHaveLength(3);
  });

  it('refuses an absence already over (no list would show it, no routing would use it); one ending today stands', async () => {
    const staffId = kacho[12]!;
    const res = await absent({ staffId, from: '2026-11-02', to: '2026-11-25', kind: 'leave' });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const [to] = res.body.details as { field: string; messages: { ja: string; en: string }[] }[];
    expect(to!.field).toBe('to');
    expectBilingual(to!.messages[0]);
    expect(await absences(staffId)).toEqual([]);
    await absent({ staffId, from: '2026-11-20', to: '2026-11-26', kind: 'leave' }).then((r) =>
      expect(r.status).toBe(201),
    );
  });

  it('of two identical concurrent absences, one is registered and the other refused', async () => {
    const staffId = kacho[11]!;
    const h = await as(t, ADMIN);
    const body = { staffId, from: '2027-01-18', to: '2027-01-19', kind: 'trip' };
    const res = await Promise.all([1, 2, 3].map(() => t.http.post('/api/v1/absences').set(h).send(body)));
    expect(res.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(res.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([
      'ABSENCE_DUPLICATE',
      'ABSENCE_DUPLICATE',
    ]);
    expect(await absences(staffId)).toHaveLength(1);
  });

  it('answers 404 STAFF_NOT_FOUND for the absences or deputies of someone who is no staff member, not an empty list', async () => {
    const h = await as(t, ADMIN);
    for (const path of ['/api/v1/absences?staffId=S9999', '/api/v1/delegations?approverId=S9999']) {
      const res = await t.http.get(path).set(h).expect(404);
      expect(res.body).toMatchObject({ code: 'STAFF_NOT_FOUND', details: { staffId: 'S9999' } });
    }
    // a real person with nothing registered: an empty list
    await t.http.get(`/api/v1/absences?staffId=${kacho[20]}`).set(h).expect(200, []);
    await t.http.get(`/api/v1/delegations?approverId=${kacho[20]}`).set(h).expect(200, []);
  });

  it('shows absences to the person, those above them and their deputies only; someone else asking gets 403', async () => {
    const unit = await unitOf(t, 'CITZ-03');
    const [member, colleague] = unit.members as [string, string];
    const admin = await as(t, ADMIN);
    await t.http.post('/api/v1/delegations').set(admin).send({ approverId: unit.approver, deputyId: unit.deputy });
    for (const staffId of [unit.approver, member])
      await absent({ staffId, from: '2027-02-01', to: '2027-02-02', kind: 'leave' }).then((r) =>
        expect(r.status).toBe(201),
      );
    // whose absences a caller is shown (other tests of this app registered some too)
    const listed = async (who: string, query = '') => {
      const res = await t.http
        .get(`/api/v1/absences${query}`)
        .set(await as(t, who))
        .expect(200);
      return [...new Set((res.body as { staffId: string }[]).map((a) => a.staffId))];
    };
    // a member sees their own leave only: not their colleague's, not their 課長's
    expect(await listed(member)).toEqual([member]);
    await t.http
      .get(`/api/v1/absences?staffId=${unit.approver}`)
      .set(await as(t, colleague))
      .expect(403);
    await t.http
      .get(`/api/v1/absences?staffId=${member}`)
      .set(await as(t, colleague))
      .expect(403);
    // the 課長 sees their own and their member's; the deputy the 課長's, whom they stand in for
    expect((await listed(unit.approver)).sort()).toEqual([unit.approver, member].sort());
    expect(await listed(unit.deputy, `?staffId=${unit.approver}`)).toEqual([unit.approver]);
    // admins see everyone's
    expect(await listed(ADMIN, `?staffId=${member}`)).toEqual([member]);
    // deleting: one the caller may not read is not found (a 403 would say whose it is); the deputy,
    // who may read the 課長's, may not take it back (403); a period that ends before it starts is a 400
    const [leave] = (await t.http.get(`/api/v1/absences?staffId=${unit.approver}&from=2027-02-01`).set(admin)).body;
    const taken = await t.http
      .delete(`/api/v1/absences/${leave.id}`)
      .set(await as(t, colleague))
      .expect(404);
    expect(taken.body).toMatchObject({ code: 'NOT_FOUND', details: { id: leave.id } });
    expect(JSON.stringify(taken.body)).not.toContain(unit.approver);
    await t.http
      .delete(`/api/v1/absences/${leave.id}`)
      .set(await as(t, unit.deputy))
      .expect(403);
    const inverted = await t.http
      .get('/api/v1/absences?from=2027-02-02&to=2027-02-01')
      .set(await as(t, member))
      .expect(400);
    expect(inverted.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'to' })],
    });
    // one who was deputy only for days that are over, or will be only from a later day, is nobody's deputy now
    for (const [from, to] of [
      ['2026-10-01', '2026-10-31'],
      ['2026-12-01', '2026-12-31'],
    ]) {
      await t.db.query(`UPDATE delegations SET date_from = $2, date_to = $3 WHERE deputy_id = $1`, [
        unit.deputy,
        from,
        to,
      ]);
      await t.http
        .get(`/api/v1/absences?staffId=${unit.approver}`)
        .set(await as(t, unit.deputy))
        .expect(403);
    }
  });
});
