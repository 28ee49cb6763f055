import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { WorkflowRuntime } from '../workflow-runtime/workflow-runtime.service';
import { ApprovalTasksRepository } from './approval-tasks.repository';

interface Submitted {
  id: string;
  requester_id: string;
  department_id: string;
  outcome: string | null;
  flags: string[] | null;
  date_from: string;
  date_to: string;
  approver_id: string | null;
}

/**
 * Where a submitted request goes: the one place that creates and closes approval tasks.
 * Today a single step to the requester's supervisor (所属長), or the department head
 * where there is none; the kessai route replaces `open` with multi-step routes.
 */
@Injectable()
export class ApprovalRouting implements OnModuleInit {
  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly tasks: ApprovalTasksRepository,
  ) {}

  onModuleInit(): void {
    this.runtime.on('remote-work-request', 'openApproval', (m, rs, at) =>
      this.open(
        m,
        rs.map((r) => r.instanceId),
        at,
      ),
    );
    this.runtime.on('remote-work-request', 'closeApproval', (m, rs, at) =>
      this.close(
        m,
        rs.map((r) => r.instanceId),
        at,
        rs[0]?.event.type ?? 'closed',
      ),
    );
  }

  async open(m: EntityManager, requestIds: string[], at: Date): Promise<void> {
    const rows: Submitted[] = await m.query(
      `SELECT r.id, r.requester_id, r.department_id, r.outcome, r.date_from::text AS date_from, r.date_to::text AS date_to,
              ARRAY(SELECT x->>'ruleId' FROM jsonb_array_elements(coalesce(r.verdict->'reasons', '[]'::jsonb)) x
                    WHERE x->>'outcome' IN ('deny', 'needs_exception', 'warn')) AS flags,
              CASE WHEN s.supervisor_id IS NOT NULL THEN s.supervisor_id
                   WHEN d.head_id <> s.id THEN d.head_id END AS approver_id
       FROM remote_work_requests r JOIN staff s ON s.id = r.requester_id JOIN departments d ON d.id = r.department_id
       WHERE r.id = ANY($1::uuid[])`,
      [requestIds],
    );
    const missing = rows.filter((r) => !r.approver_id);
    if (missing.length) throw DomainError.of('NO_APPROVER', { requestIds: missing.map((r) => r.id) });
    const tasks = rows.map((r) => ({ id: randomUUID(), r }));
    await this.runtime.startMany(
      m,
      'supervisor-decision',
      tasks.map(({ id, r }) => ({
        instanceId: id,
        input: { requestId: r.id, requesterId: r.requester_id, assigneeId: r.approver_id!, kind: 'approval' },
        actorId: null,
        note: { requestId: r.id, assigneeId: r.approver_id },
      })),
      at,
    );
    await this.tasks.insert(
      m,
      tasks.map(({ id, r }) => ({
        id,
        requestId: r.id,
        kind: 'approval',
        step: 1,
        assigneeId: r.approver_id!,
        onBehalfOf: null,
        requesterId: r.requester_id,
        departmentId: r.department_id,
        outcome: r.outcome,
        flags: r.flags ?? [],
        workFrom: r.date_from,
        workTo: r.date_to,
      })),
      at,
    );
  }

  /** Cancels the pending tasks of requests that were withdrawn or expired. */
  async close(m: EntityManager, requestIds: string[], at: Date, reason: string): Promise<void> {
    const pending = await this.tasks.pendingOfRequests(m, requestIds);
    if (pending.length === 0) return;
    const outcomes = await this.runtime.stepMany(
      m,
      'supervisor-decision',
      pending.map((id) => ({ instanceId: id, event: { type: 'task.cancel', reason }, actorId: null })),
      at,
    );
    await this.tasks.markDecided(
      m,
      outcomes.flatMap((o) =>
        o.ok ? [{ id: o.result.instanceId, status: o.result.to, version: o.result.version }] : [],
      ),
      at,
    );
  }
}
