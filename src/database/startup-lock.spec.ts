import { advisoryLockEntries } from '../../test/support/advisory-locks';
import { freshDatabase } from '../../test/support/test-app';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { whileStarting } from './startup-lock';

/** Start-up work takes turns on one database; a process that waits says so; a failure stays the answer. */
describe('whileStarting', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  let onServer: boolean;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    onServer = !!fresh.databaseUrl;
    ds = createDataSource({ databaseUrl: fresh.databaseUrl, dataDir: 'memory://', loadDataDir: fresh.loadDataDir });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await drop();
  });

  it('waits for another start in progress, saying so, and runs once it is over', async () => {
    const other = ds.createQueryRunner();
    await other.connect();
    const said: string[] = [];
    const order: string[] = [];
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('teleflow:startup'))`);
      const starting = whileStarting(
        ds,
        async () => {
          order.push('work');
          return 42;
        },
        (line) => said.push(line),
      );
      await new Promise((r) => setTimeout(r, 200));
      order.push('other done');
      await other.query(`SELECT pg_advisory_unlock(hashtext('teleflow:startup'))`);
      expect(await starting).toBe(42);
    } finally {
      await other.release();
    }
    if (onServer) {
      expect(said).toEqual([expect.stringContaining('another process is starting')]);
      expect(order).toEqual(['other done', 'work']);
    } else {
      // the embedded database is one session, serving one process: nobody to wait for
      expect(said).toEqual([]);
      expect(order).toEqual(['work', 'other done']);
    }
  });

  it('answers why the work failed, even when its session is gone by then', async () => {
    const boom = whileStarting(ds, async () => {
      if (onServer)
        // the session holding the lock dies (a server restart, a DBA): the unlock fails as well
        // (this test's own database only: other tests' apps start on theirs meanwhile)
        await ds.query(advisoryLockEntries('teleflow:startup', true, 'pg_terminate_backend(l.pid)'));
      throw new Error('migration 42 failed');
    });
    await expect(boom).rejects.toThrow('migration 42 failed');
  });
});
