import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: at start each policy file that differed from its active version became a new version, so a
 * restart put the file's content back over a version an admin had saved since. A file is news only
 * when it changed since it was last read: this table keeps, per file, the hash of the content last
 * read and found valid (activated, or the same as the active version). Databases from before start
 * from the newest version each file was loaded as.
 */
export class PolicyFileLoads1765600000000 implements MigrationInterface {
  name = 'PolicyFileLoads1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_file_loads (
        name text PRIMARY KEY,
        hash text NOT NULL,
        loaded_at timestamptz NOT NULL
      )`);
    await q.query(
      `INSERT INTO policy_file_loads (name, hash, loaded_at)
       SELECT DISTINCT ON (name) name, hash, activated_at FROM policy_versions
       WHERE activated_by = 'file' ORDER BY name, version DESC`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE policy_file_loads`);
  }
}
