import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { as, submitted, taskOf } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
}

/**
 * The OpenAPI document says what the inbox answers; real answers are checked against it,
 * so that the document cannot drift from the code.
 */
describe('OpenAPI document of the inbox', () => {
  let t: TestApp;
  let doc: OpenApi;
  let boss: string;
  let team: string[];
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members: team } = await teamOf(t, 2));
    doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApi;
  });
  afterAll(() => t.close());

  /** Checks a body against the documented schema of `method path` → `status`. */
  const conforms = (method: string, path: string, status: number, body: unknown) => {
    const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
    expect(schema).toBeDefined();
    const validate = ajv.compile({ ...schema, components: doc.components });
    const ok = validate(body);
    expect(ok ? [] : validate.errors).toEqual([]);
  };

  it('lists inbox items as documented', async () => {
    await submitted(t, team[0]!, { date: '2026-12-10' });
    await submitted(t, team[1]!, { date: '2026-12-11', part: 'am' });
    const page = (
      await t.http
        .get('/api/v1/inbox?limit=1')
        .set(await as(t, boss))
        .expect(200)
    ).body;
    expect(page.next).toEqual(expect.any(String));
    conforms('get', '/api/v1/inbox', 200, page);
  });

  it('answers decisions, refusals and whole-call errors as documented', async () => {
    const id = await submitted(t, team[0]!, { date: '2026-12-14' });
    const taskId = await taskOf(t, boss, id);
    const h = await as(t, boss);
    const res = await t.http
      .post('/api/v1/inbox/decisions')
      .set(h)
      .send({
        decisions: [
          { taskId, action: 'approve' },
          { taskId, action: 'approve' },
          { taskId: 'nope', action: 'reject', comment: 'x' },
          { taskId, action: 'return', comment: 'x', toStep: 0 },
        ],
      })
      .expect(200);
    expect(res.body.results.map((r: { ok: boolean; code?: string }) => r.code ?? 'ok')).toEqual([
      'ok',
      'ALREADY_DECIDED',
      'NOT_ASSIGNEE',
      'ALREADY_DECIDED',
    ]);
    conforms('post', '/api/v1/inbox/decisions', 200, res.body);
    const tooMany = await t.http
      .post('/api/v1/inbox/decisions')
      .set(h)
      .send({ decisions: Array.from({ length: 10_001 }, () => ({ taskId, action: 'approve' })) })
      .expect(422);
    conforms('post', '/api/v1/inbox/decisions', 422, tooMany.body);
    const bad = await t.http
      .post('/api/v1/inbox/decisions')
      .set(h)
      .send({ decisions: [{ taskId }] })
      .expect(400);
    conforms('post', '/api/v1/inbox/decisions', 400, bad.body);
    const matching = await t.http.post('/api/v1/inbox/approve-matching').set(h).send({ filter: {} }).expect(200);
    conforms('post', '/api/v1/inbox/approve-matching', 200, matching.body);
  });
});
