import { freshDatabase } from '../../test/support/test-app';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { MIGRATIONS } from './migrations';

/** A data source on a fresh copy of the migrated template, closed and dropped afterwards. */
async function onFreshDatabase(fn: (ds: DataSource) => Promise<void>): Promise<void> {
  const fresh = await freshDatabase();
  const ds = createDataSource({ databaseUrl: fresh.databaseUrl, dataDir: 'memory://', loadDataDir: fresh.loadDataDir });
  await ds.initialize();
  try {
    await fn(ds);
  } finally {
    await ds.destroy();
    await fresh.drop();
  }
}

/** The entities describe exactly what the migrations build, and every migration can be undone. */
describe('migrations', () => {
  it('leave nothing for migration:generate to add: entities and schema agree', () =>
    onFreshDatabase(async (ds) => {
      const diff = await ds.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    }));

  it('undo every migration with its down, then apply them again', () =>
    onFreshDatabase(async (ds) => {
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const left = (await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      )) as unknown[];
      expect(left).toEqual([]);
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
    }));
});
