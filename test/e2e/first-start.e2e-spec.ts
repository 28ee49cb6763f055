import { startApp, type TestApp } from '../support/test-app';

/**
 * The quick start: `npm start` on an empty embedded database migrates it, seeds the demo
 * organisation and loads the policy files, which name that organisation's sections and offices.
 * (Every other test starts on a copy of a seeded template, where the order cannot show.)
 */
describe('a first start on an empty database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ dataDir: 'memory://' });
  });
  afterAll(() => t.close());

  it('seeds the organisation before it loads the policy files, so that each is active', async () => {
    const admin = { Authorization: `Bearer ${await t.login('S0045')}` };
    const active = (await t.http.get('/api/v1/policies').set(admin).expect(200)).body as {
      name: string;
      version: number;
      activatedBy: string;
    }[];
    expect(active.map((p) => [p.name, p.version, p.activatedBy]).sort()).toEqual([
      ['calendar', 1, 'file'],
      ['routing', 1, 'file'],
      ['telework', 1, 'file'],
    ]);
  });
});
