import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
  on_behalf_of: string | null;
}

/** SQL of the approval-task projection. */
@Injectable()
export class ApprovalTasksRepository {
  async insert(m: EntityManager, tasks: NewTask[], at: Date): Promise<void> {
    if (tasks.length === 0) return;
    await m.query(
      `INSERT INTO approval_tasks (id, request_id, kind, step, assignee_id, on_behalf_of, status, requester_id,
         department_id, outcome, flags, work_from, work_to, version, created_at, kessai_id, step_id, routing_note, due_at)
       SELECT id, request_id, kind, step, assignee_id, on_behalf_of, 'pending', requester_id, department_id, outcome,
         flags, work_from, work_to, 1, $2, kessai_id, step_id, routing_note, due_at
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, request_id uuid, kind text, step int, assignee_id text,
         on_behalf_of text, requester_id text, department_id text, outcome text, flags text[], work_from date, work_to date,
         kessai_id uuid, step_id text, routing_note jsonb, due_at timestamptz)`,
      [
        JSON.stringify(
          tasks.map((t) => ({
            id: t.id,
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
          })),
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
   * Locks tasks with their requests in one statement, request by request (the order every
   * writer uses: the applicant's withdraw locks its request, then its tasks).
   */
  async lock(m: EntityManager, taskIds: string[]): Promise<Map<string, LockedTask>> {
    const rows: LockedTask[] = await m.query(
      `SELECT t.id, t.request_id, t.assignee_id, t.requester_id, t.status, t.version, t.outcome, t.kind, t.flags,
              t.kessai_id, t.on_behalf_of
       FROM approval_tasks t JOIN remote_work_requests r ON r.id = t.request_id
       WHERE t.id = ANY($1::uuid[]) ORDER BY r.id, t.id FOR UPDATE OF r, t`,
      [taskIds],
    );
    return new Map(rows.map((r) => [r.id, { ...r, version: Number(r.version) }]));
  }

  async markDecided(
    m: EntityManager,
    rows: { id: string; status: string; version: number; decidedBy?: string | null; comment?: string | null }[],
    at: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `UPDATE approval_tasks t SET status = v.status, version = v.version, decided_at = $2, decided_by = v.decided_by,
         comment = v.comment
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, status text, version int, decided_by text, comment text)
       WHERE t.id = v.id`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            status: r.status,
            version: r.version,
            decided_by: r.decidedBy ?? null,
            comment: r.comment ?? null,
          })),
        ),
        at,
      ],
    );
  }
}
