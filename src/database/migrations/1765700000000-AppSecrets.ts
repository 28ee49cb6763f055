import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: in demo mode without JWT_SECRET each process made up its own signing secret, so behind a
 * load balancer a token from one process was refused by the next (401), and every restart of
 * `npm start` logged everyone out. The secret it makes up is kept here, once, for every process
 * of the database. (With JWT_SECRET set, as outside demo mode, nothing is kept.)
 */
export class AppSecrets1765700000000 implements MigrationInterface {
  name = 'AppSecrets1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_secrets`);
  }
}
