import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { readsEverything, type Caller } from '../auth/caller';
import { isRealDate } from '../common/clock';
import {
  fieldProblems,
  invalidCursor,
  invalidFields,
  toBeforeFrom,
  type FieldProblems,
} from '../common/field-problems';
import { decodeCursor, encodeCursor, isUuid } from '../common/ids';
import { staffRefs } from '../org/staff-refs';
import { isSuperiorOf } from '../org/superiors';
import type { ListRequestsQuery } from './dto/request.dto';
import { COUNTED } from '../policy/facts/facts.repository';
import type { Part } from '../policy/policy.facts';
import type { Verdict } from '../policy/policy.types';
import type { CompiledRouting } from '../policy/routing/routing.types';
import type { RequestTask } from './request.entity';
import type { KessaiQueueContext } from '../../workflows';
import { SHAPE_RECORD, SHAPE_SET, shapeRecord, type RequestShape } from './request-shape';
import { toView, type MyTask, type RequestView, type RouteView, type TimelineEntry } from './request.view';
import { actionsOf } from '../inbox/task-actions';

/** A remote_work_requests row as the database returns it. */
export interface RequestRow {
  id: string;
  requester_id: string;
  requester_name: string;
  requester_romaji: string;
  department_id: string;
  section_id: string;
  status: string;
  date_from: string;
  date_to: string;
  part: RequestShape['part'];
  start_time: string | null;
  end_time: string | null;
  location: RequestShape['location'];
  satellite_office_id: string | null;
  location_text: string | null;
  tasks: RequestTask[];
  device_id: string | null;
  /** The device the request names, as an approver needs to see it (not only its id). */
  device: { id: string; kind: string; label: string; remoteCapable: boolean } | null;
  reason: string | null;
  contact: string | null;
  with_leave: boolean;
  urgent: boolean;
  outcome: string | null;
  verdict: unknown;
  policy_version: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  decided_on_behalf_of: string | null;
  /** Its approval route (kessai-queue instance); null before the first submission. */
  kessai_id: string | null;
}

// Dates as text: no time-zone shifts between pg and PGlite.
const SELECT = `
  SELECT r.id, r.requester_id, s.name_ja AS requester_name, s.name_romaji AS requester_romaji,
         r.department_id, r.section_id, r.status, r.date_from::text AS date_from, r.date_to::text AS date_to,
         r.part, r.start_time, r.end_time, r.location, r.satellite_office_id, r.location_text, r.tasks,
         r.device_id, r.reason, r.contact, r.with_leave, r.urgent, r.outcome, r.verdict, r.policy_version,
         r.version, r.created_at, r.updated_at, r.submitted_at, r.decided_at, r.decided_by, r.decided_on_behalf_of, r.kessai_id,
         (SELECT json_build_object('id', dv.id, 'kind', dv.kind, 'label', dv.label, 'remoteCapable', dv.remote_capable)
            FROM devices dv WHERE dv.id = r.device_id) AS device
  FROM remote_work_requests r JOIN staff s ON s.id = r.requester_id`;

/** Another pending or approved request of one's own that takes part of the same time, on its first shared day. */
export interface RequestClash {
  requestId: string;
  date: string;
  part: string;
  status: string;
}

/** SQL of the requests' reads and of the writes of their fields (their machine's state: RequestInstances). */
@Injectable()
export class RequestsRepository {
  async find(m: EntityManager, id: string, lock = false): Promise<RequestRow | undefined> {
    if (!isUuid(id)) return undefined;
    const rows: RequestRow[] = await m.query(`${SELECT} WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`, [id]);
    return rows[0];
  }

  /**
   * Whether the caller may read the request (GET /requests/{id}, and what acting on its route
   * reveals): its requester, admins and auditors, and those who take part in deciding it — one
   * who holds or decided one of its tasks (also as the absent approver a deputy decided for; a task
   * taken away by a reroute or a withdrawal does not count), one named on a step of its route, or
   * one above its requester in today's line of supervisors.
   */
  async mayRead(m: EntityManager, caller: Caller, request: Pick<RequestRow, 'id' | 'requester_id'>): Promise<boolean> {
    if (request.requester_id === caller.id || readsEverything(caller)) return true;
    const [row] = (await m.query(
      `SELECT EXISTS (SELECT 1 FROM approval_tasks
                      WHERE request_id = $1 AND (assignee_id = $2 OR on_behalf_of = $2) AND status <> 'cancelled')
           OR EXISTS (SELECT 1 FROM remote_work_requests r JOIN workflow_instances w ON w.id = r.kessai_id,
                        jsonb_array_elements(w.snapshot->'context'->'steps') st
                      WHERE r.id = $1 AND st->'approvers' ? $2) AS ok`,
      [request.id, caller.id],
    )) as { ok: boolean }[];
    return row?.ok === true || isSuperiorOf(m, caller.id, request.requester_id);
  }

  /** The caller's pending tasks on a request: what they may decide on it now (the request page offers it). */
  async pendingTasksOf(m: EntityManager, requestId: string, staffId: string): Promise<MyTask[]> {
    const rows: {
      id: string;
      kind: string;
      version: number;
      on_behalf_of: string | null;
      kessai_id: string | null;
    }[] = await m.query(
      `SELECT id, kind, version, on_behalf_of, kessai_id FROM approval_tasks
       WHERE request_id = $1 AND assignee_id = $2 AND status = 'pending' ORDER BY created_at, id`,
      [requestId, staffId],
    );
    return rows.map((r) => ({
      taskId: r.id,
      kind: r.kind,
      version: Number(r.version),
      ...(r.on_behalf_of ? { onBehalfOf: r.on_behalf_of } : {}),
      actions: actionsOf(r),
    }));
  }

  async statuses(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; status: string }[] = await m.query(
      `SELECT id, status FROM remote_work_requests WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  shapeOf(r: RequestRow): RequestShape {
    return {
      dateFrom: r.date_from,
      dateTo: r.date_to,
      part: r.part,
      startTime: r.start_time,
      endTime: r.end_time,
      location: r.location,
      satelliteOfficeId: r.satellite_office_id,
      locationText: r.location_text,
      tasks: r.tasks,
      deviceId: r.device_id,
      reason: r.reason,
      contact: r.contact,
      withLeave: r.with_leave,
      urgent: r.urgent,
    };
  }

  async recordVerdict(m: EntityManager, id: string, verdict: Verdict, workDays: number): Promise<void> {
    await m.query(
      `UPDATE remote_work_requests SET verdict = $2, outcome = $3, policy_version = $4, work_days = $5 WHERE id = $1`,
      [id, JSON.stringify(verdict), verdict.outcome, verdict.policyVersion, workDays],
    );
  }

  /**
   * The first of the requester's other pending or approved requests that takes part of the same
   * time as `shape` (see partsOverlap) on one of `dates` (the request's working days), or null: one
   * person's day is asked for once.
   */
  async ownOverlap(
    m: EntityManager,
    requestId: string | null,
    requesterId: string,
    shape: Pick<RequestShape, 'part' | 'startTime' | 'endTime'>,
    dates: string[],
  ): Promise<RequestClash | null> {
    const rows: {
      id: string;
      date: string;
      part: Part;
      start_time: string | null;
      end_time: string | null;
      status: string;
    }[] = await m.query(
      `SELECT r.id, d.work_date::text AS date, r.part, r.start_time, r.end_time, r.status
         FROM request_days d JOIN remote_work_requests r ON r.id = d.request_id
         WHERE d.requester_id = $1 AND d.work_date = ANY($2::date[]) AND d.request_id IS DISTINCT FROM $3
           AND r.status = ANY($4::text[])
         ORDER BY d.work_date, r.id`,
      [requesterId, dates, requestId, COUNTED],
    );
    const clash = rows.find((r) => partsOverlap(shape, { part: r.part, startTime: r.start_time, endTime: r.end_time }));
    return clash ? { requestId: clash.id, date: clash.date, part: clash.part, status: clash.status } : null;
  }

  /** The device id when it is a shared pool device (booked per day), else null. */
  async poolDeviceOf(m: EntityManager, deviceId: string | null): Promise<string | null> {
    if (!deviceId) return null;
    const [r] = (await m.query(`SELECT holder_id FROM devices WHERE id = $1`, [deviceId])) as {
      holder_id: string | null;
    }[];
    return r && r.holder_id === null ? deviceId : null;
  }

  /**
   * Unknown satellite office or device, or a device lent to someone else (one's own or a shared
   * one only: the request, its work reports and the approver would say this person took another's
   * PC home) → VALIDATION_FAILED naming the field.
   */
  async checkReferences(m: EntityManager, s: RequestShape, requesterId: string): Promise<void> {
    const [r] = (await m.query(
      `SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM satellite_offices WHERE id = $1)) AS office_ok,
              ($2::text IS NULL OR EXISTS (SELECT 1 FROM devices WHERE id = $2)) AS device_ok,
              ($2::text IS NULL OR NOT EXISTS (SELECT 1 FROM devices WHERE id = $2 AND holder_id <> $3)) AS device_mine`,
      [s.satelliteOfficeId, s.deviceId, requesterId],
    )) as [{ office_ok: boolean; device_ok: boolean; device_mine: boolean }];
    const problems: FieldProblems[] = [];
    if (!r.office_ok)
      problems.push(
        fieldProblems('satelliteOfficeId', {
          ja: `サテライトオフィス ${s.satelliteOfficeId} は登録されていません。`,
          en: `Satellite office ${s.satelliteOfficeId} is not registered.`,
          problem: `unknown satellite office ${s.satelliteOfficeId}`,
        }),
      );
    if (!r.device_ok)
      problems.push(
        fieldProblems('deviceId', {
          ja: `端末 ${s.deviceId} は登録されていません。`,
          en: `Device ${s.deviceId} is not registered.`,
          problem: `unknown device ${s.deviceId}`,
        }),
      );
    else if (!r.device_mine)
      problems.push(
        fieldProblems('deviceId', {
          ja: `端末 ${s.deviceId} は他の職員に貸与されています。自分の端末か、共用端末（日ごとに予約）を選んでください。`,
          en: `Device ${s.deviceId} is lent to another member of staff: choose your own or a shared one (booked per day).`,
          problem: `device ${s.deviceId} is lent to another member of staff`,
        }),
      );
    if (problems.length) throw invalidFields(...problems);
  }

  /** The request's fields as the applicant edited them (its machine's step writes the rest). */
  async updateShape(m: EntityManager, id: string, s: RequestShape): Promise<void> {
    await m.query(
      `UPDATE remote_work_requests r SET ${SHAPE_SET} FROM jsonb_to_record($2::jsonb) AS v(${SHAPE_RECORD})
       WHERE r.id = $1`,
      [id, JSON.stringify(shapeRecord(s))],
    );
  }

  /**
   * Where a cancel or a revocation today would cut the request: `keptUntil`, the last of its working
   * days before today (worked: they stay approved), absent when none is; `left`, whether a day from
   * today on remains to give back (today's included, even once its work began: a recall to the office,
   * or one taken ill, ends it; its report stands). None left: every day has been worked.
   */
  async cutOf(m: EntityManager, id: string, today: string): Promise<{ keptUntil?: string; left: boolean }> {
    const [row] = (await m.query(
      `SELECT max(work_date) FILTER (WHERE work_date < $2)::text AS kept, bool_or(work_date >= $2) AS left
         FROM request_days WHERE request_id = $1`,
      [id, today],
    )) as { kept: string | null; left: boolean | null }[];
    return { ...(row?.kept ? { keptUntil: row.kept } : {}), left: row?.left === true };
  }

  async timeline(m: EntityManager, id: string): Promise<TimelineEntry[]> {
    const rows: {
      seq: number;
      type: string;
      actor_id: string | null;
      actor_name: string | null;
      actor_romaji: string | null;
      behalf_id: string | null;
      behalf_name: string | null;
      behalf_romaji: string | null;
      from_state: string | null;
      to_state: string;
      payload: Record<string, unknown>;
      at: Date;
    }[] = await m.query(
      `SELECT e.seq, e.type, e.actor_id, s.name_ja AS actor_name, s.name_romaji AS actor_romaji,
              e.payload->>'onBehalfOf' AS behalf_id, b.name_ja AS behalf_name, b.name_romaji AS behalf_romaji,
              e.from_state, e.to_state, e.payload, e.at
         FROM workflow_events e
         LEFT JOIN staff s ON s.id = e.actor_id
         LEFT JOIN staff b ON b.id = e.payload->>'onBehalfOf'
         WHERE e.instance_id = $1 ORDER BY e.seq`,
      [id],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      event: r.type,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, nameRomaji: r.actor_romaji } : null,
      ...(r.behalf_id ? { onBehalfOf: { id: r.behalf_id, name: r.behalf_name, nameRomaji: r.behalf_romaji } } : {}),
      from: r.from_state,
      to: r.to_state,
      at: new Date(r.at).toISOString(),
      ...(Object.keys(r.payload ?? {}).length ? { details: r.payload } : {}),
    }));
  }

  /**
   * Where the request's approval route stands and why: its steps (who holds each, who decided,
   * 代決 on whose behalf, 後閲 owed) and its event log (routing choices carry their reason). The route
   * and its steps are named as the routing policy in force names them (`routing`, asked only when
   * the request has a route; ids alone when it has none to give).
   */
  async route(
    m: EntityManager,
    requestId: string,
    routing: () => Promise<CompiledRouting | undefined>,
  ): Promise<RouteView | null> {
    const [w] = (await m.query(
      `SELECT w.id, w.state, w.snapshot FROM remote_work_requests r JOIN workflow_instances w ON w.id = r.kessai_id
       WHERE r.id = $1`,
      [requestId],
    )) as { id: string; state: string; snapshot: { context: KessaiSnapshotContext } }[];
    if (!w) return null;
    const ctx = w.snapshot.context;
    const events = await this.timeline(m, w.id);
    const compiled = (await routing())?.routes.find((r) => r.id === ctx.routeId);
    const reviewed = await this.reviews(m, requestId, w.id);
    return {
      id: w.id,
      routeId: ctx.routeId,
      label: compiled?.label ?? null,
      state: w.state,
      currentStep: ctx.current,
      steps: ctx.steps.map((step, i) => ({
        id: step.id,
        label: compiled?.steps.find((s) => s.id === step.id)?.label ?? null,
        kind: step.kind,
        approvers: step.approvers,
        status: ctx.progress[i]?.status ?? 'waiting',
        assignees: ctx.progress[i]?.assignees ?? [],
        decisions: ctx.progress[i]?.decisions ?? [],
        kouetsu: (ctx.progress[i]?.kouetsu ?? []).map((k) => ({ ...k, ...reviewed(i, k.approverId, k.at) })),
        escalated: ctx.progress[i]?.escalated ?? false,
      })),
      events,
      people: Object.fromEntries(
        [...(await staffRefs(m, [...staffNamedBy(ctx), ...staffMovedBy(events)])).values()].map((s) => [
          s.id,
          { name: s.name, nameRomaji: s.nameRomaji },
        ]),
      ),
    };
  }

  /**
   * When each 後閲 of this route was acknowledged (`reviewedAt`), or whether it is no longer owed
   * (`closed`: its request cancelled, revoked or withdrawn since): its own task (kind kouetsu) records
   * it, not the route. A 後閲 and its task are made by the same step at the same moment (the record's
   * `at` is the task's `created_at`): they pair on step, reviewer and that moment, so that an earlier
   * route of the request (before a return and a resubmission) or an earlier 後閲 of the same step
   * answers nothing here.
   */
  private async reviews(
    m: EntityManager,
    requestId: string,
    kessaiId: string,
  ): Promise<(step: number, approverId: string, at: string) => { reviewedAt: string | null; closed: boolean }> {
    const rows = (await m.query(
      `SELECT step, assignee_id, created_at, decided_at, status FROM approval_tasks
       WHERE request_id = $1 AND kessai_id = $2 AND kind = 'kouetsu' AND status IN ('approved', 'cancelled')`,
      [requestId, kessaiId],
    )) as { step: number; assignee_id: string; created_at: Date; decided_at: Date | null; status: string }[];
    const key = (step: number, approverId: string, at: string) => `${step}:${approverId}:${at}`;
    const done = new Map(
      rows.map((r) => [
        key(Number(r.step), r.assignee_id, new Date(r.created_at).toISOString()),
        r.status === 'approved'
          ? { reviewedAt: new Date(r.decided_at!).toISOString(), closed: false }
          : { reviewedAt: null, closed: true },
      ]),
    );
    return (step, approverId, at) =>
      done.get(key(step, approverId, new Date(at).toISOString())) ?? { reviewedAt: null, closed: false };
  }

  /**
   * Requests of these requesters (null: everyone's), the latest work date first (or the earliest: `sort`),
   * keyset-paged on (date_from, id).
   * `submittedOnly`: drafts are their requester's alone, not shown to anyone else, nor is one withdrawn
   * or expired without ever being submitted.
   */
  async list(
    m: EntityManager,
    requesterIds: string[] | null,
    q: ListRequestsQuery,
    submittedOnly = false,
  ): Promise<{ items: RequestView[]; next?: string }> {
    const limit = q.limit ?? 50;
    const params: unknown[] = [];
    const where = ['true'];
    if (requesterIds) where.push(`r.requester_id = ANY($${params.push(requesterIds)}::text[])`);
    if (submittedOnly) where.push(`r.submitted_at IS NOT NULL`);
    if (q.status) where.push(`r.status = ANY($${params.push(q.status.split(','))}::text[])`);
    if (q.from && q.to && q.from > q.to) throw invalidFields(toBeforeFrom());
    if (q.from) where.push(`r.date_to >= $${params.push(q.from)}::date`);
    if (q.to) where.push(`r.date_from <= $${params.push(q.to)}::date`);
    // (a cursor names its order: one of the other order is refused, not read backwards)
    const earliest = q.sort === 'earliest';
    const kind = earliest ? 'requests-earliest' : 'requests';
    if (q.cursor) {
      const c = decodeCursor(q.cursor, kind, isRealDate);
      if (!c) throw invalidCursor();
      where.push(
        `(r.date_from, r.id) ${earliest ? '>' : '<'} ($${params.push(c.value)}::date, $${params.push(c.id)}::uuid)`,
      );
    }
    const dir = earliest ? 'ASC' : 'DESC';
    const rows: RequestRow[] = await m.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY r.date_from ${dir}, r.id ${dir} LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toView(r)),
      ...(rows.length > limit && last ? { next: encodeCursor(kind, last.date_from, last.id) } : {}),
    };
  }
}

type KessaiSnapshotContext = Pick<KessaiQueueContext, 'routeId' | 'current' | 'steps' | 'progress'>;

/**
 * The staff a route's moves name (route.reassign: from, to, and those its reason names by id, as
 * the routing writes them), who may hold nothing on it any more: a step moved twice names a
 * holder in between.
 */
function staffMovedBy(events: TimelineEntry[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.event !== 'route.reassign' || !e.details) continue;
    const { from, to, reason } = e.details as { from?: unknown; to?: unknown; reason?: unknown };
    for (const id of [from, to]) if (typeof id === 'string') ids.add(id);
    // (words with a digit: a staff id, at most; staffRefs keeps those that are)
    if (typeof reason === 'string') for (const w of reason.match(/[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*/g) ?? []) ids.add(w);
  }
  return [...ids];
}

/** Every staff id a route's steps name: approvers, assignees and whom they stand in for, deciders, 後閲. */
function staffNamedBy(ctx: KessaiSnapshotContext): string[] {
  const ids = new Set<string>();
  const add = (id: string | null | undefined) => id && ids.add(id);
  for (const step of ctx.steps) step.approvers.forEach(add);
  for (const p of ctx.progress) {
    for (const a of p.assignees) [a.staffId, a.onBehalfOf].forEach(add);
    for (const d of p.decisions) [d.by, d.onBehalfOf].forEach(add);
    for (const k of p.kouetsu) [k.approverId, k.decidedBy].forEach(add);
  }
  return [...ids];
}

type DayPart = { part: Part; startTime: string | null; endTime: string | null };

/**
 * Whether two requests of one person take part of the same time of a day: a full day takes all
 * of it, a morning and an afternoon do not meet, two hours requests meet when their times do,
 * and hours beside a half day are taken to meet it (a half day's hours are not the request's to say).
 */
function partsOverlap(a: DayPart, b: DayPart): boolean {
  if (a.part === 'full' || b.part === 'full') return true;
  if (a.part === 'hours' && b.part === 'hours')
    // (hours without both times, which a request by the hour never lacks, are taken to meet any)
    return (
      !a.startTime || !a.endTime || !b.startTime || !b.endTime || (a.startTime < b.endTime && b.startTime < a.endTime)
    );
  if (a.part === 'hours' || b.part === 'hours') return true;
  return a.part === b.part;
}
