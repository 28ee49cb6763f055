import { rmSync } from 'node:fs';
import { adminQuery } from './db-template';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const tpl = process.env.TELEFLOW_TEST_TEMPLATE_DB;
  if (url && tpl) {
    // Per-file databases are dropped by their files; the template last.
    await adminQuery(url, `DROP DATABASE IF EXISTS ${tpl}`);
  }
  const file = process.env.TELEFLOW_TEST_TEMPLATE_FILE;
  if (file) rmSync(file, { force: true });
}
