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

  it('keeps an admin’s saved version across a restart; the file wins again only once it is edited', async () => {
    const fresh = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'teleflow-policies-'));
    const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'teleflow-db-'));
    const db: StartOptions = { databaseUrl: fresh.databaseUrl, dataDir, policyDir: dir };
    for (const f of ['telework.yaml', 'calendar.yaml', 'routing.yaml']) copyFileSync(join('policies', f), join(dir, f));
    const shipped = readFileSync(join(dir, 'telework.yaml'), 'utf8');
    const active = async (app: Awaited<ReturnType<typeof startApp>>) =>
      (
        (
          await app.http
            .get('/api/v1/policies')
            .set(await as(app, 'S0045'))
            .expect(200)
        ).body as { name: string; version: number; hash: string; activatedBy: string }[]
      ).find((p) => p.name === 'telework')!;
    try {
      const first = await startApp({ ...db, loadDataDir: fresh.loadDataDir });
      const saved = shipped.replace('maxDays: 2', 'maxDays: 3');
      expect(saved).not.toBe(shipped);
      const put = await first.http
        .put('/api/v1/policies/telework')
        .set(await as(first, 'S0045'))
        .send({ content: saved, comment: '週3日まで / up to 3 days' })
        .expect(200);
      const edited = await active(first);
      expect(edited).toMatchObject({ version: put.body.version, activatedBy: 'S0045' });
      await first.close();

      // the file is as it was loaded: the admin's version stays
      const second = await startApp(db);
      try {
        expect(await active(second)).toEqual(edited);
      } finally {
        await second.close();
      }

      // someone edits the file: it is news, and becomes the next version
      writeFileSync(join(dir, 'telework.yaml'), shipped.replace('maxDays: 2', 'maxDays: 4'));
      const third = await startApp(db);
      try {
        expect(await active(third)).toMatchObject({ version: edited.version + 1, activatedBy: 'file' });
      } finally {
        await third.close();
      }

      // the file is made what is active already (nothing to activate: read all the same), and an admin
      // saves another version: the file, as last read, is still no news at the next start
      const four = shipped.replace('maxDays: 2', 'maxDays: 4');
      const fourth = await startApp(db);
      let later: Awaited<ReturnType<typeof active>>;
      try {
        await fourth.http
          .put('/api/v1/policies/telework')
          .set(await as(fourth, 'S0045'))
          .send({ content: saved, comment: '週3日に戻す / back to 3 days' })
          .expect(200);
        later = await active(fourth);
      } finally {
        await fourth.close();
      }
      writeFileSync(join(dir, 'telework.yaml'), saved); // the same as the admin's version: nothing new
      const fifth = await startApp(db);
      let latest: Awaited<ReturnType<typeof active>>;
      try {
        expect(await active(fifth)).toEqual(later);
        // read as it is all the same: an admin's next version outlives the next start too
        await fifth.http
          .put('/api/v1/policies/telework')
          .set(await as(fifth, 'S0045'))
          .send({ content: shipped.replace('maxDays: 2', 'maxDays: 1'), comment: '週1日 / one day' })
          .expect(200);
        latest = await active(fifth);
      } finally {
        await fifth.close();
      }
      const again = await startApp(db);
      try {
        expect(await active(again)).toEqual(latest);
      } finally {
        await again.close();
      }
      // and a file put back to what it was before is news again (it changed since it was last read)
      writeFileSync(join(dir, 'telework.yaml'), four);
      const sixth = await startApp(db);
      try {
        expect(await active(sixth)).toMatchObject({ version: latest.version + 1, activatedBy: 'file' });
      } finally {
        await sixth.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await fresh.drop();
    }
  });
});
