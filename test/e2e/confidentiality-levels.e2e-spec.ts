import { readFileSync } from 'node:fs';
import { as } from '../factories/inbox.factory';
import { demoUsers, teamOf } from '../factories/org.factory';
import { requestBody } from '../factories/request.factory';
import { expectBilingual } from '../support/bilingual';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * "Confidentiality levels (機密性 3/2/1; newer guidance splits 3 into 3A/3B/3C) … The list of levels
 * is configurable." A task names a level of the policy in force; the form lists them.
 */
describe('confidentiality levels of the policy in force', () => {
  let t: TestApp;
  let member: string;
  let admin: string;
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];

  beforeAll(async () => {
    t = await startFreshApp();
    member = (await teamOf(t, 1, 2)).members[0]!;
    admin = (await demoUsers(t)).find((u) => u.roles.includes('admin'))!.id;
    ({ conforms } = await openApiOf(t));
  });
  afterAll(() => t.close());

  const levels = async () => {
    const res = await t.http
      .get('/api/v1/confidentiality-levels')
      .set(await as(t, member))
      .expect(200);
    conforms('get', '/api/v1/confidentiality-levels', 200, res.body);
    return (res.body as { level: string }[]).map((l) => l.level);
  };
  const create = async (confidentiality: unknown) =>
    t.http
      .post('/api/v1/requests')
      .set(await as(t, member))
      .send(requestBody({ tasks: [{ description: '文書整理 / filing', networkTier: 'internet', confidentiality }] }));

  it('takes the shipped levels 1–3 and refuses another, naming those it takes', async () => {
    expect(await levels()).toEqual(['1', '2', '3']);
    expect((await create(2)).status).toBe(201);
    for (const level of [4, '3A']) {
      const res = await create(level);
      expect([res.status, res.body.details[0].field]).toEqual([400, 'tasks.0.confidentiality']);
      expect(res.body.details[0].messages[0].en).toBe(
        "The confidentiality level must be one of the policy's levels: 1, 2, 3.",
      );
      expectBilingual(res.body.details[0].messages[0]);
    }
    const malformed = await create({ level: 2 });
    expect([malformed.status, malformed.body.details[0].field]).toEqual([400, 'tasks.0.confidentiality']);
  });

  it('follows an admin who splits level 3 into 3A/3B/3C: the new levels are taken and judged by the rule', async () => {
    const file = readFileSync('policies/telework.yaml', 'utf8');
    expect(file).toContain('confidentialityLevels: [1, 2, 3]');
    await t.http
      .put('/api/v1/policies/telework')
      .set(await as(t, admin))
      .send({ content: file.replace('confidentialityLevels: [1, 2, 3]', 'confidentialityLevels: [1, 2, 3A, 3B, 3C]') })
      .expect(200);
    expect(await levels()).toEqual(['1', '2', '3A', '3B', '3C']);
    expect((await create(3)).status).toBe(400); // no longer a level
    const split = await create('3B');
    expect([split.status, split.body.tasks[0].confidentiality]).toEqual([201, '3B']);
    conforms('post', '/api/v1/requests', 201, split.body);
    // above the home limit of 2: the confidentiality rule refuses it on submission
    const refused = await t.http
      .post(`/api/v1/requests/${split.body.id}/submit`)
      .set(await as(t, member))
      .send({});
    expect(refused.body.code).toBe('POLICY_DENIED');
    const rule = refused.body.details.verdict.reasons.find(
      (r: { ruleId: string }) => r.ruleId === 'confidentiality-by-location',
    );
    expect([rule.outcome, rule.facts.level]).toEqual(['deny', '3B']);
  });
});
