import { freshDatabase } from '../../test/support/test-app';
import { createDataSource } from './data-source';
import { MIGRATIONS } from './migrations';

/** The entities describe exactly what the migrations build, and every migration can be undone. */
describe('migrations', () => {
  it('leave nothing for migration:generate to add: entities and schema agree', async () => {
    const fresh = await freshDatabase();
    const ds = createDataSource({
      databaseUrl: fresh.databaseUrl,
      dataDir: 'memory://',
      loadDataDir: fresh.loadDataDir,
    });
    await ds.initialize();
    try {
      const diff = await ds.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
      await fresh.drop();
    }
  });

  it('undo every migration with its down, then apply them again', async () => {
    const fresh = await freshDatabase();
    const ds = createDataSource({
      databaseUrl: fresh.databaseUrl,
      dataDir: 'memory://',
      loadDataDir: fresh.loadDataDir,
    });
    await ds.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const left = (await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      )) as unknown[];
      expect(left).toEqual([]);
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
    } finally {
      await ds.destroy();
      await fresh.drop();
    }
  });
});
