import type { EntityManager } from 'typeorm';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { persistedSnapshot } from './pure-stepper';

/** A machine instance as its store holds it (locked): enough to restore and go on with its log. */
export interface InstanceRow {
  id: string;
  /**
   * A persisted snapshot, or `{ value, context }` for a store that keeps the machine's state
   * in columns of its own (`machine.resolveState` takes either).
   */
  snapshot: unknown;
  version: number;
  /** Hash of the instance's last event (seq = version): where its chain goes on; null before any. */
  head_hash: string | null;
}

/** An instance as the runtime leaves it after a start or a step: what its store writes. */
export interface InstanceWrite {
  id: string;
  state: string;
  version: number;
  head: string;
  snap: AnyMachineSnapshot;
  /** The steps this write records, oldest first (none for a new instance): from → to, who sent the event, and the event. */
  steps: { from: string; to: string; actorId: string | null; event: { type: string } }[];
  /** What the caller gave a started instance for its store to keep beside the machine's state. */
  stored?: unknown;
}

/**
 * Where a machine's instances are kept. A route lives in `workflow_instances` (a snapshot per
 * row); a machine whose whole state a row of its own already holds (a decision task is its
 * `approval_tasks` row, a request its `remote_work_requests` row) keeps its instances there, so
 * that a step writes one row, not two.
 */
export interface InstanceStore {
  /** Reads and locks (FOR UPDATE, in id order) the instances of these ids that exist. */
  lock(m: EntityManager, ids: string[]): Promise<InstanceRow[]>;
  /** Writes new instances (version 1). */
  insert(m: EntityManager, rows: InstanceWrite[], at: Date): Promise<void>;
  /** Writes stepped instances: state, version, head of the log. */
  update(m: EntityManager, rows: InstanceWrite[], at: Date): Promise<void>;
}

/** The store of every machine that has no other: `workflow_instances`, one snapshot per row. */
export class WorkflowInstancesStore implements InstanceStore {
  constructor(
    private readonly name: string,
    private readonly machine: AnyStateMachine,
    private readonly machineVersion: number,
  ) {}

  async lock(m: EntityManager, ids: string[]): Promise<InstanceRow[]> {
    return m.query(
      `SELECT id, snapshot, version, head_hash FROM workflow_instances
       WHERE id = ANY($1::uuid[]) AND machine = $2 ORDER BY id FOR UPDATE`,
      [ids, this.name],
    );
  }

  async insert(m: EntityManager, rows: InstanceWrite[], at: Date): Promise<void> {
    await m.query(
      `INSERT INTO workflow_instances (id, machine, machine_version, state, snapshot, version, head_hash, created_at, updated_at)
       SELECT v.id, $2, $3, v.state, v.snapshot, v.version, v.head, $4, $4
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, state text, snapshot jsonb, version int, head text)`,
      [this.json(rows), this.name, this.machineVersion, at],
    );
  }

  async update(m: EntityManager, rows: InstanceWrite[], at: Date): Promise<void> {
    await m.query(
      `UPDATE workflow_instances w
       SET state = v.state, snapshot = v.snapshot, version = v.version, head_hash = v.head, updated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, state text, snapshot jsonb, version int, head text)
       WHERE w.id = v.id`,
      [this.json(rows), at],
    );
  }

  private json(rows: InstanceWrite[]): string {
    return JSON.stringify(
      rows.map((r) => ({
        id: r.id,
        state: r.state,
        snapshot: persistedSnapshot(this.machine, r.snap),
        version: r.version,
        head: r.head,
      })),
    );
  }
}
