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

  // TypeORM's diff compares an index's columns as a set and ignores its WHERE: check both here
  it('build each index with the columns, order and predicate its entity declares', () =>
    onFreshDatabase(async (ds) => {
      const actual = new Map(
        (
          (await ds.query(
            `SELECT c.relname AS name, pg_get_expr(i.indpred, i.indrelid) AS predicate,
                    ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace s ON s.oid = c.relnamespace
             WHERE s.nspname = 'public'`,
          )) as { name: string; predicate: string | null; columns: string[] }[]
        ).map((r) => [r.name, r]),
      );
      const declared = ds.entityMetadatas.flatMap((e) => e.indices.filter((i) => i.name));
      expect(declared.length).toBeGreaterThan(10);
      const bare = (sql: string | null | undefined) => (sql ?? '').replace(/::\w+|[()\s]/g, '');
      for (const index of declared) {
        const db = actual.get(index.name);
        expect({ name: index.name, columns: db?.columns, predicate: bare(db?.predicate) }).toEqual({
          name: index.name,
          columns: index.columns.map((c) => c.databaseName),
          predicate: bare(index.where),
        });
      }
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
