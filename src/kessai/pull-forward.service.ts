import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Db } from '../database/db.service';
import { COLLECTIVE_LIMITS, type CollectiveLimitsCheck } from '../inbox/collective-limits.port';
import { explainedRouteRefusal } from '../inbox/route-refusals';
import { RequestsRepository } from '../requests/requests.repository';
import { WorkflowRuntime } from '../workflow-runtime/workflow-runtime.service';

/**
 * 引上げ: an approver of a later step decides now; the steps in between are skipped and
 * their approvers review afterwards (後閲). The route machine checks the caller's place.
 * The collective limits are re-checked under their locks, as for any approval in the inbox
 * (POLICY_LIMIT_REACHED, nothing written), whether or not the pull-forward decides the request.
 */
@Injectable()
export class PullForwardService {
  constructor(
    private readonly db: Db,
    private readonly runtime: WorkflowRuntime,
    private readonly clock: Clock,
    private readonly requests: RequestsRepository,
    @Optional() @Inject(COLLECTIVE_LIMITS) private readonly limits?: CollectiveLimitsCheck,
  ) {}

  async pullForward(caller: Caller, requestId: string, comment?: string) {
    const at = this.clock.now();
    return this.db.tx(async (m) => {
      const r = await this.requests.find(m, requestId, true);
      // one who may not read the request is told it does not exist, as GET /requests/{id} tells them
      if (!r || !(await this.requests.mayRead(m, caller, r)))
        throw DomainError.of('REQUEST_NOT_FOUND', { id: requestId });
      // a draft, or a notice approved on filing (届出), has no route to pull forward
      if (!r.kessai_id) throw DomainError.of('INVALID_TRANSITION', { state: r.status, event: 'step.pullForward' });
      const plan = await this.runtime.plan(
        m,
        'kessai-queue',
        [
          {
            instanceId: r.kessai_id,
            actorId: caller.id,
            event: { type: 'step.pullForward', by: caller.id, ...(comment ? { comment } : {}), now: at.toISOString() },
            // the policy its collective limits are checked under (below), held until this commits
            ...(this.limits ? { note: { policyVersion: await this.limits.versionForApproval(m) } } : {}),
          },
        ],
        at,
      );
      const [outcome] = plan.outcomes;
      if (!outcome) throw new Error('plan returned nothing');
      if (!outcome.ok)
        throw explainedRouteRefusal(outcome.error, plan.items[0]!.event, plan.live.get(r.kessai_id)?.snap);
      if (this.limits) {
        // as a decision in the inbox does: an approval is checked against the limits whether or not
        // it concludes the route (one that does not is refused early, as its end would be); only a
        // concluding one counts the request as approved for the approvals after it.
        // What the submission flagged is the approver's call, as in the inbox (the tasks carry it)
        const [task] = (await m.query(
          `SELECT flags FROM approval_tasks WHERE request_id = $1 ORDER BY created_at DESC, id LIMIT 1`,
          [requestId],
        )) as { flags: string[] }[];
        const blocked = await this.limits.checkForApproval(m, [
          { requestId, flagged: task?.flags ?? [], concludes: outcome.result.to === 'approved' },
        ]);
        const refusal = blocked.get(requestId);
        if (refusal) throw refusal;
      }
      const [result] = await this.runtime.commit(m, plan);
      if (!result?.ok) throw result?.error ?? new Error('commit returned nothing');
      const statuses = await this.requests.statuses(m, [r.id]);
      return { requestId, route: result.result.to, requestStatus: statuses.get(r.id) };
    });
  }
}
