import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { as, inboxOf } from '../factories/inbox.factory';
import type { SeededUser } from '../factories/org.factory';
import { demoUsers } from '../factories/org.factory';
import { requestBody } from '../factories/request.factory';
import { dbFingerprint } from '../support/db-fingerprint';
import { startFreshApp, type TestApp } from '../support/test-app';

const myNumberTask = {
  description: '住民票の異動処理 / resident record updates',
  networkTier: 'mynumber',
  confidentiality: 3,
};

describe('policy at submission: allow, needs_exception, deny — with reasons', () => {
  let t: TestApp;
  let users: SeededUser[];
  let regular: string;
  let fixedTerm: SeededUser;

  beforeAll(async () => {
    t = await startFreshApp();
    users = await demoUsers(t);
    regular = users.find(
      (u) => u.grade === 'staff' && u.employmentType === 'regular' && u.department.id === 'PLAN',
    )!.id;
    fixedTerm = users.find((u) => u.employmentType === 'fixed_term' && u.department.id === 'PLAN')!;
  });
  afterAll(() => t.close());

  /** The label of the shipped policy (telework.yaml `version:`). */
  const shippedLabel = /^version: "([^"]+)"$/m.exec(
    readFileSync(join(__dirname, '../../policies/telework.yaml'), 'utf8'),
  )![1];

  it('previews a request rule by rule without saving anything', async () => {
    const before = await dbFingerprint(t.db);
    const res = await t.http
      .post('/api/v1/requests/preview')
      .set(await as(t, regular))
      .send(requestBody())
      .expect(200);
    expect(res.body.outcome).toBe('allow');
    expect(res.body.policyVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.policyLabel).toBe(shippedLabel); // (telework.yaml `version:`, for people to read)
    const rule = res.body.reasons.find((r: { ruleId: string }) => r.ruleId === 'my-number-office-only');
    expect(rule).toMatchObject({
      outcome: 'pass',
      message: { ja: expect.any(String), en: expect.any(String) },
      source: { file: 'telework.yaml', line: expect.any(Number) },
    });
    expect(await dbFingerprint(t.db)).toEqual(before);
  });

  it('allows and stores the verdict with the policy version', async () => {
    const h = await as(t, regular);
    const id = (await t.http.post('/api/v1/requests').set(h).send(requestBody()).expect(201)).body.id;
    const res = await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200);
    expect(res.body.status).toBe('awaitingDecision');
    expect(res.body.verdict).toMatchObject({
      outcome: 'allow',
      policyVersion: expect.stringMatching(/^[0-9a-f]{64}$/),
      policyLabel: shippedLabel,
    });
    // kept with the request: read again, it cites the same
    const read = await t.http.get(`/api/v1/requests/${id}`).set(h).expect(200);
    expect(read.body.verdict).toMatchObject({
      policyVersion: res.body.verdict.policyVersion,
      policyLabel: shippedLabel,
    });
    expect(res.body.verdict.reasons.length).toBeGreaterThan(10);
  });

  it('refuses My Number work from home with 422 POLICY_DENIED; the request stays a draft and nothing is written', async () => {
    const h = await as(t, regular);
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(requestBody({ date: '2026-12-04', tasks: [myNumberTask] })) // (their 12-03 is submitted above)
        .expect(201)
    ).body.id;
    const before = await dbFingerprint(t.db);
    const res = await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(422);
    expect(res.body.code).toBe('POLICY_DENIED');
    const denied = res.body.details.verdict.reasons.filter((r: { outcome: string }) => r.outcome === 'deny');
    expect(denied.map((r: { ruleId: string }) => r.ruleId)).toContain('my-number-office-only');
    expect(denied[0].message.ja).toContain('庁舎');
    expect(await dbFingerprint(t.db)).toEqual(before);
    expect((await t.http.get(`/api/v1/requests/${id}`).set(h).expect(200)).body.status).toBe('draft');
  });

  it('submits a fixed-term employee’s request as needs_exception and flags it in the inbox', async () => {
    const h = await as(t, fixedTerm.id);
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(requestBody({ date: '2026-12-04' }))
        .expect(201)
    ).body.id;
    const res = await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200);
    expect(res.body.verdict.outcome).toBe('needs_exception');
    const item = (await inboxOf(t, fixedTerm.supervisorId!)).find((i) => i.requestId === id)!;
    expect(item).toMatchObject({ outcome: 'needs_exception', flags: expect.arrayContaining(['fixed-term-exception']) });
    // each flag with what its rule said at submission, in both languages, so the supervisor reads why
    const said = res.body.verdict.reasons.find((r: { ruleId: string }) => r.ruleId === 'fixed-term-exception');
    expect(item.flagged).toContainEqual({
      ruleId: 'fixed-term-exception',
      outcome: 'needs_exception',
      message: said.message,
    });
    const flagged = item.flagged as { ruleId: string }[];
    expect(flagged.map((f) => f.ruleId).sort()).toEqual([...(item.flags as string[])].sort());
    expect(said.message.ja.length).toBeGreaterThan(0);
  });

  it('refuses a range of only closed days with 422 NO_WORKING_DAY', async () => {
    const h = await as(t, regular);
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(requestBody({ date: undefined, from: '2026-12-29', to: '2027-01-03' }))
        .expect(201)
    ).body.id;
    const res = await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(422);
    expect(res.body.code).toBe('NO_WORKING_DAY');
  });

  it('keeps the verdict and version of a submitted request when the policy changes', async () => {
    const h = await as(t, regular);
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(h)
        .send(requestBody({ date: '2026-12-09' }))
        .expect(201)
    ).body.id;
    const before = (await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200)).body.verdict;
    const admin = users.find((u) => u.roles.includes('admin'))!.id;
    const current = (
      await t.http
        .get('/api/v1/policies/telework/versions')
        .set(await as(t, admin))
        .expect(200)
    ).body[0];
    await t.http
      .put('/api/v1/policies/telework')
      .set(await as(t, admin))
      .send({ content: current.content.replace('maxDays: 2', 'maxDays: 1'), comment: 'tighten the weekly cap' })
      .expect(200);
    const after = (await t.http.get(`/api/v1/requests/${id}`).set(h).expect(200)).body.verdict;
    expect(after).toEqual(before);
  });
});
