import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { as, submitted } from '../factories/inbox.factory';
import { freshDatabase, startApp, type StartOptions } from '../support/test-app';

describe('a bad policy file at start', () => {
  it('is refused; the last good version keeps running', async () => {
    const fresh = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'teleflow-policies-'));
    const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'teleflow-db-'));
    const db: StartOptions = { databaseUrl: fresh.databaseUrl, dataDir };
    try {
      const first = await startApp({ ...db, loadDataDir: fresh.loadDataDir });
      const admin = await as(first, 'S0045');
      const good = (await first.http.get('/api/v1/policies').set(admin).expect(200)).body;
      await first.close();

      copyFileSync('policies/calendar.yaml', join(dir, 'calendar.yaml'));
      const broken = readFileSync('policies/telework.yaml', 'utf8').replace('maxDays: 2', 'maxDays: [2]');
      writeFileSync(join(dir, 'telework.yaml'), broken);
      const second = await startApp({ ...db, policyDir: dir });
      try {
        expect(
          (
            await second.http
              .get('/api/v1/policies')
              .set(await as(second, 'S0045'))
              .expect(200)
          ).body,
        ).toEqual(good);
        const id = await submitted(second, 'S0100', { date: '2026-12-08' });
        const req = (
          await second.http
            .get(`/api/v1/requests/${id}`)
            .set(await as(second, 'S0100'))
            .expect(200)
        ).body;
        expect(req.verdict.policyVersion).toMatch(/^[0-9a-f]{64}$/);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await fresh.drop();
    }
  });
});
