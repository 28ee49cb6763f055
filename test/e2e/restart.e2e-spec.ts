import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestBody } from '../factories/request.factory';
import { freshDatabase, startApp, type StartOptions } from '../support/test-app';

describe('state survives a process restart', () => {
  let options: StartOptions;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      const fresh = await freshDatabase();
      options = { databaseUrl: fresh.databaseUrl };
      cleanup = fresh.drop;
    } else {
      // an on-disk data dir, as `npm start` uses (.teleflow/db)
      const dir = mkdtempSync(join(tmpdir(), 'teleflow-restart-'));
      options = { dataDir: dir, loadDataDir: (await freshDatabase()).loadDataDir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => cleanup());

  it('keeps every request where it was and continues its workflow after restart', async () => {
    const first = await startApp(options);
    const token = await first.login('S0130');
    const auth = { Authorization: `Bearer ${token}` };
    const draft = (await first.http.post('/api/v1/requests').set(auth).send(requestBody()).expect(201)).body;
    const submitted = (
      await first.http
        .post('/api/v1/requests')
        .set(auth)
        .send(requestBody({ date: '2026-12-04' }))
        .expect(201)
    ).body;
    await first.http.post(`/api/v1/requests/${submitted.id}/submit`).set(auth).send({}).expect(200);
    const before = (await first.http.get(`/api/v1/requests/${submitted.id}`).set(auth).expect(200)).body;
    await first.close();

    // the second process starts from the same data (loadDataDir only seeds an empty dir)
    const second = await startApp({ ...options, loadDataDir: undefined });
    try {
      const token2 = await second.login('S0130');
      const auth2 = { Authorization: `Bearer ${token2}` };
      const after = (await second.http.get(`/api/v1/requests/${submitted.id}`).set(auth2).expect(200)).body;
      expect(after).toEqual(before);
      // the restored machine takes the next events: the draft can still be submitted, the other withdrawn
      await second.http.post(`/api/v1/requests/${draft.id}/submit`).set(auth2).send({ expectedVersion: 1 }).expect(200);
      const w = await second.http.post(`/api/v1/requests/${submitted.id}/withdraw`).set(auth2).send({}).expect(200);
      expect(w.body.status).toBe('withdrawn');
      expect(w.body.timeline.map((e: { event: string }) => e.event)).toEqual([
        'workflow.started',
        'request.submit',
        'request.withdraw',
      ]);
    } finally {
      await second.close();
    }
  });
});
