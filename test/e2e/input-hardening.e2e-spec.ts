import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { as, decide, submitted, taskOf } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { requestBody } from '../factories/request.factory';
import { expectBilingual } from '../support/bilingual';
import { dbFingerprint } from '../support/db-fingerprint';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * Input that used to reach the database or the code unchecked and answered 500: text the
 * database cannot store, bodies body-parser cannot read, out-of-range dates and cursors,
 * arrays where objects belong, recursive YAML. Each is a 4xx now and writes nothing.
 */
describe('input the API refuses cleanly', () => {
  let t: TestApp;
  let boss: string;
  let member: string;
  let admin: string;

  beforeAll(async () => {
    t = await startFreshApp();
    ({
      supervisor: boss,
      members: [member = ''],
    } = await teamOf(t, 1));
    const users: { id: string; roles: string[] }[] = (await t.http.get('/api/v1/auth/demo-users').expect(200)).body;
    admin = users.find((u) => u.roles.includes('admin'))!.id;
  });
  afterAll(() => t.close());

  const problemsOf = (body: { code: string; details?: { field: string; problems: string[] }[] }) => ({
    code: body.code,
    fields: (body.details ?? []).map((d) => d.field),
  });

  it('refuses a body that is a list, not an object, in both languages, and writes nothing', async () => {
    const before = await dbFingerprint(t.db);
    for (const [who, path, body] of [
      [member, '/api/v1/requests', []],
      [member, '/api/v1/requests', [1, 2]],
      [member, '/api/v1/requests/preview', [{ date: '2026-12-03' }]],
      [admin, '/api/v1/policies/validate', []],
    ] as const) {
      const res = await t.http
        .post(path)
        .set(await as(t, who))
        .send(body as unknown as object)
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: '(body)', problems: ['the body must be a JSON object'] }],
      });
      expectBilingual(res.body.details[0].messages[0]);
    }
    expect(await dbFingerprint(t.db)).toEqual(before);
  });

  it('answers a bare JSON value (1, "x", true, null) as it answers a list: the body must be an object', async () => {
    const before = await dbFingerprint(t.db);
    for (const raw of ['1', '"x"', 'true', 'null', ' 2 ']) {
      for (const path of ['/api/v1/requests', '/api/v1/inbox/decisions']) {
        const res = await t.http
          .post(path)
          .set(await as(t, member))
          .set('Content-Type', 'application/json')
          .send(raw)
          .expect(400);
        expect(res.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field: '(body)', problems: ['the body must be a JSON object'] }],
        });
        expectBilingual(res.body.details[0].messages[0]);
      }
    }
    // what is no JSON at all stays MALFORMED_JSON
    for (const raw of ['{', 'nul', '1 2']) {
      const res = await t.http
        .post('/api/v1/requests')
        .set(await as(t, member))
        .set('Content-Type', 'application/json')
        .send(raw)
        .expect(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    }
    expect(await dbFingerprint(t.db)).toEqual(before);
  });

  it('refuses query parameters an endpoint does not read, naming each, as one with a query DTO does', async () => {
    const h = await as(t, member);
    for (const [path, fields] of [
      ['/api/v1/inbox/summary?department=NOPE&kind=bogus', ['department', 'kind']],
      ['/api/v1/satellite-offices?x=1', ['x']],
      ['/api/v1/me?verbose=true', ['verbose']],
      ['/api/v1/inbox?foo=1', ['foo']], // (the DTO's own refusal, for comparison)
    ] as const) {
      const res = await t.http.get(path).set(h).expect(400);
      expect(problemsOf(res.body)).toEqual({ code: 'VALIDATION_FAILED', fields: [...fields] });
      expect(res.body.details[0].problems).toEqual([`property ${fields[0]} should not exist`]);
      expectBilingual(res.body.details[0].messages[0]);
    }
    // what they read, they still answer
    await t.http.get('/api/v1/inbox/summary').set(h).expect(200);
    await t.http.get('/api/v1/inbox?sort=oldest').set(h).expect(200);
    // and a state change with an unread query parameter changes nothing
    const before = await dbFingerprint(t.db);
    await t.http.post('/api/v1/requests?dryRun=true').set(h).send(requestBody()).expect(400);
    expect(await dbFingerprint(t.db)).toEqual(before);
  });

  it('refuses NUL characters and unpaired surrogates in bodies, queries and paths, naming the field', async () => {
    const h = await as(t, member);
    const before = await dbFingerprint(t.db);
    const create = (over: Record<string, unknown>) =>
      t.http.post('/api/v1/requests').set(h).send(requestBody(over)).expect(400);
    expect(problemsOf((await create({ reason: 'a\u0000b' })).body)).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['reason'],
    });
    const task = { description: 'x\ud800', networkTier: 'internet', confidentiality: 1 };
    expect(problemsOf((await create({ tasks: [task] })).body)).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['tasks.0.description'],
    });
    // a well-formed pair (an emoji) is fine
    await t.http
      .post('/api/v1/requests/preview')
      .set(h)
      .send(requestBody({ reason: 'ok \ud83d\ude00' }))
      .expect(200);
    const inbox = await t.http
      .get('/api/v1/inbox?department=%00')
      .set(await as(t, boss))
      .expect(400);
    expect(problemsOf(inbox.body)).toEqual({ code: 'VALIDATION_FAILED', fields: ['department'] });
    const path = await t.http
      .get('/api/v1/backlog/%00')
      .set(await as(t, admin))
      .expect(400);
    expect(problemsOf(path.body)).toEqual({ code: 'VALIDATION_FAILED', fields: ['approverId'] });
    const login = await t.http.post('/api/v1/auth/demo-login').send({ staffId: '\u0000' }).expect(400);
    expect(login.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: { ja: expect.any(String), en: expect.any(String) },
    });
    expect(await dbFingerprint(t.db)).toEqual(before);
  });

  it('refuses a body nested deeper than it reads, rather than letting its depths through unchecked', async () => {
    const h = await as(t, member);
    const before = await dbFingerprint(t.db);
    let deep: unknown = 'a\u0000b'; // what lies at the bottom would never be looked at
    for (let i = 0; i < 70; i++) deep = [deep];
    const res = await t.http
      .post('/api/v1/requests')
      .set(h)
      .send(requestBody({ reason: deep }))
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details[0].problems).toEqual(['must not be nested more than 64 levels deep']);
    expect(await dbFingerprint(t.db)).toEqual(before);
  });

  it('leaves a task pending when its decision carries text the database cannot store', async () => {
    const id = await submitted(t, member);
    const taskId = await taskOf(t, boss, id);
    const res = await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, boss))
      .send({ decisions: [{ taskId, action: 'return', comment: 'fix\u0000' }] })
      .expect(400);
    expect(problemsOf(res.body)).toEqual({ code: 'VALIDATION_FAILED', fields: ['decisions.0.comment'] });
    expect(await decide(t, boss, [{ taskId, action: 'approve' }])).toEqual([
      { taskId, ok: true, status: 'approved', requestStatus: 'approved' },
    ]);
  });

  it('answers bodies it cannot read with 415 or 400, not 500', async () => {
    const h = await as(t, member);
    const post = (headers: Record<string, string>, body: string | Buffer) =>
      t.http.post('/api/v1/requests').set(h).set(headers).send(body);
    const latin1 = await post({ 'content-type': 'application/json; charset=latin1' }, '{}');
    expect([latin1.status, latin1.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const br2 = await post({ 'content-type': 'application/json', 'content-encoding': 'br2' }, '{}');
    expect([br2.status, br2.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const notGzip = await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip');
    expect([notGzip.status, notGzip.body.code]).toEqual([400, 'MALFORMED_JSON']);
  });

  it('refuses a body that is not JSON (415) rather than act as if it were empty, and changes nothing', async () => {
    const h = await as(t, member);
    const created = await t.http
      .post('/api/v1/requests')
      .set(h)
      .send(requestBody({ date: '2026-12-21' }))
      .expect(201);
    const path = `/api/v1/requests/${created.body.id}`;
    for (const [type, body] of [
      ['text/plain', '{"expectedVersion":9}'],
      ['application/x-www-form-urlencoded', 'expectedVersion=9'],
      ['application/merge-patch+json', '{"expectedVersion":9}'],
    ]) {
      const res = await t.http.post(`${path}/submit`).set(h).set('content-type', type!).send(body);
      expect([res.status, res.body.code, res.body.details]).toEqual([
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        { contentType: type },
      ]);
      expectBilingual(res.body.message);
    }
    const edit = await t.http
      .patch(path)
      .set(h)
      .set({ 'content-type': 'text/plain', 'if-match': '"1"' })
      .send('{"part":"am"}');
    expect(edit.status).toBe(415);
    expect((await t.http.get(path).set(h).expect(200)).body).toMatchObject({
      status: 'draft',
      part: 'full',
      version: 1,
    });
    const read = await t.http.post('/api/v1/notifications/read').set(h).set('content-type', 'text/plain').send('{}');
    expect(read.status).toBe(415);
    // no body at all needs no type: the submit goes through
    await t.http.post(`${path}/submit`).set(h).expect(200);
  });

  it('names the path when a path value is percent-encoded bytes that are no UTF-8', async () => {
    const h = await as(t, member);
    for (const path of ['/api/v1/requests/%FF', '/api/v1/requests/%ED%A0%80', '/api/v1/backlog/%C0']) {
      const res = await t.http.get(path).set(h).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'path' }] });
      expectBilingual(res.body.details[0].messages[0]);
    }
  });

  it('refuses arrays where decision items and tasks belong', async () => {
    const decisions = await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, boss))
      .send({ decisions: [[]] })
      .expect(400);
    expect(problemsOf(decisions.body)).toEqual({ code: 'VALIDATION_FAILED', fields: ['decisions'] });
    const tasks = await t.http
      .post('/api/v1/requests')
      .set(await as(t, member))
      .send(requestBody({ tasks: [[]] }))
      .expect(400);
    expect(problemsOf(tasks.body)).toEqual({ code: 'VALIDATION_FAILED', fields: ['tasks'] });
  });

  it('answers a request dated before the year 1000 with a reason, not a failure on the date', async () => {
    const res = await t.http
      .post('/api/v1/requests/preview')
      .set(await as(t, member))
      .send(requestBody({ date: '0999-01-05' }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({
      code: expect.any(String),
      message: { ja: expect.any(String), en: expect.any(String) },
    });
  });

  it('answers a URL too long, or bytes that are no HTTP, with the error body, not a bare status line', async () => {
    const long = await t.http.get(`/api/v1/inbox?department=${'A'.repeat(20_000)}`).expect(431);
    expect(long.body).toEqual({
      code: 'HEADERS_TOO_LARGE',
      message: { ja: expect.any(String), en: 'The URL or the headers are too long.' },
    });
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const connections = () => new Promise<number>((r, j) => server.getConnections((e, n) => (e ? j(e) : r(n))));
    /**
     * Sends raw bytes as a client that never closes its side; the answer, once the server has
     * ended the connection, and the server must then let go of it (not keep it half open).
     */
    const send = async (bytes: string) => {
      const got = await new Promise<string>((resolve, reject) => {
        const socket = connect({
          port: (server.address() as AddressInfo).port,
          host: '127.0.0.1',
          allowHalfOpen: true,
        });
        socket.on('connect', () => socket.write(bytes));
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      for (let i = 0; i < 100 && (await connections()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await connections()).toBe(0);
      return got;
    };
    const answer = (raw: string) => ({
      status: raw.split('\r\n')[0],
      code: (JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { code: string }).code,
    });
    expect(answer(await send('NOT HTTP AT ALL\r\n\r\n'))).toEqual({
      status: 'HTTP/1.1 400 Bad Request',
      code: 'MALFORMED_REQUEST',
    });
    const chunkExtension = `1;${'x'.repeat(20_000)}\r\na\r\n0\r\n\r\n`;
    expect(
      answer(
        await send(
          'POST /api/v1/requests HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n' +
            `Transfer-Encoding: chunked\r\n\r\n${chunkExtension}`,
        ),
      ),
    ).toEqual({ status: 'HTTP/1.1 413 Payload Too Large', code: 'PAYLOAD_TOO_LARGE' });
  });

  it('reads a limit written in decimal digits only', async () => {
    const h = await as(t, boss);
    for (const limit of ['1e2', '0x10', '10.0', '+5', ' 5'])
      expect(
        problemsOf(
          (
            await t.http
              .get(`/api/v1/inbox?limit=${encodeURIComponent(limit)}`)
              .set(h)
              .expect(400)
          ).body,
        ),
      ).toEqual({ code: 'VALIDATION_FAILED', fields: ['limit'] });
    await t.http.get('/api/v1/inbox?limit=10').set(h).expect(200);
    await t.http.get('/api/v1/requests?limit=1e1').set(h).expect(400);
    await t.http.get('/api/v1/notifications?limit=0x1').set(h).expect(400);
  });

  it('refuses inbox cursors whose timestamp PostgreSQL cannot take', async () => {
    const h = await as(t, boss);
    for (const at of ['0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00.000Z']) {
      const cursor = Buffer.from(JSON.stringify(['oldest', at, '00000000-0000-4000-8000-000000000000'])).toString(
        'base64url',
      );
      const res = await t.http.get(`/api/v1/inbox?cursor=${cursor}`).set(h).expect(400);
      expect(problemsOf(res.body)).toEqual({ code: 'VALIDATION_FAILED', fields: ['cursor'] });
    }
  });

  it('acts on a request named by its id in upper case', async () => {
    const h = await as(t, member);
    const body = requestBody({ date: '2026-12-04' }); // (their 12-03 is approved above)
    const id = (await t.http.post('/api/v1/requests').set(h).send(body).expect(201)).body.id as string;
    const upper = id.toUpperCase();
    await t.http.patch(`/api/v1/requests/${upper}`).set(h).send({ reason: 'edited' }).expect(200);
    const submitted = await t.http.post(`/api/v1/requests/${upper}/submit`).set(h).send({}).expect(200);
    expect(submitted.body).toMatchObject({ id, status: 'awaitingDecision' });
    const withdrawn = await t.http.post(`/api/v1/requests/${upper}/withdraw`).set(h).send({}).expect(200);
    expect(withdrawn.body).toMatchObject({ id, status: 'withdrawn' });
  });

  it('refuses YAML whose alias is inside the node it names', async () => {
    const res = await t.http
      .post('/api/v1/policies/validate')
      .set(await as(t, admin))
      .send({ name: 'telework', content: 'a: &a [*a]\n' })
      .expect(200);
    expect(res.body).toMatchObject({
      valid: false,
      errors: [expect.objectContaining({ line: 1, message: 'an alias refers to a node that contains it' })],
    });
  });
});
