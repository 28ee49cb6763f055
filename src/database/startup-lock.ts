import type { DataSource } from 'typeorm';

/**
 * Runs a process's start-up work on the database (migrations, the demo seed) while it holds a
 * session advisory lock, so that processes starting together on one database take turns: the
 * first migrates and seeds, the others find it done. Neither TypeORM's migration runner nor the
 * seed locks anything of its own; without this, two processes applied the same migration twice
 * or died on a duplicate key. (The embedded database serves one process: there it waits for no one.)
 */
export async function whileStarting<T>(
  ds: DataSource,
  work: () => Promise<T>,
  log: (line: string) => void = () => {},
): Promise<T> {
  const session = ds.createQueryRunner();
  await session.connect();
  try {
    const [first] = (await session.query(`SELECT pg_try_advisory_lock(${KEY}) AS got`)) as { got: boolean }[];
    if (!first?.got) {
      log('another process is starting on this database (migrations, demo seed): waiting for it');
      await session.query(`SELECT pg_advisory_lock(${KEY})`);
    }
    const unlock = () => session.query(`SELECT pg_advisory_unlock(${KEY})`);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      // the lock goes with the session anyway: a failed unlock must not hide why the work failed
      await unlock().catch(() => undefined);
      throw error;
    }
    await unlock();
    return result;
  } finally {
    await session.release();
  }
}

const KEY = `hashtext('teleflow:startup')`;
