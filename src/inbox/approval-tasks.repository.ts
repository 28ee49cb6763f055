import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DecisionContext } from '../../workflows';
import type { InstanceRow, InstanceStore, InstanceWrite } from '../workflow-runtime/instance-store';
import { WorkflowRuntime } from '../workflow-runtime/workflow-runtime.service';

export interface NewTask {
  id: string;
  requestId: string;
  kind: string;
  step: number;
  assigneeId: string;
  onBehalfOf: string | null;
  requesterId: string;
  departmentId: string;
  outcome: string | null;
  flags: string[];
  workFrom: string;
  workTo: string;
  kessaiId?: string | null;
  stepId?: string | null;
  routingNote?: unknown;
  dueAt?: Date | null;
  /** A task moved onto a step already open waits since the step opened (its created_at); else now. */
  waitingSince?: Date | null;
}

/** A task row locked for a decision. */
export interface LockedTask {
  id: string;
  request_id: string;
  assignee_id: string;
  requester_id: string;
  status: string;
  version: number;
  outcome: string | null;
  kind: string;
  flags: string[];
  kessai_id: string | null;
  /** Its step on the route (0: the first). */
  step: number;
  on_behalf_of: string | null;
  head_hash: string | null;
  decided_by: string | null;
  comment: string | null;
  /** Where the task's request stands (a task closed because it was withdrawn says so). */
  request_status: string;
}

/** The columns of a task row that hold its decision machine's state. */
type MachineColumns = Pick<
  LockedTask,
  | 'id'
  | 'status'
  | 'version'
  | 'head_hash'
  | 'request_id'
  | 'requester_id'
  | 'assignee_id'
  | 'kind'
  | 'decided_by'
  | 'comment'
>;

/**
 * SQL of the approval tasks. A task's row is also the instance of its supervisor-decision
 * machine (its store: state = status, version, head of its event log, the context in columns),
 * so that a decision writes one row where it wrote a snapshot and a projection of it.
 */
@Injectable()
export class ApprovalTasksRepository implements InstanceStore, OnModuleInit {
  constructor(private readonly runtime: WorkflowRuntime) {}

  onModuleInit(): void {
    this.runtime.useStore('supervisor-decision', this);
  }

  /** The machine instance a task row holds, for the runtime to restore. */
  static instanceOf(t: MachineColumns): InstanceRow {
    const context: DecisionContext = {
      requestId: t.request_id,
      requesterId: t.requester_id,
      assigneeId: t.assignee_id,
      kind: t.kind as DecisionContext['kind'],
      decidedBy: t.decided_by,
      comment: t.comment,
    };
    return { id: t.id, snapshot: { value: t.status, context }, version: Number(t.version), head_hash: t.head_hash };
  }

  async lock(m: EntityManager, ids: string[]): Promise<InstanceRow[]> {
    const rows: MachineColumns[] = await m.query(
      `SELECT id, status, version, head_hash, request_id, requester_id, assignee_id, kind, decided_by, comment
       FROM approval_tasks WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => ApprovalTasksRepository.instanceOf(r));
  }

  /** New tasks: each started machine brings its row's other columns as `stored` (a NewTask). */
  async insert(m: EntityManager, started: InstanceWrite[], at: Date): Promise<void> {
    if (started.length === 0) return;
    await m.query(
      `INSERT INTO approval_tasks (id, request_id, kind, step, assignee_id, on_behalf_of, status, requester_id,
         department_id, outcome, flags, work_from, work_to, version, head_hash, created_at, kessai_id, step_id,
         routing_note, due_at)
       SELECT id, request_id, kind, step, assignee_id, on_behalf_of, status, requester_id, department_id, outcome,
         flags, work_from, work_to, version, head, coalesce(waiting_since, $2), kessai_id, step_id, routing_note, due_at
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, request_id uuid, kind text, step int, assignee_id text,
         on_behalf_of text, status text, requester_id text, department_id text, outcome text, flags text[],
         work_from date, work_to date, version int, head text, kessai_id uuid, step_id text, routing_note jsonb,
         due_at timestamptz, waiting_since timestamptz)`,
      [
        JSON.stringify(
          started.map((s) => {
            const t = s.stored as NewTask;
            return {
              id: s.id,
              status: s.state,
              version: s.version,
              head: s.head,
              request_id: t.requestId,
              kind: t.kind,
              step: t.step,
              assignee_id: t.assigneeId,
              on_behalf_of: t.onBehalfOf,
              requester_id: t.requesterId,
              department_id: t.departmentId,
              outcome: t.outcome,
              flags: t.flags,
              work_from: t.workFrom,
              work_to: t.workTo,
              kessai_id: t.kessaiId ?? null,
              step_id: t.stepId ?? null,
              routing_note: t.routingNote ?? null,
              due_at: t.dueAt?.toISOString() ?? null,
              waiting_since: t.waitingSince?.toISOString() ?? null,
            };
          }),
        ),
        at,
      ],
    );
  }

  /** Stepped tasks: their state, version and log head; a decision also who decided and why. */
  async update(m: EntityManager, stepped: InstanceWrite[], at: Date): Promise<void> {
    if (stepped.length === 0) return;
    await m.query(
      `UPDATE approval_tasks t SET status = v.status, version = v.version, head_hash = v.head, decided_at = $2,
         decided_by = v.decided_by, comment = v.comment
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, status text, version int, head text, decided_by text, comment text)
       WHERE t.id = v.id`,
      [
        JSON.stringify(
          stepped.map((s) => {
            const c = s.snap.context as DecisionContext;
            return {
              id: s.id,
              status: s.state,
              version: s.version,
              head: s.head,
              decided_by: c.decidedBy,
              comment: c.comment,
            };
          }),
        ),
        at,
      ],
    );
  }

  async pendingOfRequests(m: EntityManager, requestIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM approval_tasks WHERE request_id = ANY($1::uuid[]) AND status = 'pending' ORDER BY id FOR UPDATE`,
      [requestIds],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Why these cancelled tasks closed: the reason of each one's last task.cancel event
   * (reassigned, escalated, decided, withdrawn …), by task id.
   */
  async cancelReasons(m: EntityManager, taskIds: string[]): Promise<Map<string, string>> {
    if (taskIds.length === 0) return new Map();
    const rows: { id: string; reason: string | null }[] = await m.query(
      `SELECT DISTINCT ON (instance_id) instance_id AS id, payload->>'reason' AS reason
       FROM workflow_events WHERE instance_id = ANY($1::uuid[]) AND type = 'task.cancel'
       ORDER BY instance_id, seq DESC`,
      [taskIds],
    );
    return new Map(rows.flatMap((r) => (r.reason ? [[r.id, r.reason] as [string, string]] : [])));
  }

  /**
   * Locks tasks with their requests in one statement, request by request (the order every
   * writer uses: the applicant's withdraw locks its request, then its tasks).
   */
  async lockWithRequests(m: EntityManager, taskIds: string[]): Promise<Map<string, LockedTask>> {
    const rows: LockedTask[] = await m.query(
      `SELECT t.id, t.request_id, t.assignee_id, t.requester_id, t.status, t.version, t.outcome, t.kind, t.flags,
              t.kessai_id, t.step, t.on_behalf_of, t.head_hash, t.decided_by, t.comment, r.status AS request_status
       FROM approval_tasks t JOIN remote_work_requests r ON r.id = t.request_id
       WHERE t.id = ANY($1::uuid[]) ORDER BY r.id, t.id FOR UPDATE OF r, t`,
      [taskIds],
    );
    return new Map(rows.map((r) => [r.id, { ...r, version: Number(r.version), step: Number(r.step) }]));
  }
}
