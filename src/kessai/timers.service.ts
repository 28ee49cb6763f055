import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, japanDate } from '../common/clock';
import { IntervalRunner } from '../common/interval-runner';
import { AppConfig } from '../config/app-config';
import { allOrEach } from '../database/all-or-each';
import { Db } from '../database/db.service';
import { PolicyStore } from '../policy/policy-store.service';
import { WorkflowRuntime, type StepItem } from '../workflow-runtime/workflow-runtime.service';
import { DelegationsRepository } from './delegations.repository';
import { KessaiRouter } from './kessai-router.service';
import { lockRequestsFirst } from './request-locks';
import { RerouteService } from './reroute.service';

/**
 * A failed timer waits 2^attempts seconds before its next try, at most 2^9 s (~8.5 minutes): after an
 * outage that failed every timer, deadlines are back within minutes.
 */
const MAX_BACKOFF_EXPONENT = 9;

/** The staff the timers of this kind are about (an absence's start or end). */
const staffOf = (due: DueTimer[], kind: string): string[] => [
  ...new Set(due.filter((t) => t.kind === kind).map((t) => String(t.payload.staffId))),
];

interface DueTimer {
  id: string;
  instance_id: string;
  machine: string;
  kind: string;
  step: number | null;
  payload: Record<string, unknown>;
}

/**
 * Durable timers (a table, not in-memory delays): reminders and escalations of route
 * steps, the start and the end of an absence, the return of an approver rerouted "until
 * return", the end of a delegation. Each fires once:
 * claimed with FOR UPDATE SKIP LOCKED (any number of processes on PostgreSQL) and marked
 * fired in the same transaction as what it does.
 */
@Injectable()
export class TimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('timers');
  private readonly runner = new IntervalRunner(this.logger, 'timer run');

  constructor(
    private readonly db: Db,
    private readonly runtime: WorkflowRuntime,
    private readonly router: KessaiRouter,
    private readonly returns: RerouteService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly policies: PolicyStore,
    private readonly delegations: DelegationsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start(this.config.timerIntervalMs, () => this.runDue());
  }

  onApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }

  /**
   * Fires every timer due by now, in batches; returns how many were claimed (fired, or failed and put
   * off). Then expires stale requests, even when firing failed.
   */
  async runDue(batch = 200): Promise<number> {
    try {
      return await this.db.drain(batch, (m, n) => this.fireBatch(m, n));
    } finally {
      await this.db.drain(batch, (m, n) => this.expireBatch(m, n));
    }
  }

  /**
   * A request whose last day has passed without a decision expires (its route closes):
   * it no longer waits in anyone's box; an urgent one filed afterwards (事後申請) only after the
   * policy's grace of working days (`PolicyStore.lastDays`). Claimed like timers, so processes
   * share the work.
   */
  private async expireBatch(m: EntityManager, batch: number): Promise<number> {
    const at = this.clock.now();
    const today = japanDate(at);
    const days = await this.policies.lastDays(today, m);
    const stale: { id: string }[] = await m.query(
      `SELECT id FROM remote_work_requests
       WHERE status IN ('draft', 'awaitingDecision', 'returned') AND date_to < $1::date
         AND (NOT urgent OR date_to < $2::date)
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [today, days.urgent, batch],
    );
    if (stale.length === 0) return 0;
    await this.runtime.stepMany(
      m,
      'remote-work-request',
      stale.map((r) => ({ instanceId: r.id, actorId: null, event: { type: 'deadline.expired', today } })),
      at,
    );
    return stale.length;
  }

  /**
   * Claims a batch of due timers and fires them together. When that fails (a timer whose effect
   * throws), they are fired one by one instead, each under a savepoint: one that fails keeps its
   * error and waits 2^attempts seconds (at most ~8.5 minutes: MAX_BACKOFF_EXPONENT) before its next
   * try; the others fire. One bad timer never holds back everyone's reminders, escalations and
   * absences. Returns how many it claimed.
   */
  private async fireBatch(m: EntityManager, batch: number): Promise<number> {
    const at = this.clock.now();
    const due: DueTimer[] = await m.query(
      `SELECT id, instance_id, machine, kind, step, payload FROM timers
       WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1
       ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [at, batch],
    );
    if (due.length === 0) return 0;
    // what the whole batch may reach, locked first and in order (request-locks.ts): held through the
    // savepoints of allOrEach, so that firing them one by one takes nothing out of that order
    await this.lockReach(m, due);
    await allOrEach(
      m,
      due,
      (some) => this.fire(m, some, at),
      async (timer, error) => {
        this.logger.warn(`timer ${timer.id} (${timer.machine} ${timer.kind}) did not fire: ${error}`);
        await m.query(
          `UPDATE timers SET attempts = attempts + 1, last_error = $2,
             due_at = $3::timestamptz + make_interval(secs => power(2, least(attempts + 1, ${MAX_BACKOFF_EXPONENT}))::int)
           WHERE id = $1`,
          [timer.id, error.slice(0, 2000), at],
        );
      },
    );
    return due.length;
  }

  /** The requests these timers may reach, locked as a decision would lock them (request-locks.ts). */
  private async lockReach(m: EntityManager, due: DueTimer[]): Promise<void> {
    await lockRequestsFirst(m, {
      routeIds: due.filter((t) => t.machine === 'kessai-queue').map((t) => t.instance_id),
      approverIds: staffOf(due, 'absence-start'),
      heldFor: [
        ...staffOf(due, 'absence-end'),
        ...due.filter((t) => t.kind === 'delegation-end').map((t) => String(t.payload.approverId)),
      ],
      taskIds: due
        .filter((t) => t.kind === 'return')
        .flatMap((t) => (t.payload as { taskIds?: string[] }).taskIds ?? []),
    });
  }

  /** What these timers do, and each marked fired, in the caller's transaction. */
  private async fire(m: EntityManager, due: DueTimer[], at: Date): Promise<void> {
    const now = at.toISOString();
    const starting = staffOf(due, 'absence-start');
    const ending = staffOf(due, 'absence-end');
    const returning = due.filter((t) => t.kind === 'return');
    // (locked already, with the batch: see lockReach; a task opened since is locked by what reaches it)
    const route: StepItem[] = due
      .filter((t) => t.machine === 'kessai-queue')
      .map((t) => ({
        instanceId: t.instance_id,
        actorId: null,
        event: {
          type: t.kind === 'reminder' ? 'deadline.reminded' : 'deadline.expired',
          step: Number(t.step),
          // timers set before openings existed carry none; the route then judges by the step alone
          ...(typeof t.payload.opening === 'number' ? { opening: t.payload.opening } : {}),
          now,
        },
      }));
    // a step that moved on refuses its old deadline: that is fine, the timer is spent either way
    if (route.length) await this.runtime.stepMany(m, 'kessai-queue', route, at);
    if (starting.length) await this.router.rerouteAbsent(m, starting, at);
    if (ending.length) await this.router.returnPresent(m, ending, at);
    if (returning.length)
      await this.returns.moveBack(
        m,
        returning.map((t) => t.payload as { taskIds: string[] }),
        at,
      );
    // a delegation over: what its deputy holds for the approver through it is placed again (one removed
    // since has had that done, and its timer cancelled)
    for (const t of due.filter((x) => x.kind === 'delegation-end')) {
      const ended = await this.delegations.find(m, t.instance_id);
      if (ended) await this.router.revisitHeld(m, ended, at);
    }
    await m.query(`UPDATE timers SET fired_at = $2 WHERE id = ANY($1::bigint[])`, [due.map((t) => t.id), at]);
  }
}
