import { approveThroughRoute, as, submitted, taskOf } from '../factories/inbox.factory';
import type { SeededUser } from '../factories/org.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

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
    const users: SeededUser[] = (await t.http.get('/api/v1/auth/demo-users').expect(200)).body;
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
    });
    const statuses = await t.db.query<{ status: string }>(
      `SELECT status FROM remote_work_requests WHERE id = ANY($1::uuid[]) ORDER BY status`,
      [[ra, rb]],
    );
    expect(statuses.map((s) => s.status)).toEqual(['approved', 'awaitingDecision']);
  });

  it('refuses the second of two approvals for the last slot within one bulk call', async () => {
    const day2 = '2026-12-03';
    const [a, b, c, x] = members as [string, string, string, string];
    const ids: string[] = [];
    for (const s of [a, b, c]) ids.push(await submitted(t, s, { date: day2 }));
    const rx = await submitted(t, x, { date: day2 });
    const tasks = await Promise.all([rx, ...ids].map((id) => taskOf(t, head, id)));
    const results = await decide(tasks.map((taskId) => ({ taskId, action: 'approve' })));
    expect(results.map((r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'POLICY_LIMIT_REACHED',
    ]);
  });
});
