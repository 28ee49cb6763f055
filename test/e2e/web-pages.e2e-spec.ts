import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { openApiOf, type OpenApi } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

const PUBLIC = join(__dirname, '..', '..', 'src', 'web', 'public');
const script = readFileSync(join(PUBLIC, 'app.js'), 'utf8');

/**
 * The API calls the pages make, as `METHOD /api/v1/path` with each `${…}` of the path as `{}`
 * (the query string, built apart, left off).
 */
function callsOf(source: string): string[] {
  const calls = [...source.matchAll(/api\('(GET|POST|PATCH|PUT|DELETE)', [`'](\/api\/v1\/[^`']*)[`']/g)].map(
    ([, method, path]) =>
      `${method} ${path!
        .replace(/\$\{query\(.*$/, '')
        .replace(/\?.*$/, '')
        .replace(/\$\{[^}]*\}/g, '{}')}`,
  );
  return [...new Set(calls)].sort();
}

function documented(doc: OpenApi): Set<string> {
  return new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`),
    ),
  );
}

describe('web pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  it('serves the page shell at / with a policy that allows only its own files', async () => {
    const res = await t.http.get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<script type="module" src="/app.js">');
    expect(res.text).toContain('テレワーク申請・決裁 / Telework requests and approvals');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves its script and stylesheet with their types', async () => {
    const js = await t.http.get('/app.js').expect(200);
    expect(js.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(js.text).toBe(script);
    const css = await t.http.get('/app.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('has a script that parses as a module', () => {
    const out = ts.transpileModule(script, {
      fileName: 'app.js',
      reportDiagnostics: true,
      compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it('calls only operations the API documents', async () => {
    const { doc } = await openApiOf(t);
    const calls = callsOf(script);
    // the pages cover requests, the inbox, the backlog, absences and deputies, and policies at least
    expect(calls).toEqual(
      expect.arrayContaining([
        'GET /api/v1/me',
        'POST /api/v1/requests',
        'POST /api/v1/requests/preview',
        'POST /api/v1/inbox/decisions',
        'POST /api/v1/inbox/approve-matching',
        'GET /api/v1/backlog',
        'POST /api/v1/absences',
        'POST /api/v1/delegations',
        'POST /api/v1/policies/simulate',
        'PUT /api/v1/policies/{}',
      ]),
    );
    const known = documented(doc);
    expect(calls.filter((c) => !known.has(c))).toEqual([]);
  });

  it('leaves the API to the API: an unknown API path is a JSON 404, not the page', async () => {
    const res = await t.http.get('/api/v1/no-such-thing').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('offers the form what it needs: the caller’s devices on /me, the satellite offices', async () => {
    const { conforms } = await openApiOf(t);
    const token = await t.login('S0001');
    const me = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    conforms('get', '/api/v1/me', 200, me.body);
    const [held] = await t.db.query<{ id: string }>(`SELECT id FROM devices WHERE holder_id = 'S0001'`);
    expect(me.body.devices).toEqual([expect.objectContaining({ id: held!.id, remoteCapable: true })]);

    const offices = await t.http.get('/api/v1/satellite-offices').set('Authorization', `Bearer ${token}`).expect(200);
    conforms('get', '/api/v1/satellite-offices', 200, offices.body);
    const [count] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM satellite_offices`);
    expect(offices.body).toHaveLength(Number(count!.n));
    expect(offices.body[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), nameJa: expect.any(String), seats: expect.any(Number) }),
    );
    await t.http.get('/api/v1/satellite-offices').expect(401);

    // the shared devices lent per day, for the many who hold none of their own
    const pool = await t.http.get('/api/v1/pool-devices').set('Authorization', `Bearer ${token}`).expect(200);
    conforms('get', '/api/v1/pool-devices', 200, pool.body);
    const shared = await t.db.query<{ id: string }>(
      `SELECT id FROM devices WHERE holder_id IS NULL AND remote_capable ORDER BY id`,
    );
    expect(shared.length).toBeGreaterThan(0);
    expect(pool.body.map((d: { id: string }) => d.id)).toEqual(shared.map((d) => d.id));
    // with a period, each says the days it is booked on
    const days = await t.http
      .get('/api/v1/pool-devices?from=2026-12-07&to=2026-12-11')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    conforms('get', '/api/v1/pool-devices', 200, days.body);
    expect(days.body.every((d: { bookedOn: unknown }) => Array.isArray(d.bookedOn))).toBe(true);
  });
});
