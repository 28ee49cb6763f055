import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/database/migrations';
import { adminQuery, withDatabase } from '../support/db-template';
import { startApp, type StartOptions, type TestApp } from '../support/test-app';

/**
 * Any number of processes may start against one PostgreSQL at the same moment (a deployment
 * rolling out, a restart of all): each must come up, every migration must be applied once and the
 * demo organisation seeded once. Before start-up took turns, two of three processes starting on an
 * empty database died on a duplicate key, and a migration was recorded twice. The embedded database
 * serves one process: there the starts come one after another on one data dir.
 */
describe('processes starting together on one empty database', () => {
  const url = process.env.DATABASE_URL;
  let options: StartOptions;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (url) {
      const name = `teleflow_start_${process.pid}_${Date.now() % 100000}`;
      await adminQuery(url, `CREATE DATABASE ${name}`); // empty: not the migrated template
      options = { databaseUrl: withDatabase(url, name), jwtSecret: '' };
      cleanup = () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'teleflow-start-'));
      options = { dataDir: dir, jwtSecret: '' };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => cleanup());

  it('each comes up; each migration and the demo seed happen once; a token of one is taken by all', async () => {
    const apps: TestApp[] = [];
    let firstToken: string;
    try {
      if (url) {
        const started = await Promise.allSettled([startApp(options), startApp(options), startApp(options)]);
        for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
        expect(started.filter((s) => s.status === 'rejected').map((s) => String(s.reason))).toEqual([]);
        firstToken = await apps[0]!.login('S0100');
      } else {
        const first = await startApp(options);
        firstToken = await first.login('S0100');
        await first.close();
        for (let i = 0; i < 2; i++) {
          const app = await startApp(options);
          if (i < 1) await app.close();
          else apps.push(app);
        }
      }
      const db = apps[0]!.db;
      const applied = await db.query<{ name: string; n: number }>(
        `SELECT name, count(*)::int AS n FROM migrations GROUP BY name ORDER BY name`,
      );
      expect(applied.map((r) => r.name).sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
      expect(applied.filter((r) => r.n !== 1)).toEqual([]);
      // every process serves, on the one organisation
      for (const app of apps) {
        const token = await app.login('S0045');
        const me = await app.http
          .get('/api/v1/me')
          .set({ Authorization: `Bearer ${token}` })
          .expect(200);
        expect(me.body.id).toBe('S0045');
      }
      // demo mode without JWT_SECRET: one secret for the database, so a token of one process (or of
      // the start before) is taken by every other; it was made up per process, and refused elsewhere
      for (const app of apps) {
        const me = await app.http.get('/api/v1/me').set({ Authorization: `Bearer ${firstToken}` });
        expect([me.status, me.body.id]).toEqual([200, 'S0100']);
      }
      expect(await db.query(`SELECT name FROM app_secrets`)).toEqual([{ name: 'demo-jwt' }]);
      const [departments] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM departments`);
      expect(departments?.n).toBeGreaterThan(0);
      // the policy files were read once: one version of each
      const versions = await db.query<{ name: string; n: number }>(
        `SELECT name, count(*)::int AS n FROM policy_versions GROUP BY name ORDER BY name`,
      );
      expect(versions).toEqual([
        { name: 'calendar', n: 1 },
        { name: 'routing', n: 1 },
        { name: 'telework', n: 1 },
      ]);
    } finally {
      for (const app of apps) await app.close();
    }
  });
});
