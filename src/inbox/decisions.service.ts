import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DecisionEvent } from '../../workflows';
import { hasVisibleText } from '../../workflows/text';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { DomainError, itemFailure, type ItemFailure } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { Db, isTransientCode, TX_ATTEMPTS } from '../database/db.service';
import { RequestsRepository } from '../requests/requests.repository';
import { WorkflowRuntime, type StepItem } from '../workflow-runtime/workflow-runtime.service';
import { ApprovalTasksRepository, type LockedTask } from './approval-tasks.repository';
import { actionRefusal, closedTaskRefusal } from './task-actions';
import { COLLECTIVE_LIMITS, type CollectiveLimitsCheck } from './collective-limits.port';
import { explainedRouteRefusal, returnRefusal } from './route-refusals';
import type { DecisionItemDto } from './dto/inbox.dto';

export type DecisionResult = { taskId: string; ok: true; status: string; requestStatus: string } | ItemFailure;

/** Most items one call may decide. */
export const BULK_LIMIT = 10_000;
/** Items decided per transaction: bounds lock time and statement size. */
const CHUNK = 2_000;
/**
 * Chunks of one call in flight at once (PostgreSQL): while one waits for the server, the others'
 * machines step here. Two left this process waiting on the server for a quarter of a 10,000-item
 * call; three keep it busy (a fourth gained nothing more and costs locks held longer).
 */
const IN_FLIGHT = 3;
/**
 * Items of the last chunk of a call longer than two chunks. Nothing overlaps the last chunk's
 * writes: the call waits for them alone, so a short one ends it sooner (a 10,000-item call:
 * 2,000 × 4, 1,500, 500).
 */
const TAIL = 500;

const TASK_EVENT = { approve: 'decision.approve', reject: 'decision.reject', return: 'decision.return' } as const;

/**
 * Supervisors' decisions, one or ten thousand at a time. Each item gets its own result;
 * per chunk a handful of set-based statements: lock requests then tasks (the same order
 * as the applicant's withdraw, so no deadlock), check, step the pure machines, write.
 */
@Injectable()
export class DecisionsService {
  private readonly logger = new Logger(DecisionsService.name);

  constructor(
    private readonly db: Db,
    private readonly runtime: WorkflowRuntime,
    private readonly tasks: ApprovalTasksRepository,
    private readonly requests: RequestsRepository,
    private readonly clock: Clock,
    @Optional() @Inject(COLLECTIVE_LIMITS) private readonly limits?: CollectiveLimitsCheck,
  ) {}

  /**
   * Chunks run in order, each in its own transaction. On PostgreSQL the next chunk starts
   * as soon as the one before holds its rows and limit locks (and at most IN_FLIGHT are under
   * way), so that its machines step here while the server writes the earlier chunks. What a
   * chunk shares with the one before (a request, a limit's unit-day) it reaches only after that
   * one commits, and no chunk commits before the one before it has: every item is judged as if
   * the chunks ran one after the other. A chunk never holds the same task twice: a repeated task
   * id starts a new chunk, so that it sees the earlier item's effect.
   *
   * A chunk the database aborts for a deadlock or a serialization failure is run again; the
   * chunk after it, if already started, waits for it before committing, and rolls back and runs
   * again after it when it stands in its way, so that the order stays. A chunk that still fails
   * stops the call: when nothing was committed the error is the answer; otherwise the items of
   * the chunks that did not commit answer NOT_DECIDED (nothing changed for them) beside the
   * results of those that did, which are always the chunks before the failed one.
   */
  async decide(caller: Caller, items: DecisionItemDto[]): Promise<DecisionResult[]> {
    if (items.length > BULK_LIMIT) throw DomainError.of('BULK_LIMIT', { max: BULK_LIMIT, given: items.length });
    const chunks = chunked(items);
    const runs: ChunkRun[] = [];
    const call: CallState = { stopped: false, decided: new Set(), absent: new Set(), refused: new Map(), judged: 0 };
    for (const chunk of chunks) {
      const prev = runs.at(-1);
      if (call.stopped) break; // a chunk failed: the ones after it do not start
      const run = new ChunkRun(call, prev);
      run.done = this.runKnowing(caller, chunk, run, prev);
      runs.push(run);
      if (this.db.parallelism < 2) await run.done;
      else {
        await run.started; // holds its locks (or failed)
        await runs.at(-IN_FLIGHT)?.done; // the next one makes IN_FLIGHT under way at most
      }
    }
    const outcomes = await Promise.all(runs.map((r) => r.done));
    const failed = outcomes.findIndex((o) => !o.ok);
    if (failed < 0) return outcomes.flatMap((o) => (o.ok ? o.results : []));
    const first = outcomes[failed]!;
    if (failed === 0 && !first.ok) throw first.error; // nothing was written
    if (!first.ok) this.logger.error(`bulk decision: a chunk failed after others committed: ${String(first.error)}`);
    return chunks.flatMap((chunk, k) => {
      const o = k < failed ? outcomes[k] : undefined;
      return o?.ok ? o.results : chunk.items.map((item) => itemFailure(item.taskId, DomainError.of('NOT_DECIDED')));
    });
  }

  /**
   * A chunk that repeats items of this call (the reason it is a chunk of its own) first waits for
   * the one before, then answers without a transaction what the call already knows, as one by
   * one would find it, item by item from its start: a task this call decided is ALREADY_DECIDED
   * (a decided task never waits again); an id that is no task stays NOT_ASSIGNEE (ids are the
   * server's, fresh); an item refused by the last item the call judged in the database gets the
   * same refusal (nothing has been looked at since that could tell otherwise). From the first
   * item it cannot answer so, the rest run as a chunk, in order. So one id sent ten thousand
   * times costs a few transactions, not ten thousand.
   */
  private async runKnowing(
    caller: Caller,
    chunk: Chunk,
    run: ChunkRun,
    prev: ChunkRun | undefined,
  ): Promise<ChunkOutcome> {
    if (!chunk.repeats) return this.runChunk(caller, chunk.items, run, prev);
    const before: ChunkOutcome = prev ? await prev.done : { ok: true, results: [] };
    if (!before.ok) return run.finish(before, []);
    const known: DecisionResult[] = [];
    for (const item of chunk.items) {
      const k = run.known(item);
      if (!k) break;
      known.push(k);
    }
    const rest = chunk.items.slice(known.length);
    if (rest.length === 0) return run.finish({ ok: true, results: known }, []);
    const outcome = await this.runChunk(caller, rest, run, undefined); // the one before has finished
    if (!outcome.ok || known.length === 0) return outcome;
    return { ok: true, results: [...known, ...outcome.results] };
  }

  /**
   * One chunk in a transaction of its own. Before it commits, the chunk before it must have
   * finished (see `gate`): when that one committed this one commits; when it failed for good,
   * or waits for a lock this one holds, this one rolls back and, unless the other failed, runs
   * again once the other is done.
   */
  private async runChunk(
    caller: Caller,
    chunk: DecisionItemDto[],
    run: ChunkRun,
    prev: ChunkRun | undefined,
  ): Promise<ChunkOutcome> {
    let afterPrev = false; // this attempt starts after prev finished: it commits whenever it is done
    for (let attempt = 1; ;) {
      try {
        const results = await this.db.tx(
          async (m) => {
            if (this.db.parallelism > 1) run.pid = await backendPid(m);
            const r = await this.decideChunk(m, caller, chunk, () => run.letNextStart(), run.absent);
            if (prev && !afterPrev && !(await gate(m, prev))) throw REQUEUE;
            return r;
          },
          { attempts: 1 },
        );
        return run.finish({ ok: true, results }, chunk);
      } catch (error) {
        run.pid = null; // its connection went back to the pool: another's, from now
        run.letNextStart(); // it no longer holds this attempt's locks
        // (Db.tx has judged and counted a transient abort already: ask without counting again)
        const again = error === REQUEUE || (isTransientCode(error) && attempt++ < TX_ATTEMPTS);
        if (!again) return run.finish({ ok: false, error }, chunk);
        if (prev) {
          const before = await prev.done;
          if (!before.ok) return run.finish({ ok: false, error: before.error }, chunk);
          afterPrev = true;
        }
      }
    }
  }

  private async decideChunk(
    m: EntityManager,
    caller: Caller,
    items: DecisionItemDto[],
    holdsLocks: () => void,
    absent: Set<string>,
  ): Promise<DecisionResult[]> {
    const now = this.clock.now();
    // ids are compared lower-case (as PostgreSQL compares uuids); results echo what was sent
    const ids = items.map((d) => d.taskId.toLowerCase()).filter(isUuid);
    const locked = await this.tasks.lockWithRequests(m, ids);
    // an id that is no task now never becomes one (ids are made by the server, fresh)
    for (const item of items) if (!locked.has(item.taskId.toLowerCase())) absent.add(item.taskId.toLowerCase());
    // why the caller's tasks that closed undecided closed: moved to someone else is no "already decided"
    const closedBecause = await this.tasks.cancelReasons(
      m,
      [...locked.values()].filter((t) => t.status === 'cancelled' && t.assignee_id === caller.id).map((t) => t.id),
    );

    // 1. per-item checks, in order (a chunk holds each task once: see chunked)
    const results: (DecisionResult | null)[] = [];
    const accepted: { index: number; item: DecisionItemDto; task: LockedTask }[] = [];
    for (const item of items) {
      const task = locked.get(item.taskId.toLowerCase());
      const refusal = this.refusal(caller, item, task, task && closedBecause.get(task.id));
      if (refusal) {
        results.push(itemFailure(item.taskId, refusal));
        continue;
      }
      accepted.push({ index: results.length, item, task: task! });
      results.push(null);
    }

    // 2. the routes have the last word: refuse what a route cannot take, before writing anything.
    //    Routes and decision machines are stepped here, in memory, and written after the limits.
    //    An approval's route event cites the policy version its limits are checked under (held from here on).
    const policyVersion =
      this.limits && accepted.some(isApproval) ? await this.limits.versionForApproval(m) : undefined;
    const routed = accepted.map((a) => ({
      ...a,
      routeEvent: routeEvent(a.task, a.item, caller.id, now, policyVersion),
    }));
    const routePlan = await this.runtime.plan(
      m,
      'kessai-queue',
      routed.flatMap((a) => (a.routeEvent ? [a.routeEvent] : [])),
      now,
    );
    let c = 0;
    const steppable = routed.flatMap((a) => {
      if (!a.routeEvent) return [{ ...a, routeIndex: -1, concludes: false }];
      const routeIndex = c++;
      const o = routePlan.outcomes[routeIndex]!;
      if (!o.ok) {
        const said = explainedRouteRefusal(
          o.error,
          a.routeEvent.event,
          routePlan.live.get(a.routeEvent.instanceId)?.snap,
        );
        results[a.index] = itemFailure(a.item.taskId, said);
      }
      return o.ok ? [{ ...a, routeIndex, concludes: o.result.to === 'approved' }] : [];
    });
    // a task's row is its decision machine's instance: locked above with its request
    const taskPlan = this.runtime.planLocked(
      'supervisor-decision',
      steppable.map(({ item, task }) => ({
        instanceId: task.id,
        event: { type: TASK_EVENT[item.action], by: caller.id, comment: item.comment } as DecisionEvent &
          StepItem['event'],
        actorId: caller.id,
      })),
      now,
      steppable.map(({ task }) => ApprovalTasksRepository.instanceOf(task)),
    );

    // 3. collective limits, under their own locks, for the approvals only, in the items' order
    const approving = steppable
      .filter(isApproval)
      .map((a) => ({ requestId: a.task.request_id, flagged: a.task.flags, concludes: a.concludes }));
    // once rows and limit locks are ours, the next chunk may start: its reads and plans run
    // while this one counts, evaluates and writes
    const blocked = this.limits ? await this.limits.checkForApproval(m, approving, holdsLocks) : new Map();
    holdsLocks(); // (once is enough: a second call does nothing; without a limits check, this is the one)
    const kept = new Set<number>();
    const go = steppable.filter((a, i) => {
      // a limit refuses the approval it was checked for, not another task of the same request
      const err = isApproval(a) ? blocked.get(a.task.request_id) : undefined;
      if (err) results[a.index] = itemFailure(a.item.taskId, err);
      else kept.add(i);
      return !err;
    });

    // 4. write the decision machines (their task rows); then the routes (which decide requests)
    const stepped = await this.runtime.commit(m, taskPlan, (i) => kept.has(i));
    const failed = stepped.find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error; // checked above: the task row and its machine disagree
    const decided = go.map((a, i) => {
      const o = stepped[i]!;
      return { ...a, taskState: o.ok ? o.result.to : 'unknown' };
    });
    const routeKept = new Set(go.filter((a) => a.routeIndex >= 0).map((a) => a.routeIndex));
    const routeOutcomes = await this.runtime.commit(m, routePlan, (i) => routeKept.has(i));
    const routeFailed = routeOutcomes.find((o) => !o.ok);
    if (routeFailed && !routeFailed.ok) throw routeFailed.error;

    // 5. each item's result, with where its request stands now
    const statuses = await this.requests.statuses(m, [...new Set(decided.map((d) => d.task.request_id))]);
    for (const d of decided) {
      results[d.index] = {
        taskId: d.item.taskId,
        ok: true,
        status: d.taskState,
        requestStatus: statuses.get(d.task.request_id) ?? 'unknown',
      };
    }
    return results.map((r) => r!);
  }

  /**
   * Why this item may not be decided by the caller, or null. Order matters: visibility first.
   * `closedAs`: why a cancelled task of the caller's closed (its task.cancel reason).
   */
  private refusal(
    caller: Caller,
    item: DecisionItemDto,
    task: LockedTask | undefined,
    closedAs: string | undefined,
  ): DomainError | null {
    if (!task || task.assignee_id !== caller.id) return DomainError.of('NOT_ASSIGNEE', undefined);
    if (task.status !== 'pending') return closedTaskRefusal(task, closedAs);
    if (task.requester_id === caller.id) return DomainError.of('SELF_APPROVAL_FORBIDDEN');
    const cannot = actionRefusal(task, item.action);
    if (cannot) return cannot;
    if (item.action !== 'approve' && !hasVisibleText(item.comment)) return DomainError.of('COMMENT_REQUIRED');
    // 差し戻し goes back to the applicant (no toStep), or along a route to an earlier step: a task
    // with no route has none (the route's own refusal says which steps it may name: see returnRefusal)
    if (item.action === 'return' && item.toStep !== undefined && !task.kessai_id)
      return returnRefusal(item.toStep, task.step, []);
    if (item.expectedVersion !== undefined && item.expectedVersion !== task.version)
      return DomainError.of('VERSION_CONFLICT', { expected: item.expectedVersion, actual: task.version });
    return null;
  }
}

const isApproval = (a: { item: DecisionItemDto; task: LockedTask }): boolean =>
  a.item.action === 'approve' && a.task.kind === 'approval';

type ChunkOutcome = { ok: true; results: DecisionResult[] } | { ok: false; error: unknown };

/** Thrown inside a chunk's transaction to roll it back: the chunk before it must commit first. */
const REQUEUE = Symbol('requeue');

/** How often a chunk waiting to commit after the one before looks whether it stands in that one's way. */
const GATE_POLL_MS = 50;
/**
 * How long a chunk waiting to commit lets an earlier chunk of its call wait for a lock of anyone's
 * before it gives way all the same (see `gate`). Exported for the test that waits it out.
 */
export const GATE_PATIENCE_MS = 5_000;

/**
 * Waits, inside a chunk's transaction, until the chunk before it has finished: true when that
 * one committed, false when it failed for good (then this one rolls back too). An earlier chunk
 * may still take row locks after it let later ones start (an approval's effect may re-place an
 * approver's items, locking their requests; a retried attempt locks everything again), and this
 * one holds its locks while it waits here: a wait PostgreSQL cannot see, so it would never break
 * that circle. So while it waits, it looks whether an earlier chunk still under way waits,
 * directly or through others, for a lock this one holds; if so it gives way (false: roll back,
 * run again after the one before). Not only the one before: that one may itself be waiting here,
 * for the one before it, which waits for this one.
 * Waits on anyone else's locks are waited out, for GATE_PATIENCE_MS: another call's chunk may hold
 * that lock while it waits to commit here, after a chunk of its own that waits for one of this call's
 * (a circle through two calls, which neither call nor PostgreSQL sees whole). Giving way is always
 * safe (the chunk runs again after the one before, judged in the same order), so past that time it
 * gives way, which breaks such a circle if there is one, and costs a rerun if there is none.
 */
async function gate(m: EntityManager, prev: ChunkRun): Promise<boolean> {
  const finished = prev.done.then((o) => o.ok);
  let waitingSince: number | null = null;
  for (;;) {
    const r = await Promise.race([finished, delay(GATE_POLL_MS, null, { ref: false })]);
    if (r !== null) return r;
    const earlier = prev.unfinished();
    const pids = earlier.flatMap((c) => (c.pid === null ? [] : [c.pid]));
    if (pids.length === 0) continue;
    const { ours, any } = await lockWaits(m, pids);
    // (a chunk that finished meanwhile gave its connection back: its pid may be another's now)
    const still = (waiters: number[]) => earlier.some((c) => c.pid !== null && waiters.includes(c.pid) && !c.outcome);
    if (still(ours)) return false;
    if (!still(any)) waitingSince = null;
    else if ((waitingSince ??= Date.now()) + GATE_PATIENCE_MS <= Date.now()) return false;
  }
}

async function backendPid(m: EntityManager): Promise<number> {
  const [row] = (await m.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
  return Number(row!.pid);
}

/**
 * Which of the server processes `pids` wait for a lock: `any` for anyone's, `ours` for one this
 * transaction holds, directly or through others.
 */
async function lockWaits(m: EntityManager, pids: number[]): Promise<{ ours: number[]; any: number[] }> {
  const rows = (await m.query(
    `WITH RECURSIVE chain(waiter, pid, depth) AS (
       SELECT w, b, 1 FROM unnest($1::int[]) AS w, unnest(pg_blocking_pids(w)) AS b
       UNION ALL
       SELECT c.waiter, b, c.depth + 1 FROM chain c, unnest(pg_blocking_pids(c.pid)) AS b WHERE c.depth < 8
     )
     SELECT waiter, bool_or(pid = pg_backend_pid()) AS ours FROM chain GROUP BY waiter`,
    [pids],
  )) as { waiter: number; ours: boolean }[];
  return {
    ours: rows.filter((r) => r.ours).map((r) => Number(r.waiter)),
    any: rows.map((r) => Number(r.waiter)),
  };
}

/** What the chunks of one bulk call share: whether one failed, and what they found out. */
interface CallState {
  stopped: boolean;
  /** Tasks the call decided. */
  decided: Set<string>;
  /** Ids that are no task. */
  absent: Set<string>;
  /** Refused items (by `signature`), with the count of `judged` that refused them. */
  refused: Map<string, { failure: ItemFailure; judged: number }>;
  /** Items judged in the database so far, in the items' order. */
  judged: number;
}

/** Where a chunk of a bulk call stands, for the loop that starts chunks and for the chunk after it. */
class ChunkRun {
  done!: Promise<ChunkOutcome>;
  outcome: ChunkOutcome | undefined;
  /** The server process of its current attempt (PostgreSQL only): the next chunk looks whether it waits. */
  pid: number | null = null;
  private startNext!: () => void;
  /** Resolves when an attempt holds its rows and limit locks, or no longer holds any. */
  readonly started = new Promise<void>((r) => (this.startNext = r));

  constructor(
    private readonly call: CallState,
    /** The chunk started before this one. */
    private readonly before: ChunkRun | undefined,
  ) {}

  /** This chunk and those before it that have not finished yet, nearest first. */
  unfinished(): ChunkRun[] {
    if (this.outcome) return [];
    return [this, ...(this.before?.unfinished() ?? [])];
  }

  get absent(): Set<string> {
    return this.call.absent;
  }

  letNextStart(): void {
    this.startNext();
  }

  /** What this item answers from what the call already knows (see `runKnowing`), or undefined. */
  known(item: DecisionItemDto): DecisionResult | undefined {
    const id = item.taskId.toLowerCase();
    if (this.call.decided.has(id)) return itemFailure(item.taskId, DomainError.of('ALREADY_DECIDED'));
    if (this.call.absent.has(id)) return itemFailure(item.taskId, DomainError.of('NOT_ASSIGNEE'));
    const before = this.call.refused.get(signature(item));
    return before && before.judged === this.call.judged ? { ...before.failure, taskId: item.taskId } : undefined;
  }

  /**
   * Records the outcome of `items` (those the chunk judged, in order): a failure stops the call;
   * decided tasks and refused items answer their repeats.
   */
  finish(outcome: ChunkOutcome, items: DecisionItemDto[]): ChunkOutcome {
    this.outcome = outcome;
    if (!outcome.ok) this.call.stopped = true;
    else
      outcome.results.forEach((x, i) => {
        if (!items[i]) return; // answered from what the call knew: judged already
        this.call.judged++;
        if (x.ok) this.call.decided.add(x.taskId.toLowerCase());
        else this.call.refused.set(signature(items[i]), { failure: x, judged: this.call.judged });
      });
    this.startNext();
    return outcome;
  }
}

/** An item as a repeat must match it to get the same answer: every field a refusal may turn on. */
function signature(d: DecisionItemDto): string {
  return JSON.stringify([
    d.taskId.toLowerCase(),
    d.action,
    d.comment ?? null,
    d.expectedVersion ?? null,
    d.toStep ?? null,
  ]);
}

/** Items judged in one transaction; `repeats`: it starts with an item that repeats an earlier one of the call. */
interface Chunk {
  items: DecisionItemDto[];
  repeats: boolean;
}

/**
 * Chunks of at most CHUNK items, in order, the last TAIL items of a long call a chunk of their
 * own; a task id already in the chunk (compared as PostgreSQL compares uuids) starts the next
 * one, so that a repeated item is judged after the earlier one committed, as it would be one by one.
 */
function chunked(items: DecisionItemDto[]): Chunk[] {
  const chunks: Chunk[] = [];
  let cur: Chunk = { items: [], repeats: false };
  let seen = new Set<string>();
  const tailFrom = items.length > 2 * CHUNK ? items.length - TAIL : -1;
  for (const [i, item] of items.entries()) {
    const id = item.taskId.toLowerCase();
    if (cur.items.length === CHUNK || i === tailFrom || seen.has(id)) {
      chunks.push(cur);
      cur = { items: [], repeats: seen.has(id) };
      seen = new Set();
    }
    cur.items.push(item);
    seen.add(id);
  }
  if (cur.items.length) chunks.push(cur);
  return chunks;
}

/**
 * The route event a task decision sends (none for 後閲 and 供覧 acknowledgements); an approval's names
 * `policyVersion`, the policy its collective limits were checked under.
 */
function routeEvent(
  task: LockedTask,
  item: DecisionItemDto,
  by: string,
  at: Date,
  policyVersion: string | undefined,
): StepItem | null {
  if (!task.kessai_id || (task.kind !== 'approval' && task.kind !== 'consult')) return null;
  const now = at.toISOString();
  const comment = hasVisibleText(item.comment) ? { comment: item.comment } : {};
  const toStep = item.toStep !== undefined ? { toStep: item.toStep } : {};
  const onBehalfOf = task.on_behalf_of ? { onBehalfOf: task.on_behalf_of } : {};
  const type =
    item.action === 'return'
      ? 'step.return' // 差し戻し: to the applicant, or to an earlier step
      : task.kind === 'consult'
        ? item.action === 'approve'
          ? 'consult.agree'
          : 'consult.disagree'
        : item.action === 'approve'
          ? 'step.approve'
          : 'step.reject';
  const event = {
    type,
    by,
    ...(type === 'step.approve' ? onBehalfOf : {}),
    ...(type === 'step.return' ? toStep : {}),
    ...comment,
    now,
  };
  const cited = type === 'step.approve' && policyVersion ? { policyVersion } : {};
  return { instanceId: task.kessai_id, event, actorId: by, note: { taskId: task.id, ...cited } };
}
