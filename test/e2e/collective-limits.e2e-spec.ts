import { approveThroughRoute, as, submitted, taskOf } from '../factories/inbox.factory';
import { demoUsers } from '../factories/org.factory';
import { editRouting } from '../factories/kessai.factory';
import { heldBackBy } from '../support/advisory-locks';
import { startFreshApp, type TestApp } from '../support/test-app';
import { seedRequests, weekdays } from '../bench/fixtures';
import { brokenChains } from '../support/event-chains';

/**
 * 公民館 (EDUC-05) has a counter and 6 staff: the counter-floor rule keeps at least 3 in
 * the office, so at most 3 may telework on one day.
 */
describe('collective limits re-checked under lock at approval', () => {
  let t: TestApp;
  let head: string;
  let members: string[];
  const day = '2026-12-02';

  beforeAll(async () => {
    t = await startFreshApp();
    const users = await demoUsers(t);
    const section = users.filter((u) => u.section.id === 'EDUC-05');
    expect(section).toHaveLength(6);
    head = section.find((u) => u.grade === 'kacho')!.id;
    members = section.filter((u) => u.supervisorId === head && u.employmentType === 'regular').map((u) => u.id);
    expect(members.length).toBeGreaterThanOrEqual(4);
  });
  afterAll(() => t.close());

  const decide = async (decisions: unknown[]) =>
    (
      await t.http
        .post('/api/v1/inbox/decisions')
        .set(await as(t, head))
        .send({ decisions })
        .expect(200)
    ).body.results;

  it('two approvals racing for the last slot: one ok, one POLICY_LIMIT_REACHED', async () => {
    const [a, b, c, x] = members as [string, string, string, string];
    const ra = await submitted(t, a, { date: day });
    const rb = await submitted(t, b, { date: day });
    const rc = await submitted(t, c, { date: day });
    // the fourth finds 3 already away: flagged at submission, approved as an exception
    const rx = await submitted(t, x, { date: day });
    const flagged = (
      await t.http
        .get(`/api/v1/requests/${rx}`)
        .set(await as(t, x))
        .expect(200)
    ).body.verdict;
    expect(flagged.outcome).toBe('needs_exception');
    expect(flagged.reasons.find((r: { ruleId: string }) => r.ruleId === 'counter-floor').outcome).toBe(
      'needs_exception',
    );
    const [tx, tc, ta, tb] = await Promise.all([rx, rc, ra, rb].map((id) => taskOf(t, head, id)));
    expect(
      (
        await decide([
          { taskId: tx, action: 'approve' },
          { taskId: tc, action: 'approve' },
        ])
      ).every((r: { ok: boolean }) => r.ok),
    ).toBe(true);
    // the exception goes on to 職員課 (合議) and the 部長 before it is approved
    expect(await approveThroughRoute(t, rx)).toBe('approved');

    // two approved away: exactly one more fits, and A and B both passed at submission
    const [resA, resB] = await Promise.all([
      decide([{ taskId: ta, action: 'approve' }]),
      decide([{ taskId: tb, action: 'approve' }]),
    ]);
    const results = [resA[0], resB[0]];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({
      ok: false,
      code: 'POLICY_LIMIT_REACHED',
      message: { ja: expect.any(String), en: expect.any(String) },
      // which rule refused it, with its message: what the supervisor tells the applicant
      details: { reasons: [expect.objectContaining({ ruleId: 'counter-floor' })] },
    });
    // and under which policy: the one the requests were filed under, still in force
    const [filed] = await t.db.query<{ policy_version: string }>(
      `SELECT policy_version FROM remote_work_requests WHERE id = $1`,
      [ra],
    );
    expect(refused!.details.policyVersion).toBe(filed!.policy_version);
    const statuses = await t.db.query<{ status: string }>(
      `SELECT status FROM remote_work_requests WHERE id = ANY($1::uuid[]) ORDER BY status`,
      [[ra, rb]],
    );
    expect(statuses.map((s) => s.status)).toEqual(['approved', 'awaitingDecision']);
  });

  it('in one bulk call earlier items take the last slots first; an intermediate step takes none', async () => {
    const day2 = '2026-12-03';
    const [a, b, c, x] = members as [string, string, string, string];
    const ids: string[] = [];
    for (const s of [a, b, c]) ids.push(await submitted(t, s, { date: day2 }));
    const rx = await submitted(t, x, { date: day2 }); // the fourth: flagged, on the exception route
    const tasks = await Promise.all([rx, ...ids].map((id) => taskOf(t, head, id)));
    // as one by one: x's first step does not approve x, so a, b and c fill the three slots
    const results = await decide(tasks.map((taskId) => ({ taskId, action: 'approve' })));
    expect(results.map((r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
    ]);

    // four unflagged requests for three slots: the fourth is refused
    const day2b = '2026-12-08';
    const four = await t.db.tx((m) =>
      seedRequests(m, { approverId: head, requesters: members.slice(0, 4), count: 4, dates: [day2b] }),
    );
    const second = await decide(four.taskIds.map((taskId) => ({ taskId, action: 'approve' })));
    expect(second.map((r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'POLICY_LIMIT_REACHED',
    ]);
  });

  it('judges a bulk call over several chunks item by item, in order (chunks overlap on PostgreSQL)', async () => {
    const day3 = '2026-12-09';
    const four = await t.db.tx((m) =>
      seedRequests(m, { approverId: head, requesters: members.slice(0, 4), count: 4, dates: [day3] }),
    );
    const [t1, t2, t3, t4] = four.taskIds as [string, string, string, string];
    // 2,000 other items for the same 課長 between them: the last ones land in the second chunk
    const users = await demoUsers(t);
    const filler = await t.db.tx((m) =>
      seedRequests(m, {
        approverId: head,
        requesters: users.filter((u) => u.section.id === 'GENL-01' && u.grade !== 'kacho').map((u) => u.id),
        count: 2_000,
        dates: weekdays('2027-02-01', 20),
      }),
    );
    const order = [t1, t2, ...filler.taskIds, t3, t4, t1];
    const results = await decide(order.map((taskId) => ({ taskId, action: 'approve' })));
    const codes = results.map((r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code));
    expect(results.map((r: { taskId: string }) => r.taskId)).toEqual(order);
    expect(codes.slice(0, 2002).every((c: string) => c === 'ok')).toBe(true);
    expect(codes.slice(2002)).toEqual(['ok', 'POLICY_LIMIT_REACHED', 'ALREADY_DECIDED']);
    const approved = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM remote_work_requests WHERE id = ANY($1::uuid[]) AND status = 'approved'`,
      [[...four.requestIds, ...filler.requestIds]],
    );
    expect(approved[0]!.n).toBe(2_003);
  });

  it('引上げ that decides a request re-checks the limits: POLICY_LIMIT_REACHED, nothing written', async () => {
    const day5 = '2026-12-15';
    const users = await demoUsers(t);
    // a fixed-term member goes the long way (所属長 → 部長 → 供覧, without 職員課's consultation here),
    // so that the 部長 may take the decision up (引上げ) while the 所属長 has not decided
    const fixed = users.find((u) => u.section.id === 'EDUC-05' && u.employmentType === 'fixed_term')!;
    const bucho = users.find((u) => u.department.id === fixed.department.id && u.grade === 'bucho')!.id;
    await editRouting(t, (y) => y.replace(/ {6}- id: jinji[\s\S]*?escalateHours: 16\n/, ''));
    const id = await submitted(t, fixed.id, { date: day5 }); // nobody away yet: the counter floor passes
    const { verdict } = (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, fixed.id))
        .expect(200)
    ).body;
    expect(verdict.reasons.find((r: { ruleId: string }) => r.ruleId === 'counter-floor').outcome).toBe('pass');
    // meanwhile three colleagues are approved for that day: the counter needs everyone else
    await t.db.tx((m) =>
      seedRequests(m, {
        approverId: head,
        requesters: members.slice(0, 3),
        count: 3,
        dates: [day5],
        status: 'approved',
      }),
    );
    const res = await t.http
      .post(`/api/v1/routes/${id}/pull-forward`)
      .set(await as(t, bucho))
      .send({ comment: '急ぎ / urgent' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'POLICY_LIMIT_REACHED', message: { ja: expect.any(String) } });
    const [row] = await t.db.query<{ status: string; version: number }>(
      `SELECT r.status, w.version FROM remote_work_requests r JOIN workflow_instances w ON w.id = r.kessai_id
       WHERE r.id = $1`,
      [id],
    );
    expect(row).toMatchObject({ status: 'awaitingDecision', version: 1 }); // the route did not move
  });

  it('引上げ to a step that is not the last is checked too, as an approval in the inbox is', async () => {
    const day6 = '2026-12-16';
    const users = await demoUsers(t);
    const fixed = users.find((u) => u.section.id === 'EDUC-05' && u.employmentType === 'fixed_term')!;
    const bucho = users.find((u) => u.department.id === fixed.department.id && u.grade === 'bucho')!.id;
    // the special route without the consultation and with the 副市長 after the 部長
    await editRouting(t, (y) =>
      y
        .replace(/ {6}- id: jinji[\s\S]*?escalateHours: 16\n/, '')
        .replace(
          /( {6}- id: kyoran)/,
          '      - id: fukushicho\n        label: { ja: 副市長, en: deputy mayor }\n        kind: approve\n' +
            '        approver: deputy_mayor\n        reminderHours: 8\n        escalateHours: 16\n$1',
        ),
    );
    const id = await submitted(t, fixed.id, { date: day6 });
    await t.db.tx((m) =>
      seedRequests(m, {
        approverId: head,
        requesters: members.slice(0, 3),
        count: 3,
        dates: [day6],
        status: 'approved',
      }),
    );
    const res = await t.http
      .post(`/api/v1/routes/${id}/pull-forward`)
      .set(await as(t, bucho))
      .send({})
      .expect(409);
    expect(res.body).toMatchObject({ code: 'POLICY_LIMIT_REACHED' });
    const [row] = await t.db.query<{ version: number; steps: number }>(
      `SELECT w.version, jsonb_array_length(w.snapshot->'context'->'steps') AS steps
       FROM remote_work_requests r JOIN workflow_instances w ON w.id = r.kessai_id WHERE r.id = $1`,
      [id],
    );
    expect(row).toMatchObject({ version: 1, steps: 4 }); // the 副市長 step is there, and the route did not move
  });

  it('an approval waits while the policy is being changed, so that it judges under one version', async () => {
    const id = await submitted(t, members[0]!, { date: '2026-12-22' });
    const task = await taskOf(t, head, id);
    const approve = () => decide([{ taskId: task, action: 'approve' }]);
    const url = t.config.databaseUrl;
    if (!url) {
      // one transaction at a time: an admin's change and the approval cannot overlap; both go through
      const [results] = await Promise.all([
        approve(),
        editRouting(t, (yaml) => `${yaml}\n# an edit beside an approval\n`),
      ]);
      expect(results[0]).toMatchObject({ ok: true, requestStatus: 'approved' });
      return;
    }
    // a change of the policy files in progress (as an admin's save holds it) on another connection:
    // the approval waits for it, since the rules it would count by may be changing
    const { waited, result } = await heldBackBy(url, 'teleflow:policy', approve);
    expect(waited).toBe(true);
    expect(result[0]).toMatchObject({ ok: true, requestStatus: 'approved' });
  });

  it('leaves every event chain whole: entries 1…version, each linked to the one before', async () => {
    expect(await t.db.query('SELECT count(*)::int AS n FROM workflow_events')).not.toEqual([{ n: 0 }]);
    expect(await brokenChains(t.db)).toEqual([]);
  });
});
