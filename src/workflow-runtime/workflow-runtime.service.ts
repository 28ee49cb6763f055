import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AnyStateMachine } from 'xstate';
import { workflows, type WorkflowName } from '../../workflows';
import { DomainError } from '../common/domain-error';
import { canonical, eventHash, type HashedEvent } from './event-hash';
import { type InstanceRow, type InstanceStore, type InstanceWrite, WorkflowInstancesStore } from './instance-store';
import { pureStarter, pureStepper } from './pure-stepper';

export interface StepItem {
  instanceId: string;
  event: { type: string } & Record<string, unknown>;
  actorId: string | null;
  /** The client's version (If-Match / expectedVersion); a mismatch is VERSION_CONFLICT. */
  expectedVersion?: number;
  /** What the event log records besides the event (e.g. a comment). */
  note?: Record<string, unknown>;
}

export interface StartItem {
  instanceId: string;
  input: unknown;
  actorId: string | null;
  /** What the creation event records. */
  note?: Record<string, unknown>;
  /** What the machine's store keeps beside the machine's state (see InstanceStore). */
  stored?: unknown;
}

export interface Effect {
  type: string;
  params?: unknown;
}

export interface StepResult {
  instanceId: string;
  from: string;
  to: string;
  version: number;
  context: Record<string, unknown>;
  effects: Effect[];
  event: StepItem['event'];
  actorId: string | null;
}

/** Carries out an effect in the same transaction as the step that declared it. */
export type EffectHandler = (m: EntityManager, results: StepResult[], at: Date) => Promise<void>;

export type StepOutcome = { ok: true; result: StepResult } | { ok: false; error: DomainError };

/** An event as the log stores it: what its hash covers, and the chain. */
interface EventRow extends HashedEvent {
  prev_hash: string | null;
  hash: string;
}

/**
 * The only code in src/ that steps machines. Restore → refuse what the state cannot
 * take → pure transition → persist the instance through its store (version + 1), event
 * log and outbox rows in the caller's transaction. Many items are stepped with a handful
 * of statements.
 */
@Injectable()
export class WorkflowRuntime {
  private readonly handlers = new Map<string, EffectHandler>();
  private readonly stores = new Map<WorkflowName, InstanceStore>();
  /**
   * Effects carried out in the transaction (by a handler) are done when it commits; the
   * others (notifications) go to the outbox, to be delivered after commit.
   */
  private readonly handles = (key: string): boolean => this.handlers.has(key);

  /**
   * Registers the in-transaction handler of a machine's effect (e.g. opening approval
   * tasks when a request is submitted). Effects without a handler only go to the outbox.
   */
  on(machine: WorkflowName, effect: string, handler: EffectHandler): void {
    const key = `${machine}.${effect}`;
    if (this.handlers.has(key)) throw new Error(`effect handler ${key} registered twice`);
    this.handlers.set(key, handler);
  }

  /**
   * Keeps a machine's instances in a store of its own (see InstanceStore). Only the machines
   * of OWN_STORE do, and they must have one before they are started or stepped.
   */
  useStore(machine: WorkflowName, store: InstanceStore): void {
    if (!OWN_STORE.has(machine)) throw new Error(`${machine} keeps its instances in workflow_instances`);
    if (this.stores.has(machine)) throw new Error(`store of ${machine} registered twice`);
    this.stores.set(machine, store);
  }

  private storeOf(name: WorkflowName): InstanceStore {
    const store = this.stores.get(name);
    if (store) return store;
    if (OWN_STORE.has(name)) throw new Error(`${name} has no store: its module registers one (useStore)`);
    const def = workflows[name];
    const created = new WorkflowInstancesStore(name, def.machine as AnyStateMachine, def.version);
    this.stores.set(name, created);
    return created;
  }

  private async runHandlers(m: EntityManager, machine: WorkflowName, results: StepResult[], at: Date): Promise<void> {
    const byEffect = new Map<string, StepResult[]>();
    for (const r of results) {
      for (const e of r.effects) {
        const list = byEffect.get(e.type);
        if (list) list.push(r);
        else byEffect.set(e.type, [r]);
      }
    }
    for (const [effect, rs] of byEffect) await this.handlers.get(`${machine}.${effect}`)?.(m, rs, at);
  }
  /** Creates an instance in its initial state and logs its creation. */
  async start(m: EntityManager, name: WorkflowName, item: StartItem, at: Date): Promise<StepResult> {
    const [r] = await this.startMany(m, name, [item], at);
    return r!;
  }

  /** Creates many instances: one statement for the event log, one for the outbox, the store's own for the instances. */
  async startMany(m: EntityManager, name: WorkflowName, items: StartItem[], at: Date): Promise<StepResult[]> {
    if (items.length === 0) return [];
    const def = workflows[name];
    const machine = def.machine as AnyStateMachine;
    const results: StepResult[] = [];
    const instances: InstanceWrite[] = [];
    const events: EventRow[] = [];
    const start = pureStarter(machine);
    for (const item of items) {
      const [snap, actions] = start(item.input);
      const state = stateName(snap.value);
      const started = chainEvent(null, {
        instance_id: item.instanceId,
        seq: 1,
        type: 'workflow.started',
        actor_id: item.actorId,
        from_state: null,
        to_state: state,
        payload: payloadOf({ type: 'workflow.started' }, item.note),
        at: at.toISOString(),
      });
      events.push(started);
      instances.push({
        id: item.instanceId,
        state,
        version: 1,
        head: started.hash,
        snap,
        steps: [],
        stored: item.stored,
      });
      results.push({
        instanceId: item.instanceId,
        from: state,
        to: state,
        version: 1,
        context: snap.context,
        effects: effectsOf(actions),
        event: { type: 'workflow.started' },
        actorId: item.actorId,
      });
    }
    await this.storeOf(name).insert(m, instances, at);
    await insertEvents(m, events);
    await insertOutbox(
      m,
      name,
      results.map((r) => ({ instanceId: r.instanceId, to: r.to, effects: r.effects, context: r.context })),
      at,
      this.handles,
    );
    await this.runHandlers(m, name, results, at);
    return results;
  }

  /** Steps one instance; throws the DomainError of a refused step. */
  async step(m: EntityManager, name: WorkflowName, item: StepItem, at: Date): Promise<StepResult> {
    const [outcome] = await this.stepMany(m, name, [item], at);
    if (!outcome) throw new Error('stepMany returned nothing');
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  /**
   * Steps many instances in one transaction: one locking read, then one statement each
   * for the instances, events and outbox. Items are independent:
   * a refused item does not stop the others. Items on the same instance apply in order.
   */
  async stepMany(m: EntityManager, name: WorkflowName, items: StepItem[], at: Date): Promise<StepOutcome[]> {
    const plan = await this.plan(m, name, items, at);
    await this.write(m, plan);
    return plan.outcomes;
  }

  /**
   * What stepMany would answer, writing nothing (the instances are locked all the same):
   * lets a caller refuse items before it changes anything else.
   */
  async check(m: EntityManager, name: WorkflowName, items: StepItem[], at: Date): Promise<StepOutcome[]> {
    return (await this.plan(m, name, items, at)).outcomes;
  }

  /**
   * Locks the instances and computes every item's step, writing nothing: the caller looks
   * at `outcomes`, does other work in the same transaction, then `commit`s the plan. The
   * machines are stepped once, where check-then-stepMany would step them twice.
   */
  async plan(m: EntityManager, name: WorkflowName, items: StepItem[], at: Date): Promise<StepPlan> {
    const ids = [...new Set(items.map((i) => i.instanceId))];
    if (ids.length === 0) return computePlan(name, items, at, []);
    // the instance carries the head of its chain (the hash of its event seq = version)
    return computePlan(name, items, at, await this.storeOf(name).lock(m, ids));
  }

  /**
   * `plan`, for instances the caller has read and locked from their store already (in the
   * same transaction): a decision locks its task rows with their requests, in one statement.
   */
  planLocked(name: WorkflowName, items: StepItem[], at: Date, locked: InstanceRow[]): StepPlan {
    return computePlan(name, items, at, locked);
  }

  /**
   * Writes a planned step for the items `keep` accepts (default: all) and runs their effect
   * handlers, as stepMany would have. When some are left out, the others are stepped again
   * from the locked rows, so that each instance's state and event chain hold only what
   * was kept. Returns the outcomes of the kept items, in their order.
   */
  async commit(m: EntityManager, plan: StepPlan, keep?: (index: number) => boolean): Promise<StepOutcome[]> {
    const all = !keep || plan.items.every((_, i) => keep(i));
    const final = all
      ? plan
      : computePlan(
          plan.name,
          plan.items.filter((_, i) => keep(i)),
          plan.at,
          plan.rows,
        );
    await this.write(m, final);
    return final.outcomes;
  }

  private async write(m: EntityManager, plan: StepPlan): Promise<void> {
    const { name, at } = plan;
    const changed = [...plan.live.values()].filter((c) => c.dirty);
    if (changed.length === 0) return;
    await this.storeOf(name).update(
      m,
      changed.map((c) => ({
        id: c.id,
        state: stateName(c.snap.value),
        version: c.version,
        head: c.head!,
        steps: c.steps,
        snap: c.snap,
      })),
      at,
    );
    await insertEvents(m, plan.events);
    await insertOutbox(m, name, plan.toOutbox, at, this.handles);
    await this.runHandlers(
      m,
      name,
      plan.outcomes.flatMap((o) => (o.ok ? [o.result] : [])),
      at,
    );
  }
}

/** Steps computed in memory from locked rows, not yet written (see WorkflowRuntime.plan). */
export interface StepPlan {
  readonly name: WorkflowName;
  readonly items: StepItem[];
  readonly at: Date;
  readonly outcomes: StepOutcome[];
  readonly rows: InstanceRow[];
  readonly live: Map<
    string,
    {
      id: string;
      version: number;
      head: string | null;
      snap: AnyMachineSnapshot;
      dirty: boolean;
      steps: InstanceWrite['steps'];
    }
  >;
  readonly events: EventRow[];
  readonly toOutbox: { instanceId: string; to: string; effects: Effect[]; context: unknown }[];
}

type AnyMachineSnapshot = ReturnType<AnyStateMachine['resolveState']>;

/**
 * Machines whose instances live in a store of their own: a decision task is its approval_tasks
 * row, a request its remote_work_requests row. Routes keep snapshots in workflow_instances.
 */
const OWN_STORE: ReadonlySet<WorkflowName> = new Set<WorkflowName>(['supervisor-decision', 'remote-work-request']);

/** Restore → refuse what the state cannot take → pure transition, for each item in order. */
function computePlan(name: WorkflowName, items: StepItem[], at: Date, rows: InstanceRow[]): StepPlan {
  const machine = workflows[name].machine as AnyStateMachine;
  const step = pureStepper(machine);
  const live = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        version: Number(r.version),
        head: r.head_hash,
        snap: machine.resolveState(r.snapshot as never),
        dirty: false,
        steps: [] as InstanceWrite['steps'],
      },
    ]),
  );
  const events: EventRow[] = [];
  const outcomes: StepOutcome[] = [];
  const toOutbox: StepPlan['toOutbox'] = [];
  const atIso = at.toISOString();

  for (const item of items) {
    const cur = live.get(item.instanceId);
    if (!cur) {
      outcomes.push({ ok: false, error: DomainError.of('NOT_FOUND', { id: item.instanceId }) });
      continue;
    }
    if (item.expectedVersion !== undefined && item.expectedVersion !== cur.version) {
      outcomes.push({
        ok: false,
        error: DomainError.of('VERSION_CONFLICT', { expected: item.expectedVersion, actual: cur.version }),
      });
      continue;
    }
    const from = stateName(cur.snap.value);
    if (!cur.snap.can(item.event)) {
      outcomes.push({
        ok: false,
        error: DomainError.of('INVALID_TRANSITION', { state: from, event: item.event.type }),
      });
      continue;
    }
    const [next, actions] = step(cur.snap, item.event);
    const to = stateName(next.value);
    cur.snap = next;
    cur.version += 1;
    cur.dirty = true;
    cur.steps.push({ from, to, actorId: item.actorId, event: item.event });
    const ev = chainEvent(cur.head, {
      instance_id: item.instanceId,
      seq: cur.version,
      type: item.event.type,
      actor_id: item.actorId,
      from_state: from,
      to_state: to,
      payload: payloadOf(item.event, item.note),
      at: atIso,
    });
    cur.head = ev.hash;
    events.push(ev);
    const effects = effectsOf(actions);
    toOutbox.push({ instanceId: item.instanceId, to, effects, context: next.context });
    outcomes.push({
      ok: true,
      result: {
        instanceId: item.instanceId,
        from,
        to,
        version: cur.version,
        context: next.context,
        effects,
        event: item.event,
        actorId: item.actorId,
      },
    });
  }
  return { name, items, at, outcomes, rows, live, events, toOutbox };
}

/**
 * What the log records of an item: the event's fields but its type, and the note's (a note's field
 * wins), canonical (see event-hash.ts), so that its hash can be computed again from the stored row.
 */
function payloadOf(event: StepItem['event'], note: StepItem['note']): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const k of Object.keys(event)) if (k !== 'type') merged[k] = event[k];
  if (note) for (const k of Object.keys(note)) merged[k] = note[k];
  return canonical(merged) as Record<string, unknown>;
}

function stateName(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function effectsOf(actions: { type: string; params?: unknown }[]): Effect[] {
  return actions
    .filter((a) => !a.type.startsWith('xstate.'))
    .map((a) => (a.params === undefined ? { type: a.type } : { type: a.type, params: a.params }));
}

function chainEvent(prevHash: string | null, e: Omit<EventRow, 'prev_hash' | 'hash'>): EventRow {
  const digest = eventHash(prevHash, e);
  return {
    instance_id: e.instance_id,
    seq: e.seq,
    type: e.type,
    actor_id: e.actor_id,
    from_state: e.from_state,
    to_state: e.to_state,
    payload: e.payload,
    at: e.at,
    prev_hash: prevHash,
    hash: digest,
  };
}

async function insertEvents(m: EntityManager, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await m.query(
    `INSERT INTO workflow_events (instance_id, seq, type, actor_id, from_state, to_state, payload, at, prev_hash, hash)
     SELECT instance_id, seq, type, actor_id, from_state, to_state, payload, at, prev_hash, hash
     FROM jsonb_to_recordset($1::jsonb) AS v(instance_id uuid, seq int, type text, actor_id text, from_state text,
       to_state text, payload jsonb, at timestamptz, prev_hash text, hash text)`,
    [JSON.stringify(rows)],
  );
}

function subjectOf(context: unknown): { requestId?: string; requesterId?: string } {
  const c = (context ?? {}) as { requestId?: unknown; requesterId?: unknown };
  return {
    ...(typeof c.requestId === 'string' ? { requestId: c.requestId } : {}),
    ...(typeof c.requesterId === 'string' ? { requesterId: c.requesterId } : {}),
  };
}

async function insertOutbox(
  m: EntityManager,
  machine: string,
  items: { instanceId: string; to: string; effects: Effect[]; context: unknown }[],
  at: Date,
  handled: (effect: string) => boolean,
): Promise<void> {
  const rows = items.flatMap((i) =>
    i.effects
      .filter((e) => !handled(`${machine}.${e.type}`))
      .map((e) => ({
        topic: `${machine}.${e.type}`,
        aggregate_id: i.instanceId,
        // who it concerns, not the whole context: consumers read the instance when they need more
        payload: { state: i.to, params: e.params ?? null, ...subjectOf(i.context) },
      })),
  );
  if (rows.length === 0) return;
  await m.query(
    `INSERT INTO outbox (topic, aggregate_id, payload, created_at, available_at)
     SELECT topic, aggregate_id, payload, $2, $2 FROM jsonb_to_recordset($1::jsonb) AS v(topic text, aggregate_id uuid, payload jsonb)`,
    [JSON.stringify(rows), at],
  );
}
