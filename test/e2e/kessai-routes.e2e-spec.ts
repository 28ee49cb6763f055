import { approveThroughRoute, as, submitted, decide as decideAs } from '../factories/inbox.factory';
import type { SeededUser } from '../factories/org.factory';
import { demoUsers } from '../factories/org.factory';
import { ADMIN, backlogRow, editRouting, leaveOf, pendingTasks, unitOf } from '../factories/kessai.factory';
import { TimersService } from '../../src/kessai/timers.service';
import { startFreshApp, type TestApp } from '../support/test-app';
import { seedRequests, weekdays } from '../bench/fixtures';
import { brokenChains } from '../support/event-chains';

describe('kessai routes: delegations, 合議, 引上げ, 差し戻し, reroute', () => {
  let t: TestApp;
  let users: SeededUser[];

  beforeAll(async () => {
    t = await startFreshApp();
    users = await demoUsers(t);
  });
  afterAll(() => t.close());

  const decide = (who: string, decisions: unknown[]) => decideAs(t, who, decisions);
  /** The request's one pending task (its first step), approved by its assignee. */
  const approveFirstStep = async (requestId: string) => {
    const [first] = await t.db.query<{ id: string; assignee_id: string }>(
      `SELECT id, assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'pending'`,
      [requestId],
    );
    await decide(first!.assignee_id, [{ taskId: first!.id, action: 'approve' }]);
  };

  const delegate = async (body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/delegations')
      .set(await as(t, ADMIN))
      .send(body);
  const fixedTerm = (section: string) =>
    users.find((u) => u.section.id === section && u.employmentType === 'fixed_term');
  const routeOf = async (requester: string, id: string) =>
    (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, requester))
        .expect(200)
    ).body.route;

  describe('delegation refusals', () => {
    it('refuses a cycle, a chain deeper than allowed, a deputy without authority and oneself', async () => {
      const kacho = users.filter((u) => u.grade === 'kacho').map((u) => u.id);
      const [a, b, c, d, e] = kacho as [string, string, string, string, string];
      expect((await delegate({ approverId: a, deputyId: a })).body.code).toBe('DELEGATION_SELF');
      await delegate({ approverId: a, deputyId: b }).then((r) => expect(r.status).toBe(201));
      await delegate({ approverId: b, deputyId: c }).then((r) => expect(r.status).toBe(201));
      const cycle = await delegate({ approverId: c, deputyId: a });
      expect([cycle.status, cycle.body.code]).toEqual([422, 'DELEGATION_CYCLE']);
      // each standing in for the other in turn, never on the same day, is no cycle
      const [f, g] = [kacho[10]!, kacho[11]!];
      const december = { from: '2026-12-01', to: '2026-12-31' };
      await delegate({ approverId: f, deputyId: g, ...december }).then((r) => expect(r.status).toBe(201));
      await delegate({ approverId: g, deputyId: f, from: '2027-01-01', to: '2027-01-31' }).then((r) =>
        expect(r.status).toBe(201),
      );
      const overlapping = await delegate({ approverId: g, deputyId: f, from: '2026-12-31', to: '2026-12-31' });
      expect([overlapping.status, overlapping.body.code]).toEqual([422, 'DELEGATION_CYCLE']);
      await delegate({ approverId: c, deputyId: d }).then((r) => expect(r.status).toBe(201)); // a→b→c→d: 3 links
      const deep = await delegate({ approverId: d, deputyId: e });
      expect([deep.status, deep.body.code]).toEqual([422, 'DELEGATION_TOO_DEEP']);
      const clerk = users.find((u) => u.grade === 'staff')!.id;
      const weak = await delegate({ approverId: e, deputyId: clerk });
      expect([weak.status, weak.body.code]).toEqual([422, 'DEPUTY_LACKS_AUTHORITY']);
      expect(weak.body.message.ja).toContain('職位');
      // it names the grade the clerk has and the one needed, so that the admin knows whom to pick instead
      const needs = (weak.body.details as { classes: { needs: string }[] }).classes.map((c) => c.needs);
      expect(needs.length).toBeGreaterThan(0);
      expect(weak.body.message.ja).toContain('（主事）');
      expect(weak.body.message.en).toContain('(Staff)');
      expect(weak.body.message.en).toMatch(
        /grade (Subsection chief|Deputy section chief|Section chief|Department director) or above/,
      );
      const list = (
        await t.http
          .get(`/api/v1/delegations?approverId=${a}`)
          .set(await as(t, ADMIN))
          .expect(200)
      ).body;
      expect(list.map((x: { deputyId: string }) => x.deputyId)).toContain(b);
    });

    it('refuses a second deputy of the same rank for the same days, and takes one for other days', async () => {
      const kacho = users.filter((u) => u.grade === 'kacho').map((u) => u.id);
      const [approver, first, second] = kacho.slice(-3) as [string, string, string];
      const deputies = async () =>
        (
          await t.http
            .get(`/api/v1/delegations?approverId=${approver}`)
            .set(await as(t, ADMIN))
            .expect(200)
        ).body.map((x: { deputyId: string; rank: number }) => [x.deputyId, x.rank]);
      const one = await delegate({
        approverId: approver,
        deputyId: first,
        rank: 1,
        from: '2027-01-04',
        to: '2027-01-08',
      });
      expect(one.status).toBe(201);
      const clash = await delegate({ approverId: approver, deputyId: second, rank: 1, to: '2027-01-05' });
      expect([clash.status, clash.body.code]).toEqual([409, 'DELEGATION_RANK_TAKEN']);
      expect(clash.body.details).toEqual({ rank: 1, deputyId: first, id: one.body.id });
      expect(await deputies()).toEqual([[first, 1]]); // nothing written
      // the week after, the rank is free
      await delegate({ approverId: approver, deputyId: second, rank: 1, from: '2027-01-11' }).then((r) =>
        expect(r.status).toBe(201),
      );
      expect(await deputies()).toEqual([
        [first, 1],
        [second, 1],
      ]);
      // a deputy for some classes only clashes with one for a class in common (or for all)
      const [third, fourth] = kacho.slice(-5, -3) as [string, string];
      await delegate({ approverId: approver, deputyId: third, rank: 2, classes: ['standard'] }).then((r) =>
        expect(r.status).toBe(201),
      );
      await delegate({ approverId: approver, deputyId: fourth, rank: 2, classes: ['exception'] }).then((r) =>
        expect(r.status).toBe(201),
      );
      const fifth = kacho.at(-6)!;
      const all = await delegate({ approverId: approver, deputyId: fifth, rank: 2 });
      expect([all.status, all.body.code]).toEqual([409, 'DELEGATION_RANK_TAKEN']);
      // and without a rank a deputy goes after those already named
      const next = await delegate({ approverId: approver, deputyId: fifth, from: '2027-02-01' });
      expect([next.status, next.body.rank]).toEqual([201, 3]);
    });

    it('lets only the approver, their superiors or an admin name deputies', async () => {
      const unit = await unitOf(t, 'CITZ-01');
      const res = await t.http
        .post('/api/v1/delegations')
        .set(await as(t, unit.members[0]!))
        .send({ approverId: unit.approver, deputyId: unit.members[1] });
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    });
  });

  describe('the special-approval route (所属長 → 職員課合議 → 部長 → 供覧)', () => {
    it('needs the consultation to agree, then the 部長; 供覧 goes to the personnel section', async () => {
      const requester = fixedTerm('PLAN-02') ?? fixedTerm('PLAN-04')!;
      const id = await submitted(t, requester.id, { date: '2026-12-09' });
      let route = await routeOf(requester.id, id);
      expect(route.steps.map((s: { kind: string }) => s.kind)).toEqual(['approve', 'consult', 'approve', 'inform']);
      expect(await approveThroughRoute(t, id)).toBe('approved');
      route = await routeOf(requester.id, id);
      expect(route.steps[1].decisions[0]).toMatchObject({ by: ADMIN, verdict: 'agree' });
      // named as routing.yaml names them, and every person the steps name with their name
      expect(route.label).toEqual({ ja: '特例承認ルート', en: 'special approval route' });
      expect(route.steps.map((s: { label: { ja: string } | null }) => s.label?.ja)).toEqual([
        '所属長',
        '職員課合議',
        '部長決裁',
        '職員課供覧',
      ]);
      const named = new Set<string>(
        route.steps.flatMap((s: { approvers: string[]; decisions: { by: string }[] }) => [
          ...s.approvers,
          ...s.decisions.map((d) => d.by),
        ]),
      );
      const [admin] = await t.db.query<{ name_ja: string }>(`SELECT name_ja FROM staff WHERE id = $1`, [ADMIN]);
      expect(route.people[ADMIN]).toEqual({ name: admin!.name_ja, nameRomaji: expect.any(String) });
      expect(Object.keys(route.people).sort()).toEqual(expect.arrayContaining([...named].sort()));
      const informed = await t.db.query<{ assignee_id: string; department_id: string }>(
        `SELECT t.assignee_id, s.department_id FROM approval_tasks t JOIN staff s ON s.id = t.assignee_id
         WHERE t.request_id = $1 AND t.kind = 'inform' AND t.status = 'pending'`,
        [id],
      );
      expect(informed.length).toBeGreaterThan(0);
      // the backlog counts it apart from what waits for a decision, as its holder's box lists it
      const [reader] = informed;
      const row = await backlogRow(t, reader!.department_id, reader!.assignee_id);
      const box = (
        await t.http
          .get(`/api/v1/backlog/${reader!.assignee_id}`)
          .set(await as(t, ADMIN))
          .expect(200)
      ).body.items as { kind: string }[];
      expect(row!.informPending).toBe(box.filter((i) => i.kind === 'inform').length);
      expect(row!.pending).toBe(box.filter((i) => i.kind === 'approval' || i.kind === 'consult').length);
    });

    it('a disagreement in the consultation returns the request to the applicant', async () => {
      const requester = fixedTerm('PLAN-04') ?? fixedTerm('PLAN-02')!;
      const id = await submitted(t, requester.id, { date: '2026-12-11' });
      await approveFirstStep(id);
      const [consult] = await pendingTasks(t, ADMIN, 'consult').then((x) => x.filter((y) => y.request_id === id));
      const [r] = await decide(ADMIN, [
        { taskId: consult!.id, action: 'reject', comment: '業務内容が不明確 / tasks unclear' },
      ]);
      expect(r).toMatchObject({ ok: true, requestStatus: 'returned' });
    });

    it('silence in the consultation counts as agreement at its deadline', async () => {
      const requester = fixedTerm('GENL-04') ?? fixedTerm('PLAN-02')!;
      const id = await submitted(t, requester.id, { date: '2026-12-16' });
      await approveFirstStep(id);
      t.clock.set('2026-11-30T08:00:00Z'); // 16 working hours later
      await t.app.get(TimersService).runDue();
      const route = await routeOf(requester.id, id);
      expect(route.steps[1].decisions[0]).toMatchObject({ verdict: 'deemedAgree' });
      expect(route.currentStep).toBe(2);
      t.clock.set('2026-11-26T00:30:00Z');
    });

    it('差し戻し to an earlier step reopens it; 引上げ may not jump over a consultation', async () => {
      const requester = fixedTerm('PLAN-03') ?? fixedTerm('PLAN-02')!;
      const id = await submitted(t, requester.id, { date: '2026-12-18' });
      const head = users.find((u) => u.id === requester.supervisorId)!;
      const over = await t.http
        .post(`/api/v1/routes/${id}/pull-forward`)
        .set(await as(t, users.find((u) => u.department.id === head.department.id && u.grade === 'bucho')!.id))
        .send({});
      expect([over.status, over.body.code]).toEqual([409, 'INVALID_TRANSITION']);
      // said for the caller: the 部長 would pass over the consultation; the consultation's own member
      // (the admin) holds no later approve step
      expect(over.body).toMatchObject({
        details: { state: 'inProgress', event: 'step.pullForward', reason: 'consultation' },
        message: { ja: expect.stringContaining('合議'), en: expect.stringContaining('consultation') },
      });
      const notLater = await t.http
        .post(`/api/v1/routes/${id}/pull-forward`)
        .set(await as(t, ADMIN))
        .send({});
      expect([notLater.status, notLater.body.details?.reason]).toEqual([409, 'notLaterApprover']);
      expect(notLater.body.message.en).toContain('Only an approver of a later step');
      const [task] = await pendingTasks(t, head.id).then((x) => x.filter((y) => y.request_id === id));
      await decide(head.id, [{ taskId: task!.id, action: 'approve' }]);
      const [consult] = await pendingTasks(t, ADMIN, 'consult').then((x) => x.filter((y) => y.request_id === id));
      // to its own step or a later one: refused, saying which steps it may name (the consultation is step 1)
      const notBack = await decide(ADMIN, [
        { taskId: consult!.id, action: 'return', comment: 'x', toStep: 1 },
        { taskId: consult!.id, action: 'return', comment: 'x', toStep: 9 },
      ]);
      expect(notBack).toEqual(
        [1, 9].map((toStep) => ({
          taskId: consult!.id,
          ok: false,
          code: 'INVALID_TRANSITION',
          message: { ja: expect.stringContaining('（0）'), en: expect.stringContaining('(供覧): 0;') },
          details: { toStep, step: 1, allowed: [0] },
        })),
      );
      const [back] = await decide(ADMIN, [
        { taskId: consult!.id, action: 'return', comment: '所属長の再確認を / re-check', toStep: 0 },
      ]);
      expect(back).toMatchObject({ ok: true, requestStatus: 'awaitingDecision' });
      expect((await pendingTasks(t, head.id)).some((x) => x.request_id === id)).toBe(true);
      expect((await routeOf(requester.id, id)).currentStep).toBe(0);
    });

    it('a deadline of the consultation’s first opening that escaped its cancel does not decide the reopened one', async () => {
      // a fixed-term member of a section the other tests here leave alone
      const requester = users.find(
        (u) => u.employmentType === 'fixed_term' && !['GENL-04', 'PLAN-02', 'PLAN-03'].includes(u.section.id),
      )!;
      const id = await submitted(t, requester.id, { date: '2026-12-22' });
      await approveFirstStep(id);
      const [consult] = await pendingTasks(t, ADMIN, 'consult').then((x) => x.filter((y) => y.request_id === id));
      const [back] = await decide(ADMIN, [
        { taskId: consult!.id, action: 'return', comment: '再確認 / re-check', toStep: 0 },
      ]);
      expect(back).toMatchObject({ ok: true });
      // the first opening's timers as a decision leaves them when a timer run holds them (SKIP LOCKED)
      // and that run then rolls back: live
      const [{ kessai_id: kessaiId }] = (await t.db.query(`SELECT kessai_id FROM remote_work_requests WHERE id = $1`, [
        id,
      ])) as [{ kessai_id: string }];
      await t.db.query(`UPDATE timers SET cancelled_at = NULL WHERE instance_id = $1 AND step = 1`, [kessaiId]);
      t.clock.set('2026-11-27T00:30:00Z'); // the next working day, 所属長 approves again: the consultation reopens
      await approveFirstStep(id);
      const timers = await t.db.query<{ due_at: Date; opening: number | null }>(
        `SELECT due_at, (payload->>'opening')::int AS opening FROM timers
         WHERE instance_id = $1 AND step = 1 AND kind = 'expire' AND fired_at IS NULL AND cancelled_at IS NULL
         ORDER BY due_at`,
        [kessaiId],
      );
      expect(timers).toHaveLength(2);
      const [stale, fresh] = timers.map((x) => ({ dueAt: new Date(x.due_at), opening: Number(x.opening) })) as [
        { dueAt: Date; opening: number },
        { dueAt: Date; opening: number },
      ];
      expect(stale.opening).toBeLessThan(fresh.opening);
      // only the stale one is due: the route refuses it, the consultation stays open
      t.clock.set(new Date(stale.dueAt.getTime() + 60_000).toISOString());
      expect(t.clock.now().getTime()).toBeLessThan(fresh.dueAt.getTime());
      await t.app.get(TimersService).runDue();
      let route = await routeOf(requester.id, id);
      expect(route.currentStep).toBe(1);
      expect(route.steps[1].decisions).toEqual([]);
      // the reopened consultation's own deadline counts silence as agreement, as always
      t.clock.set(new Date(fresh.dueAt.getTime() + 60_000).toISOString());
      await t.app.get(TimersService).runDue();
      route = await routeOf(requester.id, id);
      expect(route.steps[1].decisions[0]).toMatchObject({ verdict: 'deemedAgree' });
      expect(route.currentStep).toBe(2);
      t.clock.set('2026-11-26T00:30:00Z');
    });

    it('差し戻し never names a 供覧 step: the refusal lists the steps it may', async () => {
      // 課長 → 合議 → 供覧 → 部長: the 供覧 moved before the decision, for this request only
      const moved = (y: string) =>
        y.replace(
          /( {6}- id: bucho\n(?: {8}.*\n)+)( {6}- id: kyoran\n(?: {8}.*\n?)+)$/,
          (_, bucho, kyoran) => `${kyoran.replace(/\n?$/, '\n')}${bucho}`,
        );
      let original = '';
      await editRouting(t, (y) => moved((original = y)));
      const requester = users.filter(
        (u) => u.employmentType === 'fixed_term' && !['GENL-04', 'PLAN-02', 'PLAN-03'].includes(u.section.id),
      )[1]!;
      const id = await submitted(t, requester.id, { date: '2026-12-24' });
      await editRouting(t, () => original); // the route keeps the steps it was submitted with
      expect((await routeOf(requester.id, id)).steps.map((s: { kind: string }) => s.kind)).toEqual([
        'approve',
        'consult',
        'inform',
        'approve',
      ]);
      await approveFirstStep(id);
      const [consult] = await pendingTasks(t, ADMIN, 'consult').then((x) => x.filter((y) => y.request_id === id));
      await decide(ADMIN, [{ taskId: consult!.id, action: 'approve' }]);
      const bucho = users.find((u) => u.department.id === requester.department.id && u.grade === 'bucho')!.id;
      const [last] = await pendingTasks(t, bucho).then((x) => x.filter((y) => y.request_id === id));
      const [toInform] = await decide(bucho, [{ taskId: last!.id, action: 'return', comment: '再確認', toStep: 2 }]);
      expect(toInform).toEqual({
        taskId: last!.id,
        ok: false,
        code: 'INVALID_TRANSITION',
        message: { ja: expect.stringContaining('（0、1）'), en: expect.stringContaining('(供覧): 0, 1;') },
        details: { toStep: 2, step: 3, allowed: [0, 1] },
      });
      const [back] = await decide(bucho, [{ taskId: last!.id, action: 'return', comment: '再確認', toStep: 1 }]);
      expect(back).toMatchObject({ ok: true });
      expect((await routeOf(requester.id, id)).currentStep).toBe(1);
    });
  });

  describe('引上げ on an approve-only route', () => {
    it('the 部長 decides now; the skipped 課長 reviews afterwards (後閲)', async () => {
      await editRouting(t, (y) => y.replace(/ {6}- id: jinji[\s\S]*?escalateHours: 16\n/, ''));
      const requester = fixedTerm('ENVR-01') ?? fixedTerm('EDUC-01')!;
      const id = await submitted(t, requester.id, { date: '2026-12-21' });
      const bucho = users.find((u) => u.department.id === requester.department.id && u.grade === 'bucho')!.id;
      const res = await t.http
        .post(`/api/v1/routes/${id}/pull-forward`)
        .set(await as(t, bucho))
        .send({ comment: '急ぎ / urgent' })
        .expect(200);
      expect(res.body.requestStatus).toBe('approved');
      const kouetsu = await pendingTasks(t, requester.supervisorId!, 'kouetsu');
      expect(kouetsu.some((k) => k.request_id === id)).toBe(true);
      // the route says who owes the 後閲, by name, and that it is still owed
      type Owed = { approverId: string; reviewedAt: string | null };
      const owedOf = async () =>
        ((await routeOf(requester.id, id)).steps as { kouetsu: Owed[] }[])
          .flatMap((s) => s.kouetsu)
          .filter((k) => k.approverId === requester.supervisorId);
      const route = await routeOf(requester.id, id);
      // the pull-forward is an approval: it cites the policy its limits were checked under, as a verdict cites its own
      const pulled = (route.events as { event: string; details?: { policyVersion?: string } }[]).find(
        (e) => e.event === 'step.pullForward',
      );
      expect(pulled?.details?.policyVersion).toMatch(/^[0-9a-f]{64}$/);
      expect(await owedOf()).toEqual([expect.objectContaining({ reviewedAt: null })]);
      expect(route.people[requester.supervisorId!]?.name).toEqual(expect.any(String));
      // once the 課長 has acknowledged it, the route says when
      const task = kouetsu.find((k) => k.request_id === id)!;
      await decide(requester.supervisorId!, [{ taskId: task.id, action: 'approve' }]);
      expect(await owedOf()).toEqual([expect.objectContaining({ reviewedAt: t.clock.now().toISOString() })]);
    });
  });

  describe('an approver’s own telework', () => {
    it('becomes an absence when approved (acting remotely with a loaned PC) and goes when cancelled', async () => {
      const unit = await unitOf(t, 'GENL-01');
      const id = await submitted(t, unit.approver, { date: '2026-12-23' });
      expect(await approveThroughRoute(t, id)).toBe('approved');
      const list = async () =>
        (
          await t.http
            .get(`/api/v1/absences?staffId=${unit.approver}`)
            .set(await as(t, ADMIN))
            .expect(200)
        ).body;
      expect(await list()).toEqual([
        expect.objectContaining({ kind: 'telework', canActRemotely: true, source: 'telework', requestId: id }),
      ]);
      // it is the request's: not removed on its own, while the request stands
      const [made] = await list();
      const kept = await t.http
        .delete(`/api/v1/absences/${made.id}`)
        .set(await as(t, ADMIN))
        .expect(409);
      expect(kept.body).toMatchObject({ code: 'ABSENCE_FROM_REQUEST', details: { id: made.id, requestId: id } });
      expect(await list()).toHaveLength(1);
      await t.http
        .post(`/api/v1/requests/${id}/cancel`)
        .set(await as(t, unit.approver))
        .send({})
        .expect(200);
      expect(await list()).toEqual([]);
    });
  });

  describe('reroute a backlog', () => {
    it('previews without writing, then moves every item; untilReturn items come back when the approver returns', async () => {
      const unit = await unitOf(t, 'CITZ-01');
      const ids: string[] = [];
      for (const m of unit.members.slice(0, 3)) ids.push(await submitted(t, m, { date: '2026-12-22' }));
      const before = (await pendingTasks(t, unit.approver)).map((x) => x.id).sort();
      expect(before.length).toBeGreaterThanOrEqual(3);

      const preview = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, ADMIN))
        .send({ toStaffId: unit.deputy, reason: '入院 / in hospital', dryRun: true })
        .expect(200);
      expect(preview.body.results.every((r: { ok: boolean; to: string }) => r.ok && r.to === unit.deputy)).toBe(true);
      expect((await pendingTasks(t, unit.approver)).map((x) => x.id).sort()).toEqual(before);
      // ids in upper case name the same tasks (as everywhere else in the API)
      const upper = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, ADMIN))
        .send({ toStaffId: unit.deputy, reason: 'x', dryRun: true, taskIds: before.map((id) => id.toUpperCase()) })
        .expect(200);
      expect(upper.body.results.map((r: { taskId: string; ok: boolean }) => [r.taskId, r.ok])).toEqual(
        before.map((id) => [id, true]),
      );

      const toRequester = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, ADMIN))
        .send({ toStaffId: unit.members[0], reason: 'x', dryRun: true })
        .expect(200);
      expect(toRequester.body.results.map((r: { code?: string }) => r.code)).toContain('DEPUTY_LACKS_AUTHORITY');
      const lacking = (
        toRequester.body.results as { code?: string; details?: { needs: string }; message?: { en: string } }[]
      ).find((r) => r.code === 'DEPUTY_LACKS_AUTHORITY')!;
      expect(lacking.message!.en).toContain('or above');
      // a backlog is moved to a new approver, not to a deputy (代決者)
      expect(lacking.message!.en).toMatch(/^The new approver's grade \(/);
      expect(lacking.details!.needs).toBeDefined();

      await leaveOf(t, unit.approver, '2026-11-26', '2026-11-26');
      const real = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, ADMIN))
        .send({ toStaffId: unit.deputy, reason: '休暇 / on leave', untilReturn: true })
        .expect(200);
      expect(real.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
      expect(await pendingTasks(t, unit.approver)).toHaveLength(0);
      expect((await pendingTasks(t, unit.deputy)).filter((x) => ids.includes(x.request_id))).toHaveLength(3);

      t.clock.set('2026-11-27T00:00:00Z'); // the next morning: back, before the items' deadline
      await t.app.get(TimersService).runDue();
      expect((await pendingTasks(t, unit.approver)).filter((x) => ids.includes(x.request_id))).toHaveLength(3);
      expect((await pendingTasks(t, unit.deputy)).filter((x) => ids.includes(x.request_id))).toHaveLength(0);
      t.clock.set('2026-11-26T00:30:00Z');
    });

    it('gives untilReturn items back only once the approver is present: not between two absences', async () => {
      const unit = await unitOf(t, 'WELF-03');
      const ids: string[] = [];
      for (const m of unit.members.slice(0, 2)) ids.push(await submitted(t, m, { date: '2026-12-23' }));
      const admin = await as(t, ADMIN);
      const away = async (from: string, to: string) =>
        (
          await t.http
            .post('/api/v1/absences')
            .set(admin)
            .send({ staffId: unit.approver, from, to, kind: 'leave' })
            .expect(201)
        ).body.id as string;
      const reroute = () =>
        t.http
          .post(`/api/v1/backlog/${unit.approver}/reroute`)
          .set(admin)
          .send({ toStaffId: unit.deputy, reason: '休暇 / on leave', untilReturn: true })
          .expect(200);
      const held = async (who: string) => (await pendingTasks(t, who)).filter((x) => ids.includes(x.request_id)).length;
      const returnTimers = async () =>
        (
          await t.db.query<{ due_at: Date }>(
            `SELECT due_at FROM timers WHERE machine = 'reroute' AND payload->>'approverId' = $1 ORDER BY due_at`,
            [unit.approver],
          )
        ).map((x) => new Date(x.due_at).toISOString());
      try {
        // away on Thursday: the items go to the deputy until Friday
        await away('2026-11-26', '2026-11-26');
        await reroute();
        expect(await returnTimers()).toEqual(['2026-11-26T15:00:00.000Z']); // Friday 00:00 in Japan
        // away on Friday too, as registered afterwards: on Friday the deputy still holds them
        const friday = await away('2026-11-27', '2026-11-27');
        t.clock.set('2026-11-26T15:30:00Z');
        await t.app.get(TimersService).runDue();
        expect([await held(unit.deputy), await held(unit.approver)]).toEqual([2, 0]);
        // that absence taken back on its day: the approver is present, and has them again
        await t.http.delete(`/api/v1/absences/${friday}`).set(admin).expect(204);
        expect([await held(unit.deputy), await held(unit.approver)]).toEqual([0, 2]);
        // away on Monday and Tuesday, both known: items moved now return on Wednesday, not Tuesday
        await away('2026-11-30', '2026-11-30');
        await away('2026-12-01', '2026-12-01');
        await reroute();
        expect((await returnTimers()).at(-1)).toBe('2026-12-01T15:00:00.000Z');
      } finally {
        t.clock.set('2026-11-26T00:30:00Z');
      }
    });

    it('keeps untilReturn items with the deputy over a weekend between two absences', async () => {
      const unit = await unitOf(t, 'ENVR-02');
      const admin = await as(t, ADMIN);
      for (const day of ['2026-11-27', '2026-11-30'])
        await t.http
          .post('/api/v1/absences')
          .set(admin)
          .send({ staffId: unit.approver, from: day, to: day, kind: 'leave' })
          .expect(201);
      try {
        // Friday evening (after hours: nothing falls due before Monday): two requests, moved until return
        t.clock.set('2026-11-27T09:00:00Z');
        const ids: string[] = [];
        for (const m of unit.members.slice(0, 2)) ids.push(await submitted(t, m, { date: '2026-12-23' }));
        await t.http
          .post(`/api/v1/backlog/${unit.approver}/reroute`)
          .set(admin)
          .send({ toStaffId: unit.deputy, reason: '休暇 / on leave', untilReturn: true })
          .expect(200);
        const held = async (who: string) =>
          (await pendingTasks(t, who)).filter((x) => ids.includes(x.request_id)).length;
        // Saturday, when Friday's leave has ended: the approver is not back before Tuesday
        t.clock.set('2026-11-27T15:30:00Z');
        await t.app.get(TimersService).runDue();
        expect([await held(unit.deputy), await held(unit.approver)]).toEqual([2, 0]);
      } finally {
        t.clock.set('2026-11-26T00:30:00Z');
      }
    });

    it('moves a large backlog in parts (side by side on PostgreSQL): each item once, results in the order asked', async () => {
      const unit = await unitOf(t, 'CITZ-01');
      const seeded = await t.db.tx((m) =>
        seedRequests(m, {
          approverId: unit.approver,
          requesters: unit.members,
          count: 600,
          dates: weekdays('2027-03-01', 20),
        }),
      );
      const other = await unitOf(t, 'GENL-01');
      const foreign = await t.db.tx((m) =>
        seedRequests(m, { approverId: other.approver, requesters: other.members, count: 1, dates: ['2027-03-01'] }),
      );
      const asked = [...seeded.taskIds].reverse();
      asked.splice(300, 0, foreign.taskIds[0]!); // someone else's item, in the middle
      const res = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, ADMIN))
        .send({ toStaffId: unit.deputy, reason: '異動 / transfer', taskIds: asked })
        .expect(200);
      const results = res.body.results as { taskId: string; ok: boolean; to?: string; code?: string }[];
      expect(results.map((r) => r.taskId)).toEqual(asked);
      expect(results[300]).toMatchObject({ ok: false, code: 'NOT_ASSIGNEE' });
      expect(results.filter((r) => r.ok && r.to === unit.deputy)).toHaveLength(600);
      const mine = new Set(seeded.requestIds);
      expect((await pendingTasks(t, unit.approver)).filter((x) => mine.has(x.request_id))).toHaveLength(0);
      expect((await pendingTasks(t, unit.deputy)).filter((x) => mine.has(x.request_id))).toHaveLength(600);
      const [log] = await t.db.query<{ reassigns: number; routes: number }>(
        `SELECT count(*)::int AS reassigns, count(DISTINCT e.instance_id)::int AS routes
         FROM workflow_events e JOIN remote_work_requests r ON r.kessai_id = e.instance_id
         WHERE r.id = ANY($1::uuid[]) AND e.type = 'route.reassign'`,
        [seeded.requestIds],
      );
      expect(log).toEqual({ reassigns: 600, routes: 600 });
    });

    it('a part of a large move that fails changes nothing and says so item by item; the others stand', async () => {
      const unit = await unitOf(t, 'CITZ-01');
      const seeded = await t.db.tx((m) =>
        seedRequests(m, {
          approverId: unit.approver,
          requesters: unit.members,
          count: 600,
          dates: weekdays('2027-05-03', 20),
        }),
      );
      const broken = seeded.taskIds[123]!;
      await t.db.query(`CREATE OR REPLACE FUNCTION inject_reroute_failure() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id = '${broken}'::uuid AND NEW.status <> 'pending' THEN RAISE EXCEPTION 'injected failure'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER inject_reroute_failure BEFORE UPDATE ON approval_tasks FOR EACH ROW EXECUTE FUNCTION inject_reroute_failure()`,
      );
      try {
        const res = await t.http
          .post(`/api/v1/backlog/${unit.approver}/reroute`)
          .set(await as(t, ADMIN))
          .send({ toStaffId: unit.deputy, reason: '異動 / transfer', taskIds: seeded.taskIds });
        const still = (await pendingTasks(t, unit.approver)).filter((x) => seeded.requestIds.includes(x.request_id));
        if (t.db.parallelism < 2) {
          // one part: the error is the answer, and nothing moved
          expect([res.status, res.body.code]).toEqual([500, 'INTERNAL']);
          expect(still).toHaveLength(600);
          return;
        }
        expect(res.status).toBe(200);
        const results = res.body.results as { taskId: string; ok: boolean; code?: string }[];
        expect(results.map((r) => r.taskId)).toEqual(seeded.taskIds);
        const notMoved = results.filter((r) => !r.ok);
        expect(notMoved.map((r) => r.code)).toEqual(notMoved.map(() => 'NOT_MOVED'));
        expect(notMoved.map((r) => r.taskId)).toContain(broken);
        expect(notMoved.length).toBeGreaterThan(0);
        expect(notMoved.length).toBeLessThan(600); // the other part moved its items
        // what says NOT_MOVED is still the approver's; what says ok is the deputy's
        expect(still.map((x) => x.id).sort()).toEqual(notMoved.map((r) => r.taskId).sort());
      } finally {
        await t.db.query(`DROP TRIGGER IF EXISTS inject_reroute_failure ON approval_tasks`);
      }
    });

    it('says why an item named again is no longer the approver’s: moved already, or its request withdrawn', async () => {
      const unit = await unitOf(t, 'CITZ-02');
      const [a, b] = unit.members as [string, string];
      const [movedReq, goneReq] = [
        await submitted(t, a, { date: '2026-12-23' }),
        await submitted(t, b, { date: '2026-12-23' }),
      ];
      const tasks = await pendingTasks(t, unit.approver);
      const moved = tasks.find((x) => x.request_id === movedReq)!.id;
      const gone = tasks.find((x) => x.request_id === goneReq)!.id;
      const reroute = async (taskIds: string[]) =>
        (
          await t.http
            .post(`/api/v1/backlog/${unit.approver}/reroute`)
            .set(await as(t, ADMIN))
            .send({ toStaffId: unit.deputy, reason: '出張 / on a trip', taskIds })
            .expect(200)
        ).body.results;
      expect((await reroute([moved]))[0]).toMatchObject({ taskId: moved, ok: true, to: unit.deputy });
      await t.http
        .post(`/api/v1/requests/${goneReq}/withdraw`)
        .set(await as(t, b))
        .send({})
        .expect(200);
      // as a decision of the same items would answer: moved is no "already decided"
      expect(await reroute([moved, gone])).toEqual([
        {
          taskId: moved,
          ok: false,
          code: 'NOT_ASSIGNEE',
          message: { ja: expect.stringContaining('別の決裁者'), en: expect.stringContaining('another approver') },
          details: { reason: 'reassigned' },
        },
        {
          taskId: gone,
          ok: false,
          code: 'ALREADY_DECIDED',
          message: { ja: expect.stringContaining('取り下げ'), en: expect.stringContaining('withdrew') },
          details: { requestStatus: 'withdrawn' },
        },
      ]);
    });

    it('shows a box to a superior in another department, who may move it', async () => {
      // a department head's superior (副市長) sits in another department (the executive officers)
      const [pair] = await t.db.query<{ id: string; above: string }>(
        `SELECT s.id, s.supervisor_id AS above FROM staff s JOIN staff u ON u.id = s.supervisor_id
         WHERE s.grade = 'bucho' AND u.department_id <> s.department_id AND 'supervisor' = ANY(u.roles)
           AND NOT 'admin' = ANY(u.roles)
         ORDER BY s.id LIMIT 1`,
      );
      expect(pair).toBeDefined();
      const res = await t.http
        .get(`/api/v1/backlog/${pair!.id}`)
        .set(await as(t, pair!.above))
        .expect(200);
      expect(res.body).toMatchObject({ approverId: pair!.id, mayReroute: true });
      // and finds it in their overview, beside their own department's boxes
      const overview = (
        await t.http
          .get('/api/v1/backlog')
          .set(await as(t, pair!.above))
          .expect(200)
      ).body.items as { approverId: string }[];
      expect(overview.map((x) => x.approverId)).toContain(pair!.id);
      // one beside them, neither above nor in the department, still may not
      const [other] = await t.db.query<{ id: string }>(
        `SELECT id FROM staff WHERE grade = 'bucho' AND department_id <> (SELECT department_id FROM staff WHERE id = $1)
           AND NOT 'admin' = ANY(roles) ORDER BY id LIMIT 1`,
        [pair!.id],
      );
      const refused = await t.http.get(`/api/v1/backlog/${pair!.id}`).set(await as(t, other!.id));
      expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    });

    it('is for admins and the approver’s superiors only', async () => {
      const unit = await unitOf(t, 'GENL-01');
      const res = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, unit.members[0]!))
        .send({ reason: 'x' });
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    });
  });

  it('leaves every event chain whole: entries 1…version, each linked to the one before', async () => {
    expect(await t.db.query('SELECT count(*)::int AS n FROM workflow_events')).not.toEqual([{ n: 0 }]);
    expect(await brokenChains(t.db)).toEqual([]);
  });
});
