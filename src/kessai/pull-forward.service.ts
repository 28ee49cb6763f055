import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { Db } from '../database/db.service';
import { WorkflowRuntime } from '../workflow-runtime/workflow-runtime.service';

/**
 * 引上げ: an approver of a later step decides now; the steps in between are skipped and
 * their approvers review afterwards (後閲). The route machine checks the caller's place.
 */
@Injectable()
export class PullForwardService {
  constructor(
    private readonly db: Db,
    private readonly runtime: WorkflowRuntime,
    private readonly clock: Clock,
  ) {}

  async pullForward(caller: Caller, requestId: string, comment?: string) {
    const at = this.clock.now();
    return this.db.tx(async (m) => {
      const [r] = isUuid(requestId)
        ? ((await m.query(`SELECT kessai_id, status FROM remote_work_requests WHERE id = $1 FOR UPDATE`, [
            requestId,
          ])) as {
            kessai_id: string | null;
            status: string;
          }[])
        : [];
      if (!r?.kessai_id) throw DomainError.of('REQUEST_NOT_FOUND', { id: requestId });
      const result = await this.runtime.step(
        m,
        'kessai-queue',
        {
          instanceId: r.kessai_id,
          actorId: caller.id,
          event: { type: 'step.pullForward', by: caller.id, ...(comment ? { comment } : {}), now: at.toISOString() },
        },
        at,
      );
      const [after] = (await m.query(`SELECT status FROM remote_work_requests WHERE id = $1`, [requestId])) as {
        status: string;
      }[];
      return { requestId, route: result.to, requestStatus: after?.status };
    });
  }
}
