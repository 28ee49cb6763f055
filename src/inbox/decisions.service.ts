import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DecisionEvent, RemoteWorkRequestEvent } from '../../workflows';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { DomainError, type Message } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { Db } from '../database/db.service';
import { RequestsRepository } from '../requests/requests.repository';
import { WorkflowRuntime, type StepItem } from '../workflow-runtime/workflow-runtime.service';
import { ApprovalTasksRepository, type LockedTask } from './approval-tasks.repository';
import { COLLECTIVE_LIMITS, type CollectiveLimitsCheck } from './collective-limits.port';
import type { DecisionItemDto } from './dto/inbox.dto';

export type DecisionResult =
  | { taskId: string; ok: true; status: string; requestStatus: string }
  | { taskId: string; ok: false; code: string; message: Message };

/** Most items one call may decide. */
export const BULK_LIMIT = 10_000;
/** Items decided per transaction: bounds lock time and statement size. */
const CHUNK = 2_000;

const TASK_EVENT = { approve: 'decision.approve', reject: 'decision.reject', return: 'decision.return' } as const;
const REQUEST_EVENT = {
  approved: 'decision.approved',
  rejected: 'decision.rejected',
  returned: 'decision.returned',
} as const;

/**
 * Supervisors' decisions, one or ten thousand at a time. Each item gets its own result;
 * per chunk a handful of set-based statements: lock requests then tasks (the same order
 * as the applicant's withdraw, so no deadlock), check, step the pure machines, write.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly db: Db,
    private readonly runtime: WorkflowRuntime,
    private readonly tasks: ApprovalTasksRepository,
    private readonly requests: RequestsRepository,
    private readonly clock: Clock,
    @Optional() @Inject(COLLECTIVE_LIMITS) private readonly limits?: CollectiveLimitsCheck,
  ) {}

  async decide(caller: Caller, items: DecisionItemDto[]): Promise<DecisionResult[]> {
    if (items.length > BULK_LIMIT) throw DomainError.of('BULK_LIMIT', { max: BULK_LIMIT, given: items.length });
    const results: DecisionResult[] = [];
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      results.push(...(await this.db.tx((m) => this.decideChunk(m, caller, chunk))));
    }
    return results;
  }

  private async decideChunk(m: EntityManager, caller: Caller, items: DecisionItemDto[]): Promise<DecisionResult[]> {
    const now = this.clock.now();
    const ids = [...new Set(items.map((d) => d.taskId).filter(isUuid))];
    const locked = await this.tasks.lock(m, ids);

    // 1. per-item checks, in order (a repeated task id sees the earlier item's effect)
    const results: (DecisionResult | null)[] = [];
    const accepted: { index: number; item: DecisionItemDto; task: LockedTask }[] = [];
    for (const item of items) {
      const task = locked.get(item.taskId);
      const refusal = this.refusal(caller, item, task);
      if (refusal) {
        results.push(fail(item.taskId, refusal));
        continue;
      }
      task!.status = 'deciding';
      accepted.push({ index: results.length, item, task: task! });
      results.push(null);
    }

    // 2. collective limits, under their own locks, for the approvals only
    const approving = accepted
      .filter((a) => a.item.action === 'approve')
      .map((a) => ({ requestId: a.task.request_id, flagged: a.task.flags }));
    const blocked = approving.length && this.limits ? await this.limits.checkForApproval(m, approving) : new Map();
    const go = accepted.filter((a) => {
      const err = blocked.get(a.task.request_id);
      if (err) results[a.index] = fail(a.item.taskId, err);
      return !err;
    });

    // 3. step the decision machines, then the requests they decide
    const stepped = await this.runtime.stepMany(
      m,
      'supervisor-decision',
      go.map(({ item }) => ({
        instanceId: item.taskId,
        event: { type: TASK_EVENT[item.action], by: caller.id, comment: item.comment } as DecisionEvent &
          StepItem['event'],
        actorId: caller.id,
      })),
      now,
    );
    const decided = go.flatMap((a, i) => {
      const o = stepped[i]!;
      if (!o.ok) results[a.index] = fail(a.item.taskId, o.error);
      return o.ok ? [{ ...a, taskState: o.result.to, version: o.result.version }] : [];
    });
    const reqOutcomes = await this.runtime.stepMany(
      m,
      'remote-work-request',
      decided.map((d) => ({
        instanceId: d.task.request_id,
        event: {
          type: REQUEST_EVENT[d.taskState as keyof typeof REQUEST_EVENT],
          by: caller.id,
        } as RemoteWorkRequestEvent & StepItem['event'],
        actorId: caller.id,
        note: { taskId: d.task.id, ...(d.item.comment ? { comment: d.item.comment } : {}) },
      })),
      now,
    );
    const failedRequest = reqOutcomes.find((o) => !o.ok);
    // A decided task whose request cannot follow means the projections disagree: undo all.
    if (failedRequest && !failedRequest.ok) throw failedRequest.error;

    // 4. projections
    await this.tasks.markDecided(
      m,
      decided.map((d) => ({
        id: d.task.id,
        status: d.taskState,
        version: d.version,
        decidedBy: caller.id,
        comment: d.item.comment ?? null,
      })),
      now,
    );
    await this.requests.updateStatus(
      m,
      reqOutcomes.flatMap((o) =>
        o.ok ? [{ id: o.result.instanceId, status: o.result.to, version: o.result.version, decidedBy: caller.id }] : [],
      ),
      now,
      'decided',
    );
    decided.forEach((d, i) => {
      const r = reqOutcomes[i]!;
      results[d.index] = {
        taskId: d.item.taskId,
        ok: true,
        status: d.taskState,
        requestStatus: r.ok ? r.result.to : 'unknown',
      };
    });
    return results.map((r) => r!);
  }

  /** Why this item may not be decided by the caller, or null. Order matters: visibility first. */
  private refusal(caller: Caller, item: DecisionItemDto, task: LockedTask | undefined): DomainError | null {
    if (!task || task.assignee_id !== caller.id) return DomainError.of('NOT_ASSIGNEE', undefined);
    if (task.status !== 'pending') return DomainError.of('ALREADY_DECIDED');
    if (task.requester_id === caller.id) return DomainError.of('SELF_APPROVAL_FORBIDDEN');
    if (item.action !== 'approve' && !item.comment?.trim()) return DomainError.of('COMMENT_REQUIRED');
    if (item.expectedVersion !== undefined && item.expectedVersion !== task.version)
      return DomainError.of('VERSION_CONFLICT');
    return null;
  }
}

function fail(taskId: string, e: DomainError): DecisionResult {
  return { taskId, ok: false, code: e.code, message: e.messages };
}
