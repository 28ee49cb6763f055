import { randomBytes } from 'node:crypto';
import type { Db } from '../database/db.service';

/**
 * The demo mode's token-signing secret when JWT_SECRET is not set: made up by the first process
 * that needs it and kept in the database, so that every process of it (and the next start) takes
 * the tokens the others gave. Of processes starting together, the first insert wins.
 */
export async function sharedDemoSecret(db: Db, now: Date): Promise<string> {
  return db.tx(async (m) => {
    await m.query(
      `INSERT INTO app_secrets (name, value, created_at) VALUES ('demo-jwt', $1, $2) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(32).toString('hex'), now],
    );
    const [row] = (await m.query(`SELECT value FROM app_secrets WHERE name = 'demo-jwt'`)) as { value: string }[];
    return row!.value;
  });
}
