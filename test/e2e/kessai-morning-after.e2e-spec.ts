import { TimersService } from '../../src/kessai/timers.service';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { approveThroughRoute, as, inboxOf, submitted } from '../factories/inbox.factory';
import { ADMIN, backlogRow, editRouting, pendingTasks, unitOf } from '../factories/kessai.factory';
import { startFreshApp, type TestApp } from '../support/test-app';
import { brokenChains } from '../support/event-chains';

/**
 * The problem Teleflow exists for: the morning after an approver teleworks without a
 * remote device, their kessai box must not be overflowing.
 */
describe('the morning after: an approver teleworks without a remote device', () => {
  let t: TestApp;
  const D = '2026-12-07'; // Monday

  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  /** A unit whose 課長 has handed back their loaned PC (teleworking, they cannot reach e-kessai). */
  async function unitWithoutRemoteDevice(sectionId: string) {
    const unit = await unitWithDeputy(sectionId);
    expect(unit.members.length).toBeGreaterThanOrEqual(5);
    await t.db.query(`UPDATE devices SET holder_id = NULL WHERE holder_id = $1`, [unit.approver]);
    return unit;
  }

  /** The standard class decided by a deputy again (a test below bars it), whatever routing.yaml says now. */
  const allowDaiketsu = () =>
    editRouting(t, (y) => y.replace(/(\n {2}standard:\n(?: {4}.*\n)*? {4}daiketsu: )false/, '$1true'));

  /** A unit whose approver has a deputy named. */
  async function unitWithDeputy(sectionId: string) {
    const unit = await unitOf(t, sectionId);
    await t.http
      .post('/api/v1/delegations')
      .set(await as(t, ADMIN))
      .send({ approverId: unit.approver, deputyId: unit.deputy })
      .expect(201);
    return unit;
  }

  /** 30 requests from the unit, at most two a week per person (the weekly cap), none from the deputy. */
  async function thirtyRequests(members: string[], dates: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const date of dates) {
      for (const member of members) {
        if (ids.length === 30) return ids;
        ids.push(await submitted(t, member, { date }));
      }
    }
    return ids;
  }

  it('with 代決 allowed: every item reaches the deputy the moment it is created; 後閲 afterwards', async () => {
    const unit = await unitWithoutRemoteDevice('CITZ-01'); // 地域活性課: no counter
    // the approver's own telework for D and D+1, approved beforehand: an absence without remote means
    const own = await submitted(t, unit.approver, { date: undefined, from: D, to: '2026-12-08' });
    expect(await approveThroughRoute(t, own)).toBe('approved');
    const absences = (
      await t.http
        .get(`/api/v1/absences?staffId=${unit.approver}`)
        .set(await as(t, ADMIN))
        .expect(200)
    ).body;
    expect(absences).toEqual([
      expect.objectContaining({ kind: 'telework', canActRemotely: false, from: D, to: '2026-12-08' }),
    ]);

    t.clock.set(`${D}T00:00:00Z`); // 09:00 in Japan on D
    const ids = await thirtyRequests(unit.members, [
      '2026-12-08',
      '2026-12-10',
      '2026-12-15',
      '2026-12-17',
      '2026-12-22',
      '2026-12-24',
    ]);
    expect(ids).toHaveLength(30);

    expect(await pendingTasks(t, unit.approver)).toHaveLength(0);
    const deputyBox = await pendingTasks(t, unit.deputy);
    expect(deputyBox.filter((x) => ids.includes(x.request_id))).toHaveLength(30);
    expect(deputyBox.every((x) => x.on_behalf_of === unit.approver)).toBe(true);

    const inbox = await inboxOf(t, unit.deputy);
    expect(inbox.filter((i) => (i.onBehalfOf as { id: string } | undefined)?.id === unit.approver)).toHaveLength(30);
    // named in both scripts, as the requester is: the English page names people in romaji
    expect(inbox.find((i) => i.onBehalfOf)!.onBehalfOf).toEqual({
      id: unit.approver,
      name: expect.any(String),
      nameRomaji: expect.stringMatching(/^[A-Za-z]+ [A-Za-z]+$/),
    });

    // the deputy is told of each item that came to them in the approver's place
    const notices = async (who: string, kind: string) => {
      await t.app.get(NotificationsService).deliverDue();
      const res = await t.http
        .get('/api/v1/notifications?limit=200')
        .set(await as(t, who))
        .expect(200);
      return (res.body.items as { kind: string; requestId: string; message: { ja: string; en: string } }[]).filter(
        (n) => n.kind === kind && ids.includes(n.requestId),
      );
    };
    const arrived = await notices(unit.deputy, 'task.daiketsu');
    expect(arrived).toHaveLength(30);
    const approverName = (inbox.find((i) => i.onBehalfOf)!.onBehalfOf as { name: string; nameRomaji: string })!;
    expect(arrived[0]!.message.ja).toContain(`${approverName.name} さんに代わる決裁（代決）`);
    expect(arrived[0]!.message.en).toContain(`to decide on behalf of ${approverName.nameRomaji}`);

    const row = await backlogRow(t, 'CITZ', unit.approver);
    // none in the box, and the overview says where they are: with deputies, in the approver's place
    expect(row).toMatchObject({ absentNow: true, pending: 0, overdue: 0, heldByDeputies: 30 });
    expect((await backlogRow(t, 'CITZ', unit.deputy))!.pending).toBeGreaterThanOrEqual(30);
    // the approver's own box is empty, and says where their items are: with the deputy, in their place
    const box = (
      await t.http
        .get(`/api/v1/backlog/${unit.approver}`)
        .set(await as(t, ADMIN))
        .expect(200)
    ).body;
    expect(box.items).toEqual([]);
    expect(box.heldByDeputies).toEqual([
      {
        deputy: { id: unit.deputy, name: expect.any(String), nameRomaji: expect.any(String) },
        count: 30,
        mayOpen: true,
      },
    ]);

    const req = (
      await t.http
        .get(`/api/v1/requests/${ids[0]}`)
        .set(await as(t, unit.members[0]!))
        .expect(200)
    ).body;
    const reassigned = req.route.events.find((e: { event: string }) => e.event === 'route.reassign');
    expect(reassigned.details.reason).toContain('代決');
    expect(reassigned.details).toMatchObject({ from: unit.approver, to: unit.deputy, onBehalfOf: unit.approver });

    // the deputy decides all 30 as 代決
    const decided = await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, unit.deputy))
      .send({ decisions: deputyBox.map((x) => ({ taskId: x.id, action: 'approve' })) })
      .expect(200);
    expect(
      decided.body.results.every((r: { ok: boolean; requestStatus: string }) => r.ok && r.requestStatus === 'approved'),
    ).toBe(true);
    // decided: the deputy holds nothing of theirs any more
    const after = await t.http
      .get(`/api/v1/backlog/${unit.approver}`)
      .set(await as(t, ADMIN))
      .expect(200);
    expect(after.body.heldByDeputies).toEqual([]);

    // the applicant sees who approved, and for whom: on the request, its 経過 and the notice
    const applicant = await as(t, unit.members[0]!);
    const approved = (await t.http.get(`/api/v1/requests/${ids[0]}`).set(applicant).expect(200)).body;
    expect(approved).toMatchObject({ decidedBy: unit.deputy, decidedOnBehalfOf: unit.approver });
    const decision = approved.timeline.find((e: { event: string }) => e.event === 'decision.approved');
    expect(decision).toMatchObject({
      actor: { id: unit.deputy },
      onBehalfOf: { id: unit.approver, name: expect.any(String), nameRomaji: expect.any(String) },
      details: { by: unit.deputy, onBehalfOf: unit.approver },
    });
    const [notice] = (await notices(unit.members[0]!, 'request.approved')).filter((n) => n.requestId === ids[0]);
    expect(notice!.message.ja).toContain(`${decision.onBehalfOf.name} に代わり ${decision.actor.name} が代決`);
    expect(notice!.message.en).toContain(
      `by ${decision.actor.nameRomaji} on behalf of ${decision.onBehalfOf.nameRomaji}.`,
    );

    // D+1: the approver's 後閲 list holds the 30 decisions
    t.clock.set('2026-12-08T00:00:00Z');
    const kouetsu = await inboxOf(t, unit.approver, '&kind=kouetsu');
    expect(kouetsu.filter((k: { requestId: string }) => ids.includes(k.requestId))).toHaveLength(30);
    // and the approver is told, once back, of each review owed
    const owed = await notices(unit.approver, 'task.kouetsu');
    expect(owed).toHaveLength(30);
    expect(owed[0]!.message.ja).toContain('後閲');
    // naming who decided in their stead: the deputy
    const [{ ja: deputyJa, en: deputyEn }] = (await t.db.query(
      `SELECT name_ja AS ja, name_romaji AS en FROM staff WHERE id = $1`,
      [unit.deputy],
    )) as [{ ja: string; en: string }];
    expect(owed[0]!.message.ja).toContain(`（決裁: ${deputyJa}）`);
    expect(owed[0]!.message.en).toContain(`(decided by ${deputyEn}); please review it (後閲).`);
    const route = (
      await t.http
        .get(`/api/v1/requests/${ids[0]}`)
        .set(await as(t, unit.members[0]!))
        .expect(200)
    ).body.route;
    expect(route.steps[0].decisions[0]).toMatchObject({
      by: unit.deputy,
      onBehalfOf: unit.approver,
      verdict: 'approve',
    });
    expect(route.steps[0].kouetsu[0]).toMatchObject({
      approverId: unit.approver,
      decidedBy: unit.deputy,
      reason: 'daiketsu',
    });
  });

  it('with 代決 not allowed: the items wait, show in the backlog and forecast, and escalate once at the deadline', async () => {
    const unit = await unitWithoutRemoteDevice('GENL-01'); // 総務課
    await editRouting(t, (y) => y.replace(/(standard:\n(?:.*\n)*?\s+daiketsu: )true/, '$1false'));
    const E = '2026-12-14'; // Monday of the next week; the approver teleworks E and E+1
    t.clock.set('2026-12-09T00:00:00Z');
    const own = await submitted(t, unit.approver, { date: undefined, from: E, to: '2026-12-15' });
    expect(await approveThroughRoute(t, own)).toBe('approved');

    t.clock.set(`${E}T00:00:00Z`);
    const ids = await thirtyRequests(unit.members, [
      '2026-12-16',
      '2026-12-18',
      '2026-12-22',
      '2026-12-24',
      '2027-01-05',
      '2027-01-07',
    ]);
    expect(ids).toHaveLength(30);
    const waiting = (await pendingTasks(t, unit.approver)).filter((x) => ids.includes(x.request_id));
    expect(waiting).toHaveLength(30);
    expect(waiting.every((x) => x.on_behalf_of === null && x.due_at !== null)).toBe(true);
    expect(await backlogRow(t, 'GENL', unit.approver)).toMatchObject({
      absentNow: true,
      pending: 30,
      overdue: 0,
      forecastOverdue: 30,
    });

    // past the deadline (8 working hours): each escalates exactly once, to the department head
    t.clock.set('2026-12-15T06:00:00Z');
    const timers = t.app.get(TimersService);
    expect(await timers.runDue()).toBeGreaterThanOrEqual(60); // a reminder and an expiry per item
    expect(await timers.runDue()).toBe(0);
    const expired = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM workflow_events e JOIN remote_work_requests r ON r.kessai_id = e.instance_id
       WHERE r.id = ANY($1::uuid[]) AND e.type = 'deadline.expired'`,
      [ids],
    );
    expect(Number(expired[0]!.n)).toBe(30);
    expect((await pendingTasks(t, unit.approver)).filter((x) => ids.includes(x.request_id))).toHaveLength(0);
    expect((await pendingTasks(t, unit.boss)).filter((x) => ids.includes(x.request_id))).toHaveLength(30);
    expect(await backlogRow(t, 'GENL', unit.approver)).toMatchObject({ pending: 0, absentNow: true });
    // moved up, each matter keeps its wait and its deadline (overdue now), and one above is told
    const since = async (assignee: string) =>
      new Map(
        (
          await t.db.query<{ request_id: string; created_at: Date; due_at: Date }>(
            `SELECT request_id, created_at, due_at FROM approval_tasks
             WHERE assignee_id = $1 AND kind = 'approval' AND request_id = ANY($2::uuid[])`,
            [assignee, ids],
          )
        ).map((r) => [r.request_id, [new Date(r.created_at).toISOString(), new Date(r.due_at).toISOString()]]),
      );
    expect(await since(unit.boss)).toEqual(await since(unit.approver));
    expect(await backlogRow(t, 'GENL', unit.boss)).toMatchObject({ pending: 30, overdue: 30 });
    await t.app.get(NotificationsService).deliverDue();
    const told = (
      await t.http
        .get('/api/v1/notifications?limit=200')
        .set(await as(t, unit.boss))
        .expect(200)
    ).body.items.filter(
      (n: { kind: string; requestId: string }) => n.kind === 'task.escalated' && ids.includes(n.requestId),
    );
    expect(told).toHaveLength(30);
    expect(told[0].message.en).toContain('came up to you; it is overdue');
  });

  it('moves what waits to the deputy when an absence comes up, and back when it is taken back or over, each as old and due as it was', async () => {
    await allowDaiketsu();
    const unit = await unitWithDeputy('CITZ-02');
    const admin = await as(t, ADMIN);
    t.clock.set('2026-12-21T00:30:00Z'); // Monday 09:30 in Japan
    const ids: string[] = [];
    for (const member of unit.members.slice(0, 3)) ids.push(await submitted(t, member, { date: '2026-12-24' }));
    const before = (await pendingTasks(t, unit.approver)).filter((x) => ids.includes(x.request_id));
    expect(before).toHaveLength(3);
    // an hour later the approver falls ill: their box goes to the deputy as 代決
    t.clock.set('2026-12-21T01:30:00Z');
    await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: '2026-12-21', to: '2026-12-21', kind: 'leave' })
      .expect(201);
    const waits = async (assignee: string, status: string) =>
      (
        await t.db.query<{ request_id: string; created_at: Date; due_at: Date }>(
          `SELECT request_id, created_at, due_at FROM approval_tasks
           WHERE assignee_id = $1 AND status = $2 AND kind = 'approval' AND request_id = ANY($3::uuid[])
           ORDER BY request_id`,
          [assignee, status, ids],
        )
      ).map((r) => [r.request_id, new Date(r.created_at).toISOString(), new Date(r.due_at).toISOString()]);
    const moved = await waits(unit.deputy, 'pending');
    expect(moved).toHaveLength(3);
    expect(moved).toEqual(await waits(unit.approver, 'cancelled'));
    // the deputy's box lists them as old as they are, and due when they were (not at the reminder)
    const inbox = (await inboxOf(t, unit.deputy)).filter((i) => ids.includes(i.requestId));
    expect(inbox.every((i) => (i.ageHours as number) >= 1)).toBe(true);

    // the approver comes in after all and the absence is taken back: what the deputy had not decided
    // comes back to them, still as old and as due as it was
    const [absence] = (await t.http.get(`/api/v1/absences?staffId=${unit.approver}`).set(admin).expect(200)).body;
    await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, unit.deputy))
      .send({
        decisions: [
          { taskId: (await pendingTasks(t, unit.deputy)).find((x) => x.request_id === ids[0])!.id, action: 'approve' },
        ],
      })
      .expect(200);
    await t.http.delete(`/api/v1/absences/${absence.id}`).set(admin).expect(204);
    const back = await waits(unit.approver, 'pending');
    expect(back.map((r) => r[0])).toEqual(moved.map((r) => r[0]).filter((id) => id !== ids[0]));
    expect(back).toEqual(moved.filter((r) => r[0] !== ids[0]));
    expect(await waits(unit.deputy, 'pending')).toEqual([]);
    expect((await pendingTasks(t, unit.approver)).every((x) => x.on_behalf_of === null)).toBe(true);

    // an absence that ends gives them back too: the next morning, once its end has come
    await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: '2026-12-21', to: '2026-12-21', kind: 'trip' })
      .expect(201);
    expect(await waits(unit.deputy, 'pending')).toHaveLength(2);
    t.clock.set('2026-12-21T14:59:00Z'); // 23:59 in Japan: still away
    await t.app.get(TimersService).runDue();
    expect(await waits(unit.deputy, 'pending')).toHaveLength(2);
    t.clock.set('2026-12-21T15:00:00Z'); // midnight: back
    await t.app.get(TimersService).runDue();
    expect(await waits(unit.deputy, 'pending')).toEqual([]);
    expect(await waits(unit.approver, 'pending')).toHaveLength(2);
  });

  it('gives an approver back what went to the deputy when they cancel their own telework of today', async () => {
    await allowDaiketsu();
    const unit = await unitWithoutRemoteDevice('CITZ-03'); // 課税課
    t.clock.set('2027-01-08T00:00:00Z'); // Friday 09:00 in Japan
    const own = await submitted(t, unit.approver, { date: '2027-01-12' });
    expect(await approveThroughRoute(t, own)).toBe('approved');
    t.clock.set('2027-01-12T00:00:00Z'); // the day: teleworking without a remote device, they are away
    await t.app.get(TimersService).runDue();
    const id = await submitted(t, unit.members[0]!, { date: '2027-01-14' });
    expect((await pendingTasks(t, unit.deputy)).map((x) => x.request_id)).toContain(id);
    // plans change: they come in, and cancel the telework
    await t.http
      .post(`/api/v1/requests/${own}/cancel`)
      .set(await as(t, unit.approver))
      .send({ comment: '出勤します' })
      .expect(200);
    expect((await pendingTasks(t, unit.deputy)).map((x) => x.request_id)).not.toContain(id);
    expect(await pendingTasks(t, unit.approver)).toEqual([
      expect.objectContaining({ request_id: id, on_behalf_of: null }),
    ]);
  });

  it('gives a step opened again (resubmitted after a return) a fresh wait, not the last round’s', async () => {
    const unit = await unitOf(t, 'CITZ-04');
    t.clock.set('2027-01-18T00:00:00Z'); // Monday 09:00 in Japan
    const id = await submitted(t, unit.members[0]!, { date: '2027-01-22' });
    // undecided past its deadline, it goes up; the one above returns it
    t.clock.set('2027-01-19T06:00:00Z');
    await t.app.get(TimersService).runDue();
    const [up] = (await pendingTasks(t, unit.boss)).filter((x) => x.request_id === id);
    await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, unit.boss))
      .send({ decisions: [{ taskId: up!.id, action: 'return', comment: '業務内容を具体的に' }] })
      .expect(200);
    t.clock.set('2027-01-19T07:00:00Z');
    await t.http
      .post(`/api/v1/requests/${id}/submit`)
      .set(await as(t, unit.members[0]!))
      .send({})
      .expect(200);
    const [again] = await t.db.query<{ created_at: Date; due_at: Date }>(
      `SELECT created_at, due_at FROM approval_tasks WHERE request_id = $1 AND assignee_id = $2 AND status = 'pending'`,
      [id, unit.approver],
    );
    expect(new Date(again!.created_at).toISOString()).toBe('2027-01-19T07:00:00.000Z');
    expect(new Date(again!.due_at).getTime()).toBeGreaterThan(new Date('2027-01-19T07:00:00Z').getTime());
  });

  it('leaves a deliberate reroute to the deputy as it is when an absence of the approver ends', async () => {
    await allowDaiketsu();
    const unit = await unitWithDeputy('CITZ-04');
    const admin = await as(t, ADMIN);
    t.clock.set('2027-01-25T00:30:00Z'); // Monday
    const id = await submitted(t, unit.members[1]!, { date: '2027-01-28' });
    // an admin hands the approver's item to the deputy (not "until return"): it is theirs now
    const [task] = (await pendingTasks(t, unit.approver)).filter((x) => x.request_id === id);
    await t.http
      .post(`/api/v1/backlog/${unit.approver}/reroute`)
      .set(admin)
      .send({ toStaffId: unit.deputy, reason: 'workload / 業務量', taskIds: [task!.id] })
      .expect(200);
    // the approver's day of leave comes and goes
    await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: '2027-01-25', to: '2027-01-25', kind: 'leave' })
      .expect(201);
    t.clock.set('2027-01-25T15:00:00Z');
    await t.app.get(TimersService).runDue();
    expect((await pendingTasks(t, unit.deputy)).map((x) => x.request_id)).toContain(id);
  });

  it('leaves every event chain whole: entries 1…version, each linked to the one before', async () => {
    expect(await t.db.query('SELECT count(*)::int AS n FROM workflow_events')).not.toEqual([{ n: 0 }]);
    expect(await brokenChains(t.db)).toEqual([]);
  });
});
