import { Client } from 'pg';
import { createDataSource } from '../../src/database/data-source';
import { seedDemoOrganisation } from '../../src/org/seed/demo-seeder';

/** Admin connection URL of the server behind DATABASE_URL (same server, database `postgres`). */
export function adminUrl(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  u.pathname = '/postgres';
  return u.toString();
}

export function withDatabase(databaseUrl: string, name: string): string {
  const u = new URL(databaseUrl);
  u.pathname = '/' + name;
  return u.toString();
}

export async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl(databaseUrl) });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Migrates and seeds a data source once, so each test file starts from a copy. */
export async function migrateAndSeed(settings: Parameters<typeof createDataSource>[0]) {
  const ds = createDataSource(settings);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.transaction((m) => seedDemoOrganisation(m));
  return ds;
}
