import type { DataSource } from 'typeorm';

/**
 * Runs a process's start-up work on the database (migrations, the demo seed) while it holds a
 * session advisory lock, so that processes starting together on one database take turns: the
 * first migrates and seeds, the others find it done. Neither TypeORM's migration runner nor the
 * seed locks anything of its own; without this, two processes applied the same migration twice
 * or died on a duplicate key. (The embedded database serves one process: there it waits for no one.)
 */
export async function whileStarting<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  const session = ds.createQueryRunner();
  await session.connect();
  try {
    await session.query(`SELECT pg_advisory_lock(hashtext('teleflow:startup'))`);
    try {
      return await work();
    } finally {
      await session.query(`SELECT pg_advisory_unlock(hashtext('teleflow:startup'))`);
    }
  } finally {
    await session.release();
  }
}
