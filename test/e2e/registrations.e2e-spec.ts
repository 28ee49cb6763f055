import { setTimeout as delay } from 'node:timers/promises';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { as, inboxOf, submitted } from '../factories/inbox.factory';
import { ADMIN } from '../factories/kessai.factory';
import { teamOf } from '../factories/org.factory';
import { requestBody } from '../factories/request.factory';
import { expectBilingual } from '../support/bilingual';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * Telework registrations (テレワーク登録): approved once by the supervisor, they turn each later
 * day that every rule allows, within their period and places, into a notice (届出) approved on
 * filing; anything else goes the approval route as ever.
 */
describe('telework registrations and notices (届出)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  const register = async (who: string, body: Record<string, unknown>, status = 201) =>
    (
      await t.http
        .post('/api/v1/registrations')
        .set(await as(t, who))
        .send(body)
        .expect(status)
    ).body;
  const decide = async (who: string, id: string, body: Record<string, unknown>, status = 200) =>
    (
      await t.http
        .post(`/api/v1/registrations/${id}/decision`)
        .set(await as(t, who))
        .send(body)
        .expect(status)
    ).body;
  const view = async (who: string, id: string) =>
    (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, who))
        .expect(200)
    ).body;

  it('lists in pages (pending first, then the latest period first), each once, as one long page has them', async () => {
    const { supervisor, members } = await teamOf(t, 3, 5);
    const made: { id: string }[] = [];
    for (const [i, who] of members.entries())
      made.push(await register(who, { from: `2027-0${i + 2}-01`, to: `2027-0${i + 2}-20`, locations: ['home'] }));
    await decide(supervisor, made[0]!.id, { action: 'approve' }); // one decided: it goes after the pending ones
    const list = async (query: string) =>
      (
        await t.http
          .get(`/api/v1/registrations?scope=team&${query}`)
          .set(await as(t, supervisor))
          .expect(200)
      ).body as { items: { id: string; status: string; to: string }[]; next?: string };
    const whole = await list('limit=200');
    expect(whole.next).toBeUndefined();
    // (other tests may have registered in this team too: these three come in this order among them)
    const ours = whole.items.filter((g) => made.some((x) => x.id === g.id));
    expect(ours.map((g) => g.id)).toEqual([made[2]!.id, made[1]!.id, made[0]!.id]);
    const firstDecided = whole.items.findIndex((g) => g.status !== 'pending');
    expect(whole.items.slice(firstDecided).every((g) => g.status !== 'pending')).toBe(true);
    const paged: string[] = [];
    for (let cursor: string | undefined, n = 0; n < 10; n++) {
      const page = await list(`limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      paged.push(...page.items.map((g) => g.id));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(paged).toEqual(whole.items.map((g) => g.id));
    const bad = await t.http.get('/api/v1/registrations?cursor=bm9wZQ').set(await as(t, supervisor));
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('is decided by the supervisor, once: of twenty approvals at the same time one is made', async () => {
    const { supervisor, members } = await teamOf(t, 2, 20);
    const g = await register(members[0]!, { from: '2026-12-01', to: '2027-03-31', locations: ['home'], note: '育児' });
    expect(g).toMatchObject({ status: 'pending', approver: { id: supervisor }, staff: { id: members[0] }, version: 1 });
    // its holder cannot decide it; someone who may not see it is told it does not exist
    await decide(members[0]!, g.id, { action: 'approve' }, 403);
    await decide(members[1]!, g.id, { action: 'approve' }, 404);
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () =>
        t.http
          .post(`/api/v1/registrations/${g.id}/decision`)
          .set(await as(t, supervisor))
          .send({ action: 'approve' }),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = answers.filter((r) => r.status !== 200);
    expect(refused.every((r) => r.status === 409 && r.body.code === 'ALREADY_DECIDED')).toBe(true);
    const team = (
      await t.http
        .get('/api/v1/registrations?scope=team')
        .set(await as(t, supervisor))
        .expect(200)
    ).body.items;
    expect(team.find((x: { id: string }) => x.id === g.id)).toMatchObject({
      status: 'approved',
      decidedBy: { id: supervisor, name: expect.any(String) },
    });
    // everyone's: admins (who may revoke any) and auditors find it; anyone else is refused
    const everyone = async (who: string) => t.http.get('/api/v1/registrations?scope=all').set(await as(t, who));
    const all = await everyone(ADMIN);
    expect(all.status).toBe(200);
    expect(all.body.items.find((x: { id: string }) => x.id === g.id)).toMatchObject({ status: 'approved' });
    const refusedAll = await everyone(supervisor);
    expect([refusedAll.status, refusedAll.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('is changed only from the version it was seen at (expectedVersion or If-Match), and takes no unknown field', async () => {
    const { supervisor, members } = await teamOf(t, 1, 31);
    const holder = members[0]!;
    const g = await register(holder, { from: '2027-03-01', to: '2027-03-31', locations: ['home'] });
    const boss = await as(t, supervisor);
    const decision = (body: object, ifMatch?: string) => {
      const req = t.http.post(`/api/v1/registrations/${g.id}/decision`).set(boss);
      return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
    };
    expect((await decision({ action: 'approve' }, '"5"').expect(409)).body).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { expected: 5, actual: 1 },
    });
    expect((await decision({ action: 'approve', expectedVersion: 1 }, '"7"').expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await decision({ action: 'approve' }, 'garbage').expect(400)).body.code).toBe('VALIDATION_FAILED');
    const approved = (await decision({ action: 'approve' }, 'W/"1"').expect(200)).body;
    expect(approved).toMatchObject({ status: 'approved', version: 2 });
    // revoking and withdrawing too: a view older than the row is a 409, an unknown field a 400
    const h = await as(t, holder);
    const withdraw = (body: object) => t.http.post(`/api/v1/registrations/${g.id}/withdraw`).set(h).send(body);
    expect((await withdraw({ foo: 1 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await withdraw({ expectedVersion: 1 }).expect(409)).body.code).toBe('VERSION_CONFLICT');
    await t.http
      .post(`/api/v1/registrations/${g.id}/revoke`)
      .set(boss)
      .set('If-Match', '"1"')
      .send({ comment: '見直し' })
      .expect(409);
    expect((await withdraw({ expectedVersion: 2 }).expect(200)).body).toMatchObject({
      status: 'withdrawn',
      version: 3,
    });
  });

  it('wants a reason to reject, and refuses what is no period or no place', async () => {
    const { supervisor, members } = await teamOf(t, 1, 21);
    const g = await register(members[0]!, { from: '2026-12-01', to: '2026-12-31', locations: ['home', 'satellite'] });
    const noReason = await decide(supervisor, g.id, { action: 'reject', comment: '\u200b' }, 400);
    expect(noReason.code).toBe('COMMENT_REQUIRED');
    // of a registration, which is rejected or approved, never returned (差し戻し)
    expect(noReason.message).toEqual({
      ja: '登録の却下には理由の記入が必要です。',
      en: 'Rejecting a registration needs a reason.',
    });
    expect(await decide(supervisor, g.id, { action: 'reject', comment: '窓口の繁忙期' })).toMatchObject({
      status: 'rejected',
      comment: '窓口の繁忙期',
    });
    for (const [body, field] of [
      [{ from: '2026-12-10', to: '2026-12-01', locations: ['home'] }, 'to'],
      [{ from: '2026-11-01', to: '2026-11-20', locations: ['home'] }, 'to'],
      [{ from: '2026-12-01', to: '2028-12-01', locations: ['home'] }, 'to'],
      [{ from: '2026-12-01', to: '2026-12-31', locations: [] }, 'locations'],
      [{ from: '2026-12-01', to: '2026-12-31', locations: ['cafe'] }, 'locations'],
      [{ from: '2026-12-01', to: '2026-12-31', locations: ['home', 'home'] }, 'locations'],
    ] as const) {
      const r = await register(members[0]!, body, 400);
      expect(r).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] });
      expectBilingual(r.details[0].messages[0]);
    }
    // a weekend, or the year-end closure, could never cover a filing
    for (const [from, to] of [
      ['2026-12-26', '2026-12-27'],
      ['2026-12-29', '2027-01-03'],
    ]) {
      const r = await register(members[0]!, { from, to, locations: ['home'] }, 422);
      expect(r).toMatchObject({ code: 'NO_WORKING_DAY', details: { from, to } });
    }
  });

  it('holds one standing registration per day: an overlapping one is refused, also when sent at once', async () => {
    const { supervisor, members } = await teamOf(t, 2, 33);
    const holder = members[0]!;
    const h = await as(t, holder);
    const body = { from: '2026-12-01', to: '2026-12-31', locations: ['home'] };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.http.post('/api/v1/registrations').set(h).send(body)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const g = answers.find((r) => r.status === 201)!.body;
    for (const r of answers.filter((x) => x.status === 409)) {
      expect(r.body).toMatchObject({ code: 'REGISTRATION_OVERLAPS', details: { id: g.id, status: 'pending' } });
      expectBilingual(r.body.message);
    }
    // approved, it still stands in the way of days it shares; days it does not share are free
    await decide(supervisor, g.id, { action: 'approve' });
    const clash = await register(holder, { from: '2026-12-31', to: '2027-01-15', locations: ['satellite'] }, 409);
    expect(clash.details).toEqual({ id: g.id, from: '2026-12-01', to: '2026-12-31', status: 'approved' });
    const next = await register(holder, { from: '2027-01-01', to: '2027-01-31', locations: ['satellite'] });
    // a rejected or withdrawn one stands in no one's way: withdrawn, its days can be registered anew
    await decide(supervisor, next.id, { action: 'reject', comment: '窓口の繁忙期' });
    await register(holder, { from: '2027-01-01', to: '2027-01-31', locations: ['home'] });
    await t.http.post(`/api/v1/registrations/${g.id}/withdraw`).set(h).expect(200);
    const changed = await register(holder, { from: '2026-12-01', to: '2026-12-31', locations: ['home', 'satellite'] });
    expect(changed).toMatchObject({ status: 'pending', locations: ['home', 'satellite'] });
    // someone else's registration over the same days is theirs
    await register(members[1]!, body);
  });

  it('tells each side: the approver of one asked for or withdrawn, the holder of a decision or a revocation and why', async () => {
    const { supervisor, members } = await teamOf(t, 2, 32);
    const [a, b] = [members[0]!, members[1]!];
    const notes = async (who: string) => {
      await t.app.get(NotificationsService).deliverDue();
      return (
        await t.http
          .get('/api/v1/notifications')
          .set(await as(t, who))
          .expect(200)
      ).body.items as { kind: string; registrationId: string | null; requestId: string | null; message: never }[];
    };
    const of = (list: Awaited<ReturnType<typeof notes>>, id: string) =>
      list.filter((n) => n.registrationId === id).map((n) => n.kind);

    const ga = await register(a, { from: '2026-12-01', to: '2026-12-31', locations: ['home'] });
    const gb = await register(b, { from: '2026-12-01', to: '2026-12-31', locations: ['home'] });
    const asked = await notes(supervisor);
    expect(of(asked, ga.id)).toEqual(['registration.submitted']);
    expect(of(asked, gb.id)).toEqual(['registration.submitted']);
    const first = asked.find((n) => n.registrationId === ga.id)!;
    expect(first.requestId).toBeNull();
    expectBilingual(first.message);

    await decide(supervisor, ga.id, { action: 'approve' });
    await decide(supervisor, gb.id, { action: 'reject', comment: '窓口の繁忙期' });
    const rejected = (await notes(b)).find((n) => n.registrationId === gb.id)!;
    expect(rejected).toMatchObject({
      kind: 'registration.rejected',
      message: { ja: expect.stringContaining('窓口の繁忙期'), en: expect.stringContaining('窓口の繁忙期') },
    });
    await t.http
      .post(`/api/v1/registrations/${ga.id}/revoke`)
      .set(await as(t, supervisor))
      .send({ comment: '異動予定のため / transfer ahead' })
      .expect(200);
    const told = await notes(a);
    expect(of(told, ga.id)).toEqual(['registration.revoked', 'registration.approved']); // newest first
    expect(told.find((n) => n.kind === 'registration.revoked')!.message).toMatchObject({
      ja: expect.stringContaining('異動予定のため'),
      en: expect.stringContaining('transfer ahead'),
    });

    // a withdrawal is the approver's news; the holder is not told of what they did themselves
    const again = await register(a, { from: '2027-01-04', to: '2027-01-29', locations: ['home'] });
    await t.http
      .post(`/api/v1/registrations/${again.id}/withdraw`)
      .set(await as(t, a))
      .expect(200);
    expect(of(await notes(supervisor), again.id)).toEqual(['registration.withdrawn', 'registration.submitted']);
    expect(of(await notes(a), again.id)).toEqual([]);

    // revoked by one above the approver: the approver who granted it is told too (not when they revoke it)
    expect(of(await notes(supervisor), ga.id)).not.toContain('registration.revokedApproval');
    const later = await register(a, { from: '2027-02-01', to: '2027-02-26', locations: ['home'] });
    await decide(supervisor, later.id, { action: 'approve' });
    const [{ above }] = (await t.db.query(`SELECT supervisor_id AS above FROM staff WHERE id = $1`, [supervisor])) as [
      { above: string },
    ];
    await t.http
      .post(`/api/v1/registrations/${later.id}/revoke`)
      .set(await as(t, above))
      .send({ comment: '全庁の出勤体制の見直し / office cover' })
      .expect(200);
    const overruled = (await notes(supervisor)).find((n) => n.registrationId === later.id)!;
    expect(overruled).toMatchObject({
      kind: 'registration.revokedApproval',
      message: { ja: expect.stringContaining('あなたが承認した'), en: expect.stringContaining('that you approved') },
    });
    expect(of(await notes(a), later.id)).toEqual(['registration.revoked', 'registration.approved']);
  });

  it('approves a day within it on filing, as a notice, and tells the supervisor; a day outside goes the route', async () => {
    const { supervisor, members } = await teamOf(t, 1, 22);
    const holder = members[0]!;
    const g = await register(holder, { from: '2026-12-07', to: '2026-12-18', locations: ['home'] });
    await decide(supervisor, g.id, { action: 'approve' });

    const notice = await submitted(t, holder, { date: '2026-12-08' });
    const filed = await view(holder, notice);
    expect(filed).toMatchObject({ status: 'approved', decidedBy: supervisor, myTasks: [] });
    expect(filed.timeline.at(-1)).toMatchObject({
      event: 'request.notify',
      actor: { id: holder },
      details: { registrationId: g.id, outcome: 'allow' },
    });
    expect((await inboxOf(t, supervisor)).some((i) => i.requestId === notice)).toBe(false);
    await t.app.get(NotificationsService).deliverDue();
    const told = (
      await t.http
        .get('/api/v1/notifications')
        .set(await as(t, supervisor))
        .expect(200)
    ).body.items.find((n: { requestId: string }) => n.requestId === notice);
    expect(told).toMatchObject({ kind: 'notice.filed' });
    expectBilingual(told.message);

    // outside its period, or at a place it does not name: the route, as ever
    const later = await submitted(t, holder, { date: '2026-12-21' });
    const elsewhere = await submitted(t, holder, {
      date: '2026-12-09',
      location: 'satellite',
      satelliteOfficeId: 'SAT-KITA',
    });
    for (const id of [later, elsewhere]) {
      expect((await view(holder, id)).status).toBe('awaitingDecision');
      expect((await inboxOf(t, supervisor)).some((i) => i.requestId === id)).toBe(true);
    }
  });

  it('files no notice under a registration revoked at the same moment: the filing goes first, or the route', async () => {
    const { supervisor, members } = await teamOf(t, 6, 0);
    const boss = await as(t, supervisor);
    /** One holder files a day under their registration while, `lag` ms after the filing starts, it is revoked. */
    const race = async (holder: string, lag: number) => {
      const h = await as(t, holder);
      const g = await register(holder, { from: '2027-02-01', to: '2027-02-26', locations: ['home'] });
      await decide(supervisor, g.id, { action: 'approve' });
      const draft = await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(requestBody({ date: '2027-02-10' }))
        .expect(201);
      const id = draft.body.id as string;
      const revoke = () =>
        t.http.post(`/api/v1/registrations/${g.id}/revoke`).set(boss).send({ comment: '見直し / review' }).expect(200);
      await Promise.all([
        t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200),
        delay(lag).then(revoke),
      ]);
      return { id, g: g.id, status: (await view(holder, id)).status as string };
    };
    // each revocation comes a little later after its filing than the one before, so that some land
    // while the filing is under way (between finding the registration and committing)
    const outcomes = [];
    for (const [i, holder] of members.entries()) outcomes.push(await race(holder, i * 7));
    for (const o of outcomes) {
      // the order the two took, by the outbox rows each wrote in its transaction: a notice filed
      // after the revocation would have stood on a registration no longer there
      const rows = (await t.db.query(
        `SELECT topic, payload->>'kind' AS kind, id::text AS n FROM outbox WHERE aggregate_id = ANY($1::uuid[])`,
        [[o.id, o.g]],
      )) as { topic: string; kind: string; n: string }[];
      const filed = rows.find((r) => r.topic === 'request.noticeFiled');
      const revoked = rows.find((r) => r.topic === 'registration.changed' && r.kind === 'revoked');
      expect(revoked).toBeDefined();
      if (o.status === 'approved') expect(BigInt(filed!.n)).toBeLessThan(BigInt(revoked!.n));
      else expect({ status: o.status, filed }).toEqual({ status: 'awaitingDecision', filed: undefined });
    }
  });

  it('routes a day the policy flags, even within the registration', async () => {
    const { supervisor, members } = await teamOf(t, 1, 23);
    const holder = members[0]!;
    const g = await register(holder, { from: '2026-12-01', to: '2026-12-31', locations: ['home', 'other'] });
    await decide(supervisor, g.id, { action: 'approve' });
    // a place other than home needs a special approval under the shipped policy
    const flagged = await submitted(t, holder, { date: '2026-12-10', location: 'other', locationText: '実家' });
    const r = await view(holder, flagged);
    expect(r).toMatchObject({ status: 'awaitingDecision', verdict: { outcome: 'needs_exception' } });
  });

  it('sends a day whose approval was revoked through the route when it is filed again, not as a notice', async () => {
    const { supervisor, members } = await teamOf(t, 1, 26);
    const holder = members[0]!;
    const g = await register(holder, { from: '2026-12-14', to: '2026-12-25', locations: ['home'] });
    await decide(supervisor, g.id, { action: 'approve' });
    const first = await submitted(t, holder, { date: '2026-12-15' });
    expect((await view(holder, first)).status).toBe('approved');
    try {
      t.clock.set('2026-11-26T01:30:00Z'); // revoked an hour after the registration's approval
      await t.http
        .post(`/api/v1/requests/${first}/revoke`)
        .set(await as(t, supervisor))
        .send({ comment: '窓口の応援が必要 / the counter needs you' })
        .expect(200);
      // filed again, the revoked day waits for the supervisor; another day of the period is still a notice
      const again = await submitted(t, holder, { date: '2026-12-15' });
      expect((await view(holder, again)).status).toBe('awaitingDecision');
      expect((await inboxOf(t, supervisor)).some((i) => i.requestId === again)).toBe(true);
      const other = await submitted(t, holder, { date: '2026-12-16' });
      expect((await view(holder, other)).status).toBe('approved');
      // a registration approved after the revocation is the supervisor's word on the day again
      await t.http
        .post(`/api/v1/requests/${again}/withdraw`)
        .set(await as(t, holder))
        .send({})
        .expect(200);
      await t.http
        .post(`/api/v1/registrations/${g.id}/withdraw`)
        .set(await as(t, holder))
        .send({})
        .expect(200);
      const renewed = await register(holder, { from: '2026-12-14', to: '2026-12-25', locations: ['home'] });
      t.clock.set('2026-11-26T02:30:00Z');
      await decide(supervisor, renewed.id, { action: 'approve' });
    } finally {
      t.clock.set('2026-11-26T00:30:00Z'); // (the suite's time)
    }
    expect((await view(holder, await submitted(t, holder, { date: '2026-12-15' }))).status).toBe('approved');
  });

  it('stops turning days into notices once revoked or withdrawn; revoking says why', async () => {
    const { supervisor, members } = await teamOf(t, 2, 24);
    const [a, b] = [members[0]!, members[1]!];
    const ga = await register(a, { from: '2026-12-01', to: '2026-12-31', locations: ['home'] });
    const gb = await register(b, { from: '2026-12-01', to: '2026-12-31', locations: ['home'] });
    await decide(supervisor, ga.id, { action: 'approve' });
    await decide(supervisor, gb.id, { action: 'approve' });
    const h = await as(t, supervisor);
    for (const body of [{ comment: ' ' }, {}]) {
      const refused = await t.http.post(`/api/v1/registrations/${ga.id}/revoke`).set(h).send(body).expect(400);
      expect(refused.body.code).toBe('COMMENT_REQUIRED');
      expect(refused.body.message.en).toMatch(/Revoking/);
    }
    const revoked = (
      await t.http
        .post(`/api/v1/registrations/${ga.id}/revoke`)
        .set(h)
        .send({ comment: '繁忙期のため / busy season' })
        .expect(200)
    ).body;
    // who approved it stays on record beside who ended it and why
    expect(revoked).toMatchObject({
      status: 'revoked',
      decidedBy: { id: supervisor },
      endedBy: { id: supervisor },
      endComment: '繁忙期のため / busy season',
    });
    // its holder may not revoke; they withdraw their own
    await t.http
      .post(`/api/v1/registrations/${gb.id}/revoke`)
      .set(await as(t, b))
      .send({ comment: 'x' })
      .expect(403);
    const gone = (
      await t.http
        .post(`/api/v1/registrations/${gb.id}/withdraw`)
        .set(await as(t, b))
        .expect(200)
    ).body;
    expect(gone).toMatchObject({ status: 'withdrawn', decidedBy: { id: supervisor }, endedBy: { id: b } });
    await t.http
      .post(`/api/v1/registrations/${gb.id}/withdraw`)
      .set(await as(t, b))
      .expect(409);
    for (const who of [a, b]) {
      const id = await submitted(t, who, { date: '2026-12-15' });
      expect((await view(who, id)).status).toBe('awaitingDecision');
    }
  });

  it('files a notice only from a draft: a request the supervisor returned goes back to them', async () => {
    const { supervisor, members } = await teamOf(t, 1, 25);
    const holder = members[0]!;
    const h = await as(t, holder);
    // filed before the registration: it waits in the box, is returned, and comes back there
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(requestBody({ date: '2026-12-11' }))
        .expect(201)
    ).body.id as string;
    await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200);
    const g = await register(holder, { from: '2026-12-01', to: '2026-12-31', locations: ['home'] });
    await decide(supervisor, g.id, { action: 'approve' });
    const [task] = (await inboxOf(t, supervisor)).filter((i) => i.requestId === id);
    await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, supervisor))
      .send({ decisions: [{ taskId: task!.taskId, action: 'return', comment: '業務内容を具体的に' }] })
      .expect(200);
    await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200);
    expect((await view(holder, id)).status).toBe('awaitingDecision');
  });

  it('counts two days filed at once against each other: of two that fit the weekly cap only together, one is a notice', async () => {
    const { supervisor, members } = await teamOf(t, 1, 30);
    const holder = members[0]!;
    const g = await register(holder, { from: '2026-12-01', to: '2026-12-31', locations: ['home'] });
    await decide(supervisor, g.id, { action: 'approve' });
    // the week of 2026-12-07 allows two days (weekly-cap): one is filed, two more race for the other
    const first = await submitted(t, holder, { date: '2026-12-08' });
    expect((await view(holder, first)).status).toBe('approved');
    const h = await as(t, holder);
    const drafts = await Promise.all(
      ['2026-12-09', '2026-12-10'].map(
        async (date) =>
          (await t.http.post('/api/v1/requests').set(h).send(requestBody({ date })).expect(201)).body.id as string,
      ),
    );
    await Promise.all(drafts.map((id) => t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200)));
    const after = await Promise.all(drafts.map((id) => view(holder, id)));
    expect(after.map((r) => r.status).sort()).toEqual(['approved', 'awaitingDecision']);
    const routed = after.find((r) => r.status === 'awaitingDecision')!;
    expect(routed.verdict.reasons).toContainEqual(
      expect.objectContaining({ ruleId: 'weekly-cap', outcome: 'needs_exception' }),
    );
  });

  it('stands only while its approver is above its holder: after a transfer, days go the route', async () => {
    const { supervisor, members } = await teamOf(t, 1, 27);
    const holder = members[0]!;
    const g = await register(holder, { from: '2026-12-01', to: '2026-12-31', locations: ['home'] });
    await decide(supervisor, g.id, { action: 'approve' });
    // the holder moves under another supervisor (an org change), who approved nothing
    const other = (await teamOf(t, 1, 28)).supervisor;
    await t.db.query(`UPDATE staff SET supervisor_id = $2 WHERE id = $1`, [holder, other]);
    const id = await submitted(t, holder, { date: '2026-12-14' });
    expect((await view(holder, id)).status).toBe('awaitingDecision');
    // an admin may revoke it all the same, saying why
    const revoked = (
      await t.http
        .post(`/api/v1/registrations/${g.id}/revoke`)
        .set(await as(t, 'S0045'))
        .send({ comment: '異動のため / transferred' })
        .expect(200)
    ).body;
    expect(revoked).toMatchObject({ status: 'revoked', endedBy: { id: 'S0045' }, decidedBy: { id: supervisor } });
  });

  it('routes a day a warning fires on: a warning asks the supervisor to look (this test lowers the monthly guideline)', async () => {
    const { supervisor, members } = await teamOf(t, 1, 29);
    const holder = members[0]!;
    const g = await register(holder, { from: '2026-12-01', to: '2026-12-31', locations: ['home'] });
    await decide(supervisor, g.id, { action: 'approve' });
    const admin = await as(t, 'S0045');
    const [current] = (await t.http.get('/api/v1/policies/telework/versions').set(admin).expect(200)).body;
    const lowered = (current.content as string).replace(/(period: month\n\s+maxDays: )8/, '$10');
    expect(lowered).not.toBe(current.content);
    await t.http.put('/api/v1/policies/telework').set(admin).send({ content: lowered, comment: 'test' }).expect(200);
    const id = await submitted(t, holder, { date: '2026-12-15' });
    const r = await view(holder, id);
    expect(r.verdict.outcome).toBe('allow');
    expect(r.verdict.reasons).toContainEqual(expect.objectContaining({ ruleId: 'monthly-cap', outcome: 'warn' }));
    expect(r.status).toBe('awaitingDecision');
  });
});
