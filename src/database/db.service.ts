import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { DatabaseKind } from '../config/app-config';

/** What became of one part of `Db.txEach`. */
export type PartOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown; started: boolean };

/** Attempts of a transaction the database aborts for a deadlock or a serialization failure. */
export const TX_ATTEMPTS = 3;

/** Deadlock detected (40P01) or serialization failure (40001): rolled back, may run again. Counts nothing. */
export function isTransientCode(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = err?.code ?? err?.driverError?.code;
  return code === '40P01' || code === '40001';
}

/**
 * The way src/ talks to the database. `tx` runs a function in one transaction.
 *
 * PGlite is a single session: two transactions in flight would share it and not be
 * isolated (a rollback in one could be committed by the other). So in embedded mode
 * every unit of work — transaction or read — runs one at a time through a queue.
 * PostgreSQL gets a pooled connection per transaction and real isolation.
 */
export class Db {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<{ m: EntityManager; tx: boolean }>();

  constructor(
    readonly dataSource: DataSource,
    readonly kind: DatabaseKind,
  ) {}

  /** Transactions the database aborted for a deadlock or a serialization failure, since start. */
  transientAborts = 0;

  /**
   * What this process found as it opened the database: whether it seeded the demo organisation,
   * which happens once per database (under the startup lock), on its first start.
   */
  readonly startup = { demoOrganisationSeeded: false };

  /**
   * Runs `fn` in one transaction (READ COMMITTED); commits on return, rolls back on throw.
   * When the database aborts it for a deadlock or a serialization failure, `fn` runs again
   * in a new transaction, up to `attempts` times in all: so `fn` must only change the
   * database (what it did in the aborted attempt is gone). A nested call joins the open
   * transaction and leaves retrying to the outermost.
   */
  tx<T>(fn: (m: EntityManager) => Promise<T>, { attempts = TX_ATTEMPTS }: { attempts?: number } = {}): Promise<T> {
    const current = this.inside.getStore();
    if (current?.tx) return fn(current.m); // nested: join the open transaction
    const once = () => this.dataSource.transaction((m) => this.inside.run({ m, tx: true }, () => fn(m)));
    const run = async (): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once();
        } catch (e) {
          if (!this.isTransient(e) || attempt >= attempts) throw e;
        }
      }
    };
    return current ? run() : this.serial(run); // inside read(): the queue is already ours
  }

  /**
   * Works off a queue the database holds (due timers, the outbox…): one transaction per batch
   * of at most `batch` rows, until a batch comes back short. `fn` claims and handles a batch and
   * says how many rows it claimed. Returns the rows handled in all.
   */
  async drain(batch: number, fn: (m: EntityManager, batch: number) => Promise<number>): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await this.tx((m) => fn(m, batch));
      done += n;
      if (n < batch) return done;
    }
  }

  /**
   * Whether the database rolled a transaction back for a deadlock (40P01) or a serialization
   * failure (40001), so that running it again may succeed. Counts them in `transientAborts`.
   */
  private isTransient(e: unknown): boolean {
    const transient = isTransientCode(e);
    if (transient) this.transientAborts++;
    return transient;
  }

  /**
   * How many transactions one call may run side by side (`txEach`): on PostgreSQL one
   * transaction's statements run on the server while the next one's machines step here; the
   * embedded database is a single session and runs them one at a time. (A bulk decision, whose
   * chunks spend much of their time waiting to commit in order, keeps up to three under way when
   * this is more than one: DecisionsService's IN_FLIGHT.)
   */
  get parallelism(): number {
    return this.kind === 'postgres' ? 2 : 1;
  }

  /**
   * Runs fn on each part in a transaction of its own, up to `parallelism` at once, and gives
   * each part's outcome in the parts' order: parts that committed keep their work when another
   * fails, so the caller can say item by item what happened. Parts must not lock the same rows
   * (e.g. split by route), or they would wait for each other. Once a part has failed, no
   * further part starts (`started: false`).
   */
  async txEach<P, R>(parts: readonly P[], fn: (m: EntityManager, part: P) => Promise<R>): Promise<PartOutcome<R>[]> {
    const outcomes = new Array<PartOutcome<R>>(parts.length);
    let next = 0;
    let first: { error: unknown } | undefined; // the first failure: the parts that never start answer it
    const worker = async (): Promise<void> => {
      while (next < parts.length && !first) {
        const i = next++;
        try {
          outcomes[i] = { ok: true, value: await this.tx((m) => fn(m, parts[i]!)) };
        } catch (error) {
          first ??= { error };
          outcomes[i] = { ok: false, error, started: true };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallelism, parts.length) }, worker));
    for (let i = 0; i < parts.length; i++) outcomes[i] ??= { ok: false, error: first?.error, started: false };
    return outcomes;
  }

  /** Runs reads outside an explicit transaction (still queued in embedded mode). */
  read<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const current = this.inside.getStore();
    if (current) return fn(current.m);
    const m = this.dataSource.manager;
    return this.serial(() => this.inside.run({ m, tx: false }, () => fn(m)));
  }

  /** Raw query with numeric normalisation left to callers (pg returns int8 as strings). */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.read((m) => m.query(sql, params) as Promise<T[]>);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.kind === 'postgres') return fn();
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
