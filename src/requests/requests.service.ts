import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { KeptDays, RemoteWorkRequestEvent } from '../../workflows';
import { hasVisibleText } from '../../workflows/text';
import { readsEverything, type Caller } from '../auth/caller';
import { CALENDAR_KNOWN_UNTIL, Clock, japanDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { invalidFields, pastTheCalendar } from '../common/field-problems';
import { Db } from '../database/db.service';
import { isSuperiorOf, subordinatesOf } from '../org/superiors';
import { FactsRepository } from '../policy/facts/facts.repository';
import { holdPolicies, PolicyStore, unlessUnavailable } from '../policy/policy-store.service';
import { PolicyVerdicts } from '../policy/policy-verdicts.service';
import { RegistrationsService } from '../registrations/registrations.service';
import type { Verdict } from '../policy/policy.types';
import { auditRecord, type AuditedInstance, type ChainReport } from '../workflow-runtime/event-chain-audit';
import { WorkflowRuntime, type StepResult } from '../workflow-runtime/workflow-runtime.service';
import type { NewRequest } from './request-instances';
import type { CreateRequestDto, ListRequestsQuery, UpdateRequestDto } from './dto/request.dto';
import { lastDayPassed, mergeShape, type RequestShape } from './request-shape';
import { RequestsRepository, type RequestClash, type RequestRow } from './requests.repository';
import { toView, type RequestView, type TimelineEntry } from './request.view';

const MACHINE = 'remote-work-request';

/** COMMENT_REQUIRED for a revocation: the applicant is told why (the default message speaks of rejecting). */
const REVOKE_NEEDS_A_REASON = {
  ja: '承認の取消しには理由の記入が必要です（申請者に伝わります）。',
  en: 'Revoking an approval needs a reason; the applicant is told it.',
};

/** FORBIDDEN for one who may read another's request and would change it as its applicant does. */
/**
 * INVALID_TRANSITION for a cancel or a revocation of an approved request with no day from today on:
 * every day has been worked, or what was left was given back already.
 */
const NO_DAY_LEFT = {
  ja: 'この申請には、取り消せる日（今日以降の日）が残っていません。',
  en: 'No day of this request is left to cancel or revoke (none from today on).',
};

const APPLICANT_ONLY = {
  ja: '申請の編集・申請・取下げ・取消しは申請者本人だけができます。',
  en: 'Only the applicant may edit, submit, withdraw or cancel a request.',
};

/** Staff-side lifecycle of a remote-work request: draft, edit, submit, withdraw, cancel. */
@Injectable()
export class RequestsService {
  constructor(
    private readonly db: Db,
    private readonly runtime: WorkflowRuntime,
    private readonly repo: RequestsRepository,
    private readonly clock: Clock,
    private readonly verdicts: PolicyVerdicts,
    private readonly facts: FactsRepository,
    private readonly policies: PolicyStore,
    private readonly registrations: RegistrationsService,
  ) {}

  async create(caller: Caller, dto: CreateRequestDto): Promise<RequestView> {
    const now = this.clock.now();
    const shape = mergeShape(null, dto, await this.policies.shapeRules(japanDate(now)));
    const id = randomUUID();
    await this.db.tx(async (m) => {
      await this.repo.checkReferences(m, shape, caller.id);
      await this.runtime.start(
        m,
        MACHINE,
        {
          instanceId: id,
          input: { requesterId: caller.id, lastDate: shape.dateTo },
          actorId: caller.id,
          note: { dateFrom: shape.dateFrom, dateTo: shape.dateTo },
          stored: { caller, shape } satisfies NewRequest, // the row is the machine's instance
        },
        now,
      );
    });
    return this.get(caller, id);
  }

  /** `expectedVersion`: the version the edit was made from (the body's or If-Match), if the caller named one. */
  async update(caller: Caller, id: string, dto: UpdateRequestDto, expectedVersion?: number): Promise<RequestView> {
    const now = this.clock.now();
    await this.db.tx(async (m) => {
      const row = await this.lockOwn(m, caller, id);
      const before = this.repo.shapeOf(row);
      const shape = mergeShape(before, dto, await this.policies.shapeRules(japanDate(now), m));
      await this.repo.checkReferences(m, shape, row.requester_id);
      const item = {
        instanceId: id,
        event: { type: 'request.edit', lastDate: shape.dateTo },
        actorId: caller.id,
        expectedVersion,
        note: { changed: changedFields(dto, before, shape) },
      };
      // an edit that changes nothing is no edit: the request is checked as for one (its state, the
      // version the edit was made from), and left as it is, its version and timeline unchanged
      if (item.note.changed.length === 0) {
        const [o] = await this.runtime.check(m, MACHINE, [item], now);
        if (o && !o.ok) throw o.error;
        return;
      }
      await this.runtime.step(m, MACHINE, item, now);
      await this.repo.updateShape(m, id, shape);
    });
    return this.get(caller, id);
  }

  /**
   * Evaluates the policy and submits. `deny` → 422 POLICY_DENIED with the reasons and the
   * request stays a draft; `needs_exception` is submitted and flagged for the longer route.
   * A draft no rule fires on (a warning included: it asks the supervisor to look), within an
   * approved registration of its requester (its days and place), is a notice (届出): approved on
   * filing, once the collective limits hold under their locks as at an approval; else it goes the
   * route as any other. One requester's submissions take turns (an advisory lock on the
   * requester), so that two filed at once each count the other against the caps.
   */
  async submit(caller: Caller, id: string, expectedVersion?: number): Promise<RequestView> {
    const now = this.clock.now();
    await this.db.tx(async (m) => {
      const row = await this.lockOwn(m, caller, id);
      if (expectedVersion !== undefined && expectedVersion !== Number(row.version)) {
        throw DomainError.of('VERSION_CONFLICT', { expected: expectedVersion, actual: Number(row.version) });
      }
      if (row.status !== 'draft' && row.status !== 'returned') {
        throw DomainError.of('INVALID_TRANSITION', { state: row.status, event: 'request.submit' });
      }
      // (lock order: the request row, then its requester, then a limit's unit-days: as decisions)
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('teleflow:requester:' || $1))`, [row.requester_id]);
      const shape = this.repo.shapeOf(row);
      const today = japanDate(now);
      // a draft whose day passed before the expiry sweep reached it: submitted, it would only expire
      const field = shape.dateFrom === shape.dateTo ? 'date' : 'to';
      const passed = lastDayPassed(field, shape.dateTo, await this.policies.lastDays(today, m), shape.urgent);
      if (passed) throw invalidFields(passed);
      // (a draft saved before days past the holiday calendar were refused)
      if (shape.dateTo > CALENDAR_KNOWN_UNTIL) throw invalidFields(pastTheCalendar(field));
      // what it names still exists and is the requester's to use (a draft saved before the device rule, or
      // a device lent to someone else since)
      await this.repo.checkReferences(m, shape, row.requester_id);
      // one person's time is asked for once (under the requester's lock, taken above), on the days the
      // request works: before the policy, which would count the other request against this one. The
      // policy is held (shared) first, as an approval holds it: the limit locks below are chosen by its
      // rules, which no activation may change before this submission commits
      await holdPolicies(m);
      const policy = await this.policies.active(m);
      const workDays = this.verdicts.workingDates(policy, shape.dateFrom, shape.dateTo);
      const clash = await this.repo.ownOverlap(m, id, row.requester_id, shape, workDays);
      if (clash) throw DomainError.of('REQUEST_OVERLAPS', clash);
      const input = { requestId: id, requesterId: row.requester_id, ...toFactsInput(shape) };
      const poolDeviceId = await this.repo.poolDeviceOf(m, row.device_id);
      const where = { departmentId: row.department_id, sectionId: row.section_id, poolDeviceId };
      // what others' submissions and approvals count with this one is judged one at a time
      await this.verdicts.lockForSubmission(m, policy, { ...input, ...where, dates: workDays }, today);
      const { verdict, dates } = await this.verdicts.evaluate(m, input, today, policy);
      if (verdict.outcome === 'deny') throw DomainError.of('POLICY_DENIED', { verdict });
      await this.repo.recordVerdict(m, id, verdict, dates.length);
      await this.facts.writeDays(m, { ...input, ...where, id }, dates);
      const clean = verdict.reasons.every((r) => r.outcome === 'pass' || r.outcome === 'skipped');
      const notice = row.status === 'draft' && clean ? await this.noticeFor(m, id, row.requester_id, shape, now) : null;
      const note = { outcome: verdict.outcome, policyVersion: verdict.policyVersion };
      await this.runtime.step(
        m,
        MACHINE,
        {
          instanceId: id,
          event: notice
            ? { type: 'request.notify', outcome: verdict.outcome, by: notice.approverId, registrationId: notice.id }
            : { type: 'request.submit', outcome: verdict.outcome },
          actorId: caller.id,
          expectedVersion,
          note: notice ? { ...note, registrationId: notice.id } : note,
        },
        now,
      );
    });
    return this.get(caller, id);
  }

  /** The registration a draft is filed under as a notice, when one covers it and the collective limits hold. */
  private async noticeFor(m: EntityManager, id: string, requesterId: string, shape: RequestShape, now: Date) {
    const registration = await this.registrations.covering(m, requesterId, shape);
    if (!registration) return null;
    // the limits judge a request by the day it was filed: it is filed now, whichever way it goes
    await m.query(`UPDATE remote_work_requests SET submitted_at = $2 WHERE id = $1`, [id, now]);
    const blocked = await this.verdicts.checkForApproval(m, [{ requestId: id, flagged: [], concludes: true }]);
    return blocked.size === 0 ? registration : null;
  }

  /** What the policy would say of a new request, saving nothing. */
  async preview(
    caller: Caller,
    dto: CreateRequestDto,
  ): Promise<Pick<Verdict, 'outcome' | 'reasons' | 'policyVersion' | 'policyLabel'> & { overlaps?: RequestClash }> {
    const today = this.clock.today();
    const shape = mergeShape(null, dto, await this.policies.shapeRules(today));
    const { verdict, clash } = await this.db.read(async (m) => {
      await this.repo.checkReferences(m, shape, caller.id);
      const evaluated = await this.verdicts.evaluate(m, { requesterId: caller.id, ...toFactsInput(shape) }, today);
      // what submitting it would refuse before the policy (REQUEST_OVERLAPS), said beside the verdict; a draft
      // checked from its page is no pending request: it never clashes with itself
      return { ...evaluated, clash: await this.repo.ownOverlap(m, null, caller.id, shape, evaluated.dates) };
    });
    return {
      outcome: verdict.outcome,
      reasons: verdict.reasons,
      policyVersion: verdict.policyVersion,
      policyLabel: verdict.policyLabel,
      ...(clash ? { overlaps: clash } : {}),
    };
  }

  withdraw(caller: Caller, id: string, expectedVersion?: number, comment?: string): Promise<RequestView> {
    return this.transition(caller, id, { type: 'request.withdraw' }, expectedVersion, comment);
  }

  /**
   * 取消: an approved request given up, up to its last day. Once it has begun the days worked (see
   * RequestsRepository.cutOf) stay approved, and the request ends on the last of them.
   */
  cancel(caller: Caller, id: string, expectedVersion?: number, comment?: string): Promise<RequestView> {
    const today = this.clock.today();
    return this.transition(
      caller,
      id,
      async (m, row) => ({
        type: 'request.cancel',
        today,
        ...(await this.keptDays(m, row, today, 'request.cancel')),
        // (the approvers are told why, as the timeline says it)
        ...(hasVisibleText(comment) ? { comment } : {}),
      }),
      expectedVersion,
      comment,
    );
  }

  /**
   * What a cancel or a revocation today keeps of an approved request (KeptDays); refused when no day
   * of it is left from today on: nothing to give back.
   */
  private async keptDays(m: EntityManager, row: RequestRow, today: string, event: string): Promise<KeptDays> {
    if (row.status !== 'approved') return {}; // (its state refuses the event: 409, as before)
    const cut = await this.repo.cutOf(m, row.id, today);
    if (!cut.left) throw DomainError.of('INVALID_TRANSITION', { state: row.status, event }, NO_DAY_LEFT);
    return cut.keptUntil === undefined ? {} : { keptUntil: cut.keptUntil, revokedTo: row.date_to };
  }

  /**
   * The supervisor approves beforehand and may revoke (DOMAIN): an approved request, up to its last
   * day, by the one who approved it (not a deputy who approved as 代決: the approver they stood in
   * for may), one above that approver in the supervisor line, or an admin. Its days are given back
   * and its applicant is told, with the reason. Anyone else who may read it is refused (403);
   * anyone who may not is told it does not exist.
   */
  async revoke(
    caller: Caller,
    id: string,
    comment: string | undefined,
    expectedVersion?: number,
  ): Promise<RequestView> {
    const now = this.clock.now();
    await this.db.tx(async (m) => {
      const row = await this.repo.find(m, id, true);
      if (!row || !(await this.repo.mayRead(m, caller, row))) throw DomainError.of('REQUEST_NOT_FOUND', { id });
      // (a request not approved has no approval to take back: its state refuses, 409, below)
      if (row.status === 'approved' && !(await this.mayRevoke(m, caller, row)))
        throw DomainError.of('FORBIDDEN', { id, action: 'revoke' });
      // the applicant is told why: as for a rejection, a return or a registration's revocation
      if (!hasVisibleText(comment)) throw DomainError.of('COMMENT_REQUIRED', undefined, REVOKE_NEEDS_A_REASON);
      const today = japanDate(now);
      // the days already worked stay approved (as for a cancel)
      const kept = await this.keptDays(m, row, today, 'decision.revoked');
      await this.runtime.step(
        m,
        MACHINE,
        {
          instanceId: id,
          event: { type: 'decision.revoked', by: caller.id, today, comment, ...kept },
          actorId: caller.id,
          expectedVersion,
          note: { comment },
        },
        now,
      );
    });
    return this.get(caller, id);
  }

  /**
   * Whose approval may take it back: the approver whose approval it is (for a 代決, the approver
   * stood in for, not the deputy), those above them, and admins; never its requester.
   */
  private async mayRevoke(m: EntityManager, caller: Caller, row: RequestRow): Promise<boolean> {
    if (caller.id === row.requester_id) return false;
    const approver = row.decided_on_behalf_of ?? row.decided_by; // whose approval it is
    return (
      caller.roles.includes('admin') ||
      approver === caller.id ||
      (approver !== null && (await isSuperiorOf(m, caller.id, approver)))
    );
  }

  private async approvalActions(m: EntityManager, caller: Caller, row: RequestRow) {
    const today = this.clock.today();
    // up to its last day, while a day of it is left to give back
    const standing =
      row.status === 'approved' && row.date_to >= today && (await this.repo.cutOf(m, row.id, today)).left;
    return {
      mayCancel: standing && caller.id === row.requester_id,
      mayRevoke: standing && (await this.mayRevoke(m, caller, row)),
    };
  }

  /** One request, for those who may read it (RequestsRepository.mayRead); others are told it does not exist. */
  async get(caller: Caller, id: string): Promise<RequestView> {
    return this.db.read(async (m) => {
      const row = await this.repo.find(m, id);
      if (!row || !(await this.repo.mayRead(m, caller, row))) throw DomainError.of('REQUEST_NOT_FOUND', { id });
      const timeline: TimelineEntry[] = await this.repo.timeline(m, id);
      return {
        ...toView(row, timeline),
        route: await this.repo.route(m, id, () => unlessUnavailable(() => this.policies.activeRouting(m))),
        myTasks: await this.repo.pendingTasksOf(m, id, caller.id),
        // what the page offers: an approval is given back up to its last day (as the machine judges),
        // cancelled by its applicant, revoked by whom it belongs to
        ...(await this.approvalActions(m, caller, row)),
      };
    });
  }

  /**
   * Whether the request's record stands as written: the event logs of the request, of each approval
   * route it went through and of each of its tasks, checked as stored (event-chain-audit.ts), in one
   * snapshot. For whoever may read the request; it tells nothing the request itself does not.
   */
  async audit(caller: Caller, id: string): Promise<{ requestId: string; intact: boolean; instances: ChainReport[] }> {
    return this.db.tx(async (m) => {
      await m.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
      const row = await this.repo.find(m, id);
      if (!row || !(await this.repo.mayRead(m, caller, row))) throw DomainError.of('REQUEST_NOT_FOUND', { id });
      // the request, then its routes, then its tasks, each in the order they were made
      const instances: AuditedInstance[] = await m.query(
        `SELECT id, 'remote-work-request' AS machine, version, head_hash AS "headHash", 0 AS k, created_at
           FROM remote_work_requests WHERE id = $1
         UNION ALL
         SELECT w.id, w.machine, w.version, w.head_hash, 1, w.created_at FROM workflow_instances w
           WHERE w.id IN (SELECT kessai_id FROM approval_tasks WHERE request_id = $1
                          UNION SELECT kessai_id FROM remote_work_requests WHERE id = $1)
         UNION ALL
         SELECT id, 'supervisor-decision', version, head_hash, 2, created_at FROM approval_tasks WHERE request_id = $1
         ORDER BY k, created_at, id`,
        [row.id],
      );
      const reports = await auditRecord(m, instances);
      return { requestId: row.id, intact: reports.every((r) => r.intact), instances: reports };
    });
  }

  /**
   * The caller's own requests (scope own), those of everyone below them in the supervisor line
   * (team: who is away when), or everyone's (all: admins and auditors). Others see only requests that
   * were submitted (no drafts).
   */
  list(caller: Caller, q: ListRequestsQuery): Promise<{ items: RequestView[]; next?: string }> {
    return this.db.read(async (m) => {
      const scope = q.scope ?? 'own';
      if (scope === 'own') return this.repo.list(m, [caller.id], q);
      if (scope === 'team') return this.repo.list(m, await subordinatesOf(m, caller.id), q, true);
      if (!readsEverything(caller)) throw DomainError.of('FORBIDDEN', { scope });
      return this.repo.list(m, null, q, true);
    });
  }

  /** The caller's own request stepped by `event` (or what `event` makes of it under the row's lock). */
  private async transition(
    caller: Caller,
    id: string,
    event: RemoteWorkRequestEvent | ((m: EntityManager, row: RequestRow) => Promise<RemoteWorkRequestEvent>),
    expectedVersion?: number,
    comment?: string,
  ): Promise<RequestView> {
    const now = this.clock.now();
    await this.db.tx(async (m) => {
      const row = await this.lockOwn(m, caller, id);
      await this.runtime.step(
        m,
        MACHINE,
        {
          instanceId: id,
          event: (typeof event === 'function' ? await event(m, row) : event) as StepResult['event'],
          actorId: caller.id,
          expectedVersion,
          note: comment ? { comment } : undefined,
        },
        now,
      );
    });
    return this.get(caller, id);
  }

  /**
   * Locks the caller's own request row. Another's request is not found for one who may not read it,
   * and forbidden (only its applicant edits, submits, withdraws or cancels it) for one who may: a
   * supervisor who has its page open is told why, not that it does not exist.
   */
  private async lockOwn(m: EntityManager, caller: Caller, id: string): Promise<RequestRow> {
    const row = await this.repo.find(m, id, true);
    if (row && row.requester_id === caller.id) return row;
    if (row && (await this.repo.mayRead(m, caller, row)))
      throw DomainError.of('FORBIDDEN', { id, action: 'applicantOnly' }, APPLICANT_ONLY);
    throw DomainError.of('REQUEST_NOT_FOUND', { id });
  }
}

/** The request fields the policy reads. */
function toFactsInput(s: RequestShape) {
  return {
    dateFrom: s.dateFrom,
    dateTo: s.dateTo,
    part: s.part,
    startTime: s.startTime,
    endTime: s.endTime,
    location: s.location,
    satelliteOfficeId: s.satelliteOfficeId,
    locationText: s.locationText,
    tasks: s.tasks,
    deviceId: s.deviceId,
    withLeave: s.withLeave,
    urgent: s.urgent,
  };
}

export type { RequestShape };

/** The shape's fields each field of an edit writes (`date` is both ends of a one-day request). */
const WRITES: Partial<Record<keyof UpdateRequestDto, (keyof RequestShape)[]>> = {
  date: ['dateFrom', 'dateTo'],
  from: ['dateFrom'],
  to: ['dateTo'],
};

/** The fields an edit sent that change the request (what the timeline says it changed). */
function changedFields(dto: UpdateRequestDto, before: RequestShape, after: RequestShape): string[] {
  return (Object.keys(dto) as (keyof UpdateRequestDto)[])
    .filter((k) => k !== 'expectedVersion')
    .filter((k) => (WRITES[k] ?? [k as keyof RequestShape]).some((f) => !isDeepStrictEqual(before[f], after[f])));
}
