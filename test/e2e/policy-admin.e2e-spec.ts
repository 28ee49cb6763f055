import { approveThroughRoute, as, submitted } from '../factories/inbox.factory';
import { heldBackBy } from '../support/advisory-locks';
import { demoUsers } from '../factories/org.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

describe('policy versions and the admin API', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let telework: { content: string; hash: string; version: number };

  beforeAll(async () => {
    t = await startFreshApp();
    const users = await demoUsers(t);
    admin = users.find((u) => u.roles.includes('admin'))!.id;
    staff = users.find((u) => u.grade === 'staff' && u.employmentType === 'regular' && u.department.id === 'GENL')!.id;
    telework = (
      await t.http
        .get('/api/v1/policies/telework/versions')
        .set(await as(t, admin))
        .expect(200)
    ).body[0];
  });
  afterAll(() => t.close());

  it('lists the active version of each file, loaded from policies/ at start by "file"', async () => {
    const res = await t.http
      .get('/api/v1/policies')
      .set(await as(t, admin))
      .expect(200);
    expect(res.body.map((p: { name: string }) => p.name).sort()).toEqual(['calendar', 'routing', 'telework']);
    for (const p of res.body)
      expect(p).toMatchObject({
        version: 1,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        activatedBy: 'file',
        activatedByPerson: null,
        activatedAt: expect.any(String),
        comment: `loaded from ${p.name}.yaml`, // by its name, not the server's path
      });
  });

  it('is for admins only', async () => {
    const res = await t.http
      .get('/api/v1/policies')
      .set(await as(t, staff))
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('validates content and names file, line, column and path of each error', async () => {
    const bad = telework.content.replace('maxDays: 2', 'maxDays: two');
    const res = await t.http
      .post('/api/v1/policies/validate')
      .set(await as(t, admin))
      .send({ name: 'telework', content: bad })
      .expect(200);
    expect(res.body.valid).toBe(false);
    const line = bad.split('\n').findIndex((l) => l.includes('maxDays: two')) + 1;
    expect(res.body.errors[0]).toMatchObject({
      file: 'telework.yaml',
      line,
      column: expect.any(Number),
      path: expect.stringContaining('maxDays'),
    });
    const ok = await t.http
      .post('/api/v1/policies/validate')
      .set(await as(t, admin))
      .send({ name: 'telework', content: telework.content })
      .expect(200);
    expect(ok.body).toEqual({ valid: true, errors: [] });
  });

  it('refuses an invalid new version with 422 and keeps the active one', async () => {
    const res = await t.http
      .put('/api/v1/policies/telework')
      .set(await as(t, admin))
      .send({ content: telework.content + '\nunknownKey: 1\n' })
      .expect(422);
    expect(res.body.code).toBe('POLICY_INVALID');
    expect(res.body.details[0]).toMatchObject({ file: 'telework.yaml', line: expect.any(Number), path: 'unknownKey' });
    const versions = (
      await t.http
        .get('/api/v1/policies/telework/versions')
        .set(await as(t, admin))
        .expect(200)
    ).body;
    expect(versions).toHaveLength(1);
  });

  it('activates a valid version, newest first, with author and comment', async () => {
    const content = telework.content.replace('maxDays: 2', 'maxDays: 3');
    const res = await t.http
      .put('/api/v1/policies/telework')
      .set(await as(t, admin))
      .send({ content, comment: '週3日まで' })
      .expect(200);
    expect(res.body).toMatchObject({
      name: 'telework',
      version: 2,
      activatedBy: admin,
      activatedByPerson: { id: admin, name: expect.any(String), nameRomaji: expect.any(String) },
      comment: '週3日まで',
      changed: true,
    });
    const versions = (
      await t.http
        .get('/api/v1/policies/telework/versions')
        .set(await as(t, admin))
        .expect(200)
    ).body;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // who activated each, by name (the pages show it); loaded at start: no one
    expect(versions.map((v: { activatedByPerson: { id: string } | null }) => v.activatedByPerson?.id ?? null)).toEqual([
      admin,
      null,
    ]);
    expect(versions[0].content).toBe(content);
  });

  it('simulates a draft over stored requests and reports what would change', async () => {
    const ids: string[] = [];
    for (const d of ['2026-12-07', '2026-12-08']) ids.push(await submitted(t, staff, { date: d }));
    // the draft stops whole-day telework
    const draft = telework.content.replace('allowed: [full, am, pm, hours]', 'allowed: [am, pm, hours]');
    const res = await t.http
      .post('/api/v1/policies/simulate')
      .set(await as(t, admin))
      .send({ name: 'telework', content: draft, from: '2026-12-01', to: '2026-12-31' })
      .expect(200);
    expect(res.body.totals.requests).toBeGreaterThanOrEqual(2);
    expect(res.body.transitions).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: 'allow', to: 'deny' })]),
    );
    const changed = res.body.changed.filter((c: { requestId: string }) => ids.includes(c.requestId));
    expect(changed).toHaveLength(2);
    expect(changed[0].newReasons.map((r: { ruleId: string }) => r.ruleId)).toContain('units');
  });

  it('reports a stored request whose facts cannot be built as a failure, and simulates the others', async () => {
    const users = await demoUsers(t);
    const leaver = users.find(
      (u) => u.grade === 'staff' && u.employmentType === 'regular' && u.department.id === 'GENL' && u.id !== staff,
    )!.id;
    const gone = await submitted(t, leaver, { date: '2026-12-09' });
    const kept = await submitted(t, staff, { date: '2026-12-10' });
    // the requester has left since: the organisation the facts are built from no longer has them
    await t.db.query(`UPDATE staff SET active = false WHERE id = $1`, [leaver]);
    try {
      const res = await t.http
        .post('/api/v1/policies/simulate')
        .set(await as(t, admin))
        .send({ name: 'telework', content: telework.content, from: '2026-12-01', to: '2026-12-31' })
        .expect(200);
      expect(res.body.failures).toEqual([{ requestId: gone, message: `unknown requester ${leaver}` }]);
      expect(res.body.totals.failed).toBe(1);
      expect(res.body.totals.requests).toBeGreaterThanOrEqual(2);
      expect(res.body.totals.old.allow + res.body.totals.old.needs_exception + res.body.totals.old.deny).toBe(
        res.body.totals.requests - 1,
      );
      expect(res.body.failures.map((f: { requestId: string }) => f.requestId)).not.toContain(kept);
    } finally {
      await t.db.query(`UPDATE staff SET active = true WHERE id = $1`, [leaver]);
    }
  });

  it('refuses to simulate an invalid draft', async () => {
    const res = await t.http
      .post('/api/v1/policies/simulate')
      .set(await as(t, admin))
      .send({ name: 'telework', content: 'rules: [', from: '2026-12-01', to: '2026-12-31' })
      .expect(422);
    expect(res.body.code).toBe('POLICY_INVALID');
  });

  it('of concurrent edits of one version, activates one and refuses the others with 409 VERSION_CONFLICT', async () => {
    const h = await as(t, admin);
    const active = (await t.http.get('/api/v1/policies/calendar/versions').set(h).expect(200)).body[0] as {
      version: number;
      content: string;
    };
    const edits = [1, 2, 3, 4, 5].map((i) => `${active.content}\n# edit ${i}\n`);
    const res = await Promise.all(
      edits.map((content, i) =>
        // the version edited, in the body or as If-Match
        i % 2
          ? t.http.put('/api/v1/policies/calendar').set(h).send({ content, expectedVersion: active.version })
          : t.http.put('/api/v1/policies/calendar').set(h).set('if-match', `"${active.version}"`).send({ content }),
      ),
    );
    expect(res.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const lost = res.filter((r) => r.status === 409);
    for (const r of lost) {
      expect(r.body).toMatchObject({
        code: 'VERSION_CONFLICT',
        details: { expected: active.version, actual: active.version + 1 },
      });
    }
    const versions = (await t.http.get('/api/v1/policies/calendar/versions').set(h).expect(200)).body as {
      version: number;
      content: string;
    }[];
    expect(versions.map((v) => v.version)).toEqual([active.version + 1, active.version]);
    const winner = res.findIndex((r) => r.status === 200);
    expect(versions[0]!.content).toBe(edits[winner]);
    // the winner's retry (its answer lost, say) names the version it edited: the same content is no conflict
    const retry = await t.http
      .put('/api/v1/policies/calendar')
      .set(h)
      .send({ content: edits[winner], expectedVersion: active.version })
      .expect(200);
    expect(retry.body).toMatchObject({ version: active.version + 1, changed: false });
    // an edit of an older version whose text came out as the active one's is still an edit of an old version:
    // another edit, then the winner's text back, and the winner's edit of the first version sent again
    const put = (content: string, expectedVersion: number) =>
      t.http.put('/api/v1/policies/calendar').set(h).send({ content, expectedVersion });
    await put(`${edits[winner]}# another edit\n`, active.version + 1).expect(200);
    await put(edits[winner]!, active.version + 2).expect(200);
    const stale = await put(edits[winner]!, active.version).expect(409);
    expect(stale.body).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { expected: active.version, actual: active.version + 3 },
    });
    // the two ways of naming the version must agree; a malformed If-Match is refused even beside a body's version
    const both = await t.http
      .put('/api/v1/policies/calendar')
      .set(h)
      .set('if-match', `"${active.version}"`)
      .send({ content: edits[0], expectedVersion: active.version + 1 })
      .expect(400);
    expect(both.body.details[0]).toMatchObject({ field: 'If-Match' });
    await t.http
      .put('/api/v1/policies/calendar')
      .set(h)
      .set('if-match', 'yesterday')
      .send({ content: edits[0], expectedVersion: active.version + 1 })
      .expect(400);
  });

  /** Saving this routing.yaml from `version` is refused (422 POLICY_INVALID), and `version` stays active. */
  const refusedRouting = async (h: Record<string, string>, content: string, version: number) => {
    const put = await t.http.put('/api/v1/policies/routing').set(h).send({ content, expectedVersion: version });
    expect([put.status, put.body.code]).toEqual([422, 'POLICY_INVALID']);
    const [still] = (await t.http.get('/api/v1/policies/routing/versions').set(h).expect(200)).body;
    expect(still.version).toBe(version);
  };

  it('refuses a routing.yaml that drops a class of matter deputy delegations in effect still name', async () => {
    const h = await as(t, admin);
    const [approver, deputy] = (
      await t.db.query<{ id: string }>(
        `SELECT id FROM staff WHERE grade = 'kacho' AND active AND 'supervisor' = ANY(roles) ORDER BY id DESC LIMIT 2`,
      )
    ).map((r) => r.id) as [string, string];
    const [routing] = (await t.http.get('/api/v1/policies/routing/versions').set(h).expect(200)).body as {
      content: string;
      version: number;
    }[];
    // the class "exception" renamed "special": a file valid in itself
    const renamed = routing!.content
      .replace(/^ {2}exception:$/m, '  special:')
      .replace(/^ {4}class: exception$/m, '    class: special');
    expect(renamed).not.toBe(routing!.content);
    const check = async () =>
      (await t.http.post('/api/v1/policies/validate').set(h).send({ name: 'routing', content: renamed }).expect(200))
        .body as { valid: boolean; errors: { path: string; line: number; message: string }[] };
    expect(await check()).toEqual({ valid: true, errors: [] });

    // a deputy named for that class only: the rename would leave them nothing to stand in for
    const named = (
      await t.http
        .post('/api/v1/delegations')
        .set(h)
        .send({ approverId: approver, deputyId: deputy, classes: ['exception'] })
        .expect(201)
    ).body as { id: string };
    const refused = await check();
    expect(refused.valid).toBe(false);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        path: 'classes',
        line: renamed.split('\n').indexOf('classes:') + 1,
        column: 1,
        message: `class "exception" is named by deputy delegations in effect of ${approver}: keep the class, or remove those delegations first`,
        messageJa: `区分 "exception" は決裁者 ${approver} の有効な代決者の指名が使っています。区分を残すか、先にその指名を削除してください。`,
      }),
    ]);
    await refusedRouting(h, renamed, routing!.version);

    // once that delegation is gone, or over, the class may go: one that ended yesterday names nothing in effect
    await t.http.delete(`/api/v1/delegations/${named.id}`).set(h).expect(204);
    await t.db.query(
      `INSERT INTO delegations (id, approver_id, deputy_id, rank, date_from, date_to, classes, created_by, created_at)
       VALUES (gen_random_uuid(), $1, $2, 1, '2026-11-01', '2026-11-25', '{exception}', $3, now())`,
      [approver, deputy, admin],
    );
    await t.http
      .put('/api/v1/policies/routing')
      .set(h)
      .send({ content: renamed, expectedVersion: routing!.version })
      .expect(200);
    // (the routing as it was, for the tests after this one)
    await t.http
      .put('/api/v1/policies/routing')
      .set(h)
      .send({ content: routing!.content, expectedVersion: routing!.version + 1 })
      .expect(200);
  });

  it('refuses a routing.yaml that renames a route approval routes in progress follow', async () => {
    const h = await as(t, admin);
    const [staff] = (
      await t.db.query<{ id: string }>(
        `SELECT id FROM staff WHERE employment_type = 'regular' AND NOT 'supervisor' = ANY(roles)
           AND supervisor_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
      )
    ).map((r) => r.id);
    const pending = await submitted(t, staff!, { date: '2026-12-11' }); // an allow: the standard route
    const [{ n }] = (await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM workflow_instances WHERE machine = 'kessai-queue'
         AND snapshot->'context'->>'routeId' = 'standard' AND state = 'inProgress'`,
    )) as [{ n: number }];
    expect(Number(n)).toBeGreaterThan(0);
    const [routing] = (await t.http.get('/api/v1/policies/routing/versions').set(h).expect(200)).body as {
      content: string;
      version: number;
    }[];
    const renamed = routing!.content.replace(/^ {2}- id: standard$/m, '  - id: standard-v2');
    expect(renamed).not.toBe(routing!.content);
    const check = (
      await t.http.post('/api/v1/policies/validate').set(h).send({ name: 'routing', content: renamed }).expect(200)
    ).body as { valid: boolean; errors: { path: string; line: number; message: string; messageJa: string }[] };
    expect(check).toEqual({
      valid: false,
      errors: [
        expect.objectContaining({
          path: 'routes',
          line: renamed.split('\n').indexOf('routes:') + 1,
          message: expect.stringContaining(`route "standard" is followed by ${n} approval route(s) in progress`),
          messageJa: expect.stringContaining(`ルート "standard" は進行中の決裁 ${n} 件が使っています`),
        }),
      ],
    });
    await refusedRouting(h, renamed, routing!.version);
    // what the rename would have broken still works: its request can be decided and its approver's box moved
    const [task] = await t.db.query<{ assignee_id: string }>(
      `SELECT assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'pending'`,
      [pending],
    );
    await t.http
      .post(`/api/v1/backlog/${task!.assignee_id}/reroute`)
      .set(h)
      .send({ reason: 'check', dryRun: true })
      .expect(200);
  });

  it('names a deputy for a class only under the routing in force: a change of the policy files waits for it', async () => {
    const h = await as(t, admin);
    const [approver, deputy] = (
      await t.db.query<{ id: string }>(
        `SELECT id FROM staff WHERE grade = 'kacho' AND active AND 'supervisor' = ANY(roles) ORDER BY id DESC LIMIT 2 OFFSET 2`,
      )
    ).map((r) => r.id) as [string, string];
    const name = () =>
      t.http
        .post('/api/v1/delegations')
        .set(h)
        .send({ approverId: approver, deputyId: deputy, classes: ['exception'] });
    const url = t.config.databaseUrl;
    if (!url) {
      // one transaction at a time on the embedded database: nothing can come between the check and the write
      const res = await name();
      expect(res.status).toBe(201);
      await t.http.delete(`/api/v1/delegations/${res.body.id}`).set(h).expect(204);
      return;
    }
    // a change of the policy files in progress (as an admin's activation holds it) on another connection:
    // naming the deputy waits for it, since the classes it checks against may be changing
    const { waited, result } = await heldBackBy(url, 'teleflow:policy', name);
    expect([waited, result.status]).toEqual([true, 201]);
    await t.http.delete(`/api/v1/delegations/${result.body.id}`).set(h).expect(204);
  });

  it('has each approval cite the policy version its limits were checked under, as the verdict cites its own', async () => {
    const h = await as(t, admin);
    // the active set's version, as verdicts cite it (the outlook cites it too)
    const activeVersion = async () =>
      (await t.http.get('/api/v1/attendance').set(h).expect(200)).body.policyVersion as string;
    const early = await submitted(t, staff, { date: '2026-12-21' });
    const filedUnder = (
      await t.http
        .get(`/api/v1/requests/${early}`)
        .set(await as(t, staff))
        .expect(200)
    ).body.verdict.policyVersion as string;
    expect(filedUnder).toBe(await activeVersion());
    // the policy changes between filing and approval
    const current = (await t.http.get('/api/v1/policies/telework/versions').set(h).expect(200)).body[0];
    await t.http
      .put('/api/v1/policies/telework')
      .set(h)
      .send({
        content: `${current.content}\n# 承認時の版 / the version approved under\n`,
        expectedVersion: current.version,
      })
      .expect(200);
    const approvedUnder = await activeVersion();
    expect(approvedUnder).not.toBe(filedUnder);
    expect(await approveThroughRoute(t, early)).toBe('approved');
    const view = (
      await t.http
        .get(`/api/v1/requests/${early}`)
        .set(await as(t, staff))
        .expect(200)
    ).body;
    // filed under the old version, approved under the new one: each record says which
    const approvals = (view.route.events as { event: string; details?: { policyVersion?: string } }[]).filter(
      (e) => e.event === 'step.approve',
    );
    expect(approvals.length).toBeGreaterThan(0);
    expect(approvals.map((e) => e.details?.policyVersion)).toEqual(approvals.map(() => approvedUnder));
    expect(view.verdict.policyVersion).toBe(filedUnder);
  });
});
