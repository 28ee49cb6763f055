import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPGliteInstance } from 'typeorm-pglite';
import { adminQuery, migrateAndSeed, withDatabase } from './db-template';

/**
 * Prepares a migrated, seeded template once per run:
 * - PostgreSQL (DATABASE_URL set): a template database each test file clones;
 * - embedded: a PGlite data-dir dump each test file loads (much faster than migrating).
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `teleflow_tpl_${process.pid}`;
    await adminQuery(url, `DROP DATABASE IF EXISTS ${name}`);
    await adminQuery(url, `CREATE DATABASE ${name}`);
    const ds = await migrateAndSeed({ databaseUrl: withDatabase(url, name), dataDir: 'memory://' });
    await ds.destroy();
    process.env.TELEFLOW_TEST_TEMPLATE_DB = name;
    return;
  }
  const ds = await migrateAndSeed({ dataDir: 'memory://' });
  const pg = await getPGliteInstance();
  const dump = await pg.dumpDataDir('none');
  const file = join(tmpdir(), `teleflow-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await ds.destroy();
  process.env.TELEFLOW_TEST_TEMPLATE_FILE = file;
}
