import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { KessaiQueueContext, NotifyRequesterParams, RemoteWorkRequestEvent } from '../../workflows';
import { DomainError } from '../common/domain-error';
import { APPROVAL_CANCELLED, NOTICE_FILED, writeNotices } from '../notifications/topics';
import { WorkflowRuntime, type StepItem, type StepResult } from '../workflow-runtime/workflow-runtime.service';
import { AbsenceService } from './absence.service';
import { KessaiRouter } from './kessai-router.service';
import { KessaiTasks } from './kessai-tasks.service';

const REQUEST_EVENT = {
  approved: 'decision.approved',
  rejected: 'decision.rejected',
  returned: 'decision.returned',
} as const;

interface Submitted {
  id: string;
  requester_id: string;
  department_id: string;
  section_id: string;
  supervisor_id: string | null;
  outcome: 'allow' | 'needs_exception';
}

/**
 * Where a submitted request goes: the one place that starts, withdraws and concludes
 * approval routes (決裁ルート). A route's final outcome decides the request.
 */
@Injectable()
export class KessaiRoutes implements OnModuleInit {
  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly router: KessaiRouter,
    private readonly absences: AbsenceService,
    private readonly tasks: KessaiTasks,
  ) {}

  onModuleInit(): void {
    this.runtime.on('remote-work-request', 'openApproval', (m, rs, at) =>
      this.start(
        m,
        rs.map((r) => r.instanceId),
        at,
      ),
    );
    this.runtime.on('remote-work-request', 'closeApproval', (m, rs, at) =>
      this.withdraw(
        m,
        rs.map((r) => ({ requestId: r.instanceId, expired: r.to === 'expired' })),
        at,
      ),
    );
    this.runtime.on('kessai-queue', 'notifyRequester', (m, rs, at) => this.conclude(m, rs, at));
    this.runtime.on('remote-work-request', 'releaseDays', (m, rs, at) => this.release(m, rs, at));
    this.runtime.on('remote-work-request', 'releaseDaysAfter', (m, rs, at) => this.releaseAfter(m, rs, at));
    this.runtime.on('remote-work-request', 'acceptNotice', (m, rs, at) => this.acceptNotice(m, rs, at));
    this.runtime.on('remote-work-request', 'notifyApprovers', (m, rs, at) => this.tellApprovers(m, rs, at));
  }

  /**
   * An approval its applicant cancelled: whose approval it was is told, each approver of its route
   * (for a 代決, the approver stood in for) or who approved the registration a notice was filed under.
   */
  private async tellApprovers(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const cancels = results.map((r) => {
      const p = r.effects.find((e) => e.type === 'notifyApprovers')?.params as
        { keptUntil?: string; comment?: string } | undefined;
      return { id: r.instanceId, kept_until: p?.keptUntil, comment: p?.comment };
    });
    const told: { request_id: string; staff_id: string; kept_until: string | null; comment: string | null }[] =
      await m.query(
        `SELECT DISTINCT r.id AS request_id, a.staff_id, v.kept_until, v.comment
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, kept_until text, comment text)
       JOIN remote_work_requests r ON r.id = v.id
       CROSS JOIN LATERAL (
         SELECT COALESCE(r.decided_on_behalf_of, r.decided_by) AS staff_id
         UNION
         SELECT COALESCE(t.on_behalf_of, t.assignee_id) FROM approval_tasks t
         WHERE t.request_id = r.id AND t.kessai_id = r.kessai_id AND t.kind = 'approval' AND t.status = 'approved'
       ) a
       WHERE a.staff_id IS NOT NULL AND a.staff_id <> r.requester_id
       ORDER BY r.id, a.staff_id`,
        [JSON.stringify(cancels)],
      );
    await writeNotices(
      m,
      APPROVAL_CANCELLED,
      told.map((t) => ({
        requestId: t.request_id,
        staffId: t.staff_id,
        kind: 'cancelled',
        ...(t.kept_until ? { keptUntil: t.kept_until } : {}),
        ...(t.comment ? { comment: t.comment } : {}),
      })),
      at,
    );
  }

  /**
   * A day filed as a notice (届出) and approved on filing: it reserves what an approval does (an
   * approver's own telework is an absence), and who approved the registration is told.
   */
  private async acceptNotice(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    await this.absences.fromApprovedTelework(
      m,
      results.map((r) => r.instanceId),
      at,
    );
    const told = results.flatMap((r) =>
      r.effects
        .filter((e) => e.type === 'acceptNotice')
        .map((e) => ({ requestId: r.instanceId, staffId: (e.params as { by: string }).by, kind: 'filed' })),
    );
    await writeNotices(m, NOTICE_FILED, told, at);
  }

  /**
   * An approval given back (cancelled by its applicant, or revoked): what it reserved goes (the
   * approver's own telework as an absence), and so do the 後閲 and 供覧 tasks still open on it,
   * which would ask people to review or read an approval that no longer stands.
   */
  private async release(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const ids = results.map((r) => r.instanceId);
    await this.absences.releaseTelework(m, ids, at);
    const open: { id: string }[] = await m.query(
      `SELECT id FROM approval_tasks WHERE request_id = ANY($1::uuid[]) AND status = 'pending' ORDER BY id FOR UPDATE`,
      [ids],
    );
    await this.tasks.cancel(
      m,
      open.map((o) => o.id),
      results[0]!.to, // cancelled or revoked
      at,
    );
  }

  /**
   * The days of approved requests given back after the last one worked (a cancel or a revocation once
   * the request has begun: see KeptDays): those days no longer count, nor hold a pool device or a
   * seat; the request now ends on the last day it keeps (the effect's `after`, its machine's new
   * `lastDate`), and so does the approver's own telework as an absence. Its 後閲 and 供覧 stay open:
   * the approval stands for the days worked.
   */
  private async releaseAfter(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const cuts = results.map((r) => ({
      id: r.instanceId,
      to: (r.effects.find((e) => e.type === 'releaseDaysAfter')!.params as { after: string }).after,
    }));
    const json = JSON.stringify(cuts);
    await m.query(
      `DELETE FROM request_days d USING jsonb_to_recordset($1::jsonb) AS v(id uuid, "to" date)
       WHERE d.request_id = v.id AND d.work_date > v."to"`,
      [json],
    );
    await m.query(
      `UPDATE remote_work_requests r SET date_to = v."to",
         work_days = (SELECT count(DISTINCT d.work_date)::int FROM request_days d WHERE d.request_id = r.id)
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, "to" date) WHERE r.id = v.id`,
      [json],
    );
    // its open 後閲 and 供覧 say the request's days as the inbox and the backlog list them: now to its new end
    // (their rows locked in id order, after the request's, as `release` locks them)
    const open: { id: string }[] = await m.query(
      `SELECT t.id FROM approval_tasks t JOIN jsonb_to_recordset($1::jsonb) AS v(id uuid, "to" date) ON t.request_id = v.id
       WHERE t.status = 'pending' AND t.work_to > v."to" ORDER BY t.id FOR UPDATE OF t`,
      [json],
    );
    if (open.length)
      await m.query(
        `UPDATE approval_tasks t SET work_to = v."to" FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, "to" date)
         WHERE t.request_id = v.id AND t.id = ANY($2::uuid[])`,
        [json, open.map((o) => o.id)],
      );
    await this.absences.shortenTelework(m, cuts, at);
  }

  /** Starts a route for each submitted request, chosen by its verdict outcome (routing.yaml). */
  async start(m: EntityManager, requestIds: string[], at: Date): Promise<void> {
    const routing = await this.router.activeRouting(m);
    const rows: Submitted[] = await m.query(
      `SELECT r.id, r.requester_id, r.department_id, r.section_id, s.supervisor_id, r.outcome
       FROM remote_work_requests r JOIN staff s ON s.id = r.requester_id WHERE r.id = ANY($1::uuid[])`,
      [requestIds],
    );
    const starts = rows.map((r) => {
      const route = routing.resolve(r.outcome, {
        id: r.requester_id,
        departmentId: r.department_id,
        sectionId: r.section_id,
        supervisorId: r.supervisor_id,
      });
      if (route.steps.length === 0 || route.steps.some((s) => s.approvers.length === 0)) {
        throw DomainError.of('NO_APPROVER', { requestId: r.id, routeId: route.routeId });
      }
      return { id: randomUUID(), requestId: r.id, requesterId: r.requester_id, route };
    });
    await m.query(
      `UPDATE remote_work_requests r SET kessai_id = v.kessai_id FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, kessai_id uuid)
       WHERE r.id = v.id`,
      [JSON.stringify(starts.map((s) => ({ id: s.requestId, kessai_id: s.id })))],
    );
    await this.runtime.startMany(
      m,
      'kessai-queue',
      starts.map((s) => ({
        instanceId: s.id,
        input: {
          requestId: s.requestId,
          requesterId: s.requesterId,
          routeId: s.route.routeId,
          steps: s.route.steps,
          startedAt: at.toISOString(),
        },
        actorId: null,
        note: {
          requestId: s.requestId,
          routeId: s.route.routeId,
          classId: s.route.classId,
          routingVersion: routing.version,
        },
      })),
      at,
    );
  }

  /** 引戻し (or expiry): the route closes its open tasks and deadlines. */
  async withdraw(m: EntityManager, requests: { requestId: string; expired: boolean }[], at: Date): Promise<void> {
    const expired = new Set(requests.filter((r) => r.expired).map((r) => r.requestId));
    const rows: { id: string; kessai_id: string | null }[] = await m.query(
      `SELECT id, kessai_id FROM remote_work_requests WHERE id = ANY($1::uuid[])`,
      [requests.map((r) => r.requestId)],
    );
    const items: StepItem[] = rows
      .filter((r) => r.kessai_id)
      .map((r) => ({
        instanceId: r.kessai_id!,
        actorId: null,
        event: { type: 'request.withdrawn', now: at.toISOString(), ...(expired.has(r.id) ? { expired: true } : {}) },
      }));
    if (items.length) await this.runtime.stepMany(m, 'kessai-queue', items, at);
    // the route closed what waited for a decision; a 後閲 or 供覧 left open would ask someone to
    // review or read a request that is no longer asked for
    const open: { id: string; request_id: string }[] = await m.query(
      `SELECT id, request_id FROM approval_tasks WHERE request_id = ANY($1::uuid[]) AND status = 'pending'
       ORDER BY id FOR UPDATE`,
      [requests.map((r) => r.requestId)],
    );
    await this.tasks.cancelEach(
      m,
      open.map((o) => ({ id: o.id, reason: expired.has(o.request_id) ? 'expired' : 'withdrawn' })),
      at,
    );
  }

  /** The route reached its outcome: the request is approved, rejected or returned accordingly. */
  private async conclude(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const done = results.flatMap((r) =>
      r.effects
        .filter((e) => e.type === 'notifyRequester')
        .map((e) => ({
          ctx: r.context as unknown as KessaiQueueContext,
          p: e.params as NotifyRequesterParams,
          kessaiId: r.instanceId,
        })),
    );
    if (done.length === 0) return;
    const outcomes = await this.runtime.stepMany(
      m,
      'remote-work-request',
      done.map((d) => ({
        instanceId: d.ctx.requestId,
        event: {
          type: REQUEST_EVENT[d.p.outcome],
          by: d.p.by ?? 'system',
          ...(d.p.onBehalfOf === undefined ? {} : { onBehalfOf: d.p.onBehalfOf }),
          // a rejection's or a return's why goes to the applicant's notice (the log keeps it either way)
          ...(d.p.outcome !== 'approved' && d.p.comment ? { comment: d.p.comment } : {}),
        } as RemoteWorkRequestEvent & StepItem['event'],
        actorId: d.p.by,
        note: { kessaiId: d.kessaiId, routeId: d.ctx.routeId, ...(d.p.comment ? { comment: d.p.comment } : {}) },
      })),
      at,
    );
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error; // a route outcome the request cannot take: keep both unchanged
    const approved = outcomes.flatMap((o) => (o.ok && o.result.to === 'approved' ? [o.result.instanceId] : []));
    await this.absences.fromApprovedTelework(m, approved, at);
  }
}
