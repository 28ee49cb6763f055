import type { EntityManager } from 'typeorm';
import { isTransientCode } from './db.service';

/**
 * Runs `run` on all the items under a savepoint; when that fails, runs it on each item alone under a
 * savepoint of its own, and hands each that fails alone to `failed` with its error (the others are
 * done): one bad item of a batch (an outbox row, a timer) never holds back the rest. A deadlock or a
 * serialization failure is no item's fault: it is thrown, and `Db.tx` runs the whole transaction again.
 */
export async function allOrEach<T>(
  m: EntityManager,
  items: T[],
  run: (items: T[]) => Promise<void>,
  failed: (item: T, error: string) => Promise<void>,
): Promise<void> {
  if (await attempt(m, 'batch', () => run(items))) return;
  for (const item of items) {
    let error = '';
    const ok = await attempt(
      m,
      'item',
      () => run([item]),
      (e) => (error = e instanceof Error ? e.message : String(e)),
    );
    if (!ok) await failed(item, error);
  }
}

/** `fn` under a savepoint: true when done, false when rolled back to it (a transient failure is thrown). */
async function attempt(
  m: EntityManager,
  name: string,
  fn: () => Promise<void>,
  onError: (e: unknown) => void = () => {},
): Promise<boolean> {
  await m.query(`SAVEPOINT ${name}`);
  try {
    await fn();
    await m.query(`RELEASE SAVEPOINT ${name}`);
    return true;
  } catch (e) {
    if (isTransientCode(e)) throw e;
    await m.query(`ROLLBACK TO SAVEPOINT ${name}`);
    onError(e);
    return false;
  }
}
