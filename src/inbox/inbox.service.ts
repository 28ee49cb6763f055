import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { Clock, isRealDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { invalidCursor, invalidFields, toBeforeFrom } from '../common/field-problems';
import { decodeCursor, encodeCursor } from '../common/ids';
import { Db } from '../database/db.service';
import { DecisionsService, type DecisionResult, BULK_LIMIT } from './decisions.service';
import type { InboxFilter, InboxQuery } from './dto/inbox.dto';
import { actionsOf } from './task-actions';

interface InboxRow {
  id: string;
  request_id: string;
  kind: string;
  step: number;
  status: string;
  requester_id: string;
  requester_name: string;
  requester_romaji: string;
  on_behalf_of: string | null;
  on_behalf_name: string | null;
  on_behalf_romaji: string | null;
  kessai_id: string | null;
  department_id: string;
  dept_ja: string;
  dept_en: string;
  outcome: string | null;
  flags: string[];
  flagged: { ruleId: string; outcome: string; message: { ja: string; en: string } }[];
  work_from: string;
  work_to: string;
  created_at: Date;
  version: number;
  part: string;
  start_time: string | null;
  end_time: string | null;
  location: string;
  satellite_office_id: string | null;
  satellite_ja: string | null;
  satellite_en: string | null;
  location_text: string | null;
  submissions: number;
  urgent: boolean;
  with_leave: boolean;
  tasks: unknown;
  reason: string | null;
}

/** A supervisor's inbox: pending tasks from the indexed task rows (partial indexes on pending ones). */
@Injectable()
export class InboxService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly decisions: DecisionsService,
  ) {}

  async list(caller: Caller, q: InboxQuery) {
    const limit = q.limit ?? 50;
    const sort = q.sort ?? 'oldest';
    const { where, params } = filterSql(caller.id, q, '');
    if (q.cursor) {
      const c = decodeCursor(q.cursor, sort, sort === 'oldest' ? isInstant : isRealDate);
      if (!c) throw invalidCursor();
      where.push(
        sort === 'oldest'
          ? `(t.created_at, t.id) > ($${params.push(c.value)}::timestamptz, $${params.push(c.id)}::uuid)`
          : `(t.work_from, t.id) > ($${params.push(c.value)}::date, $${params.push(c.id)}::uuid)`,
      );
    }
    const order = sort === 'oldest' ? 't.created_at, t.id' : 't.work_from, t.id';
    const rows = await this.db.query<InboxRow>(
      `SELECT t.id, t.request_id, t.kind, t.step, t.status, t.requester_id, s.name_ja AS requester_name,
              s.name_romaji AS requester_romaji, t.on_behalf_of, ob.name_ja AS on_behalf_name,
              ob.name_romaji AS on_behalf_romaji, t.kessai_id, t.department_id,
              d.name_ja AS dept_ja, d.name_en AS dept_en, t.outcome, t.flags, t.work_from::text AS work_from,
              t.work_to::text AS work_to, t.created_at, t.version, r.part, r.start_time, r.end_time, r.location,
              r.satellite_office_id, so.name_ja AS satellite_ja, so.name_en AS satellite_en, r.location_text,
              r.submissions, r.urgent, r.with_leave, r.tasks, r.reason,
              -- what each flagged rule said, from the verdict the task was opened on (the last submission's);
              -- a clean task reads nothing of the verdict
              CASE WHEN cardinality(t.flags) = 0 THEN '[]'::jsonb ELSE (SELECT coalesce(jsonb_agg(jsonb_build_object('ruleId', x->>'ruleId', 'outcome', x->>'outcome',
                        'message', x->'message') ORDER BY n), '[]'::jsonb)
                 FROM jsonb_array_elements(coalesce(r.verdict->'reasons', '[]'::jsonb)) WITH ORDINALITY AS e(x, n)
                 WHERE x->>'ruleId' = ANY(t.flags)) END AS flagged
       FROM approval_tasks t
       JOIN remote_work_requests r ON r.id = t.request_id
       JOIN staff s ON s.id = t.requester_id
       JOIN departments d ON d.id = t.department_id
       LEFT JOIN staff ob ON ob.id = t.on_behalf_of
       LEFT JOIN satellite_offices so ON so.id = r.satellite_office_id
       WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit + 1}`,
      params,
    );
    const now = this.clock.now().getTime();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toItem(r, now)),
      ...(rows.length > limit && last
        ? {
            next: encodeCursor(
              sort,
              sort === 'oldest' ? new Date(last.created_at).toISOString() : last.work_from,
              last.id,
            ),
          }
        : {}),
    };
  }

  /**
   * What the caller's box holds, counted: in all, by verdict and kind, and by requester and
   * department (those the filters may name, with how many each), from the pending-task index.
   */
  async summary(caller: Caller) {
    const rows = await this.db.query<{
      requester_id: string;
      name_ja: string;
      name_romaji: string;
      department_id: string;
      dept_ja: string;
      dept_en: string;
      outcome: string | null;
      kind: string;
      n: number;
    }>(
      `SELECT t.requester_id, s.name_ja, s.name_romaji, t.department_id, d.name_ja AS dept_ja, d.name_en AS dept_en,
              t.outcome, t.kind, count(*)::int AS n
       FROM approval_tasks t JOIN staff s ON s.id = t.requester_id JOIN departments d ON d.id = t.department_id
       WHERE t.assignee_id = $1 AND t.status = 'pending'
       GROUP BY t.requester_id, s.name_ja, s.name_romaji, t.department_id, d.name_ja, d.name_en, t.outcome, t.kind`,
      [caller.id],
    );
    const count = (key: (r: (typeof rows)[number]) => string | null) => {
      const out: Record<string, number> = {};
      for (const r of rows) {
        const k = key(r);
        if (k !== null) out[k] = (out[k] ?? 0) + Number(r.n);
      }
      return out;
    };
    /** Each of `rows`' subjects once (by id), with the tasks it has in all. */
    const counted = <T extends { id: string }>(subject: (r: (typeof rows)[number]) => T) => {
      const byId = new Map<string, T & { count: number }>();
      for (const r of rows) {
        const x = subject(r);
        const had = byId.get(x.id);
        byId.set(x.id, { ...x, count: (had?.count ?? 0) + Number(r.n) });
      }
      return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
    };
    return {
      total: rows.reduce((sum, r) => sum + Number(r.n), 0),
      outcomes: count((r) => r.outcome),
      kinds: count((r) => r.kind),
      requesters: counted((r) => ({ id: r.requester_id, name: r.name_ja, nameRomaji: r.name_romaji })),
      departments: counted((r) => ({ id: r.department_id, nameJa: r.dept_ja, nameEn: r.dept_en })),
    };
  }

  /**
   * Approves the caller's pending 決裁 tasks (kind approval) that match the filter and whose
   * verdict is `allow`; exceptions (`needs_exception`) are never approved wholesale, and 合議,
   * 供覧 and 後閲 are not approvals. More than BULK_LIMIT matches: 422, nothing approved.
   */
  async approveMatching(caller: Caller, filter: InboxFilter): Promise<{ results: DecisionResult[] }> {
    const { where, params } = filterSql(caller.id, { ...filter, outcome: undefined }, 'filter.');
    if (filter.outcome === 'needs_exception') return { results: [] }; // never approved wholesale
    where.push(`t.outcome = 'allow'`, `t.kind = 'approval'`);
    const rows = await this.db.query<{ id: string }>(
      `SELECT t.id FROM approval_tasks t WHERE ${where.join(' AND ')} ORDER BY t.created_at, t.id LIMIT ${BULK_LIMIT + 1}`,
      params,
    );
    if (rows.length > BULK_LIMIT) {
      // nothing is approved: the caller narrows the filter (e.g. by work date) and says it again
      const [n] = await this.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM approval_tasks t WHERE ${where.join(' AND ')}`,
        params,
      );
      throw DomainError.of('BULK_LIMIT', { max: BULK_LIMIT, given: Number(n?.n) });
    }
    const results = await this.decisions.decide(
      caller,
      rows.map((r) => ({ taskId: r.id, action: 'approve' as const })),
    );
    return { results };
  }
}

/** An instant as the server writes it (toISOString), in years PostgreSQL takes: 0001–9999. */
function isInstant(s: string): boolean {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(s) || s.startsWith('0000')) return false;
  const t = Date.parse(s);
  return !Number.isNaN(t) && new Date(t).toISOString() === s;
}

/**
 * The conditions of a filter (`at`: where the call holds it, for a refusal's field names). A day
 * or a period matches the request's working days, not the calendar days its span covers: a
 * Friday–Monday request is no request for the Saturday.
 */
function filterSql(assigneeId: string, f: InboxFilter, at: string): { where: string[]; params: unknown[] } {
  if (f.workFrom && f.workTo && f.workTo < f.workFrom)
    throw invalidFields(toBeforeFrom(`${at}workTo`, `${at}workFrom`));
  const params: unknown[] = [assigneeId];
  const where = [`t.assignee_id = $1`, `t.status = 'pending'`];
  if (f.kind) where.push(`t.kind = $${params.push(f.kind)}`);
  if (f.department) where.push(`t.department_id = $${params.push(f.department)}`);
  if (f.outcome) where.push(`t.outcome = $${params.push(f.outcome)}`);
  if (f.requester) where.push(`t.requester_id = $${params.push(f.requester)}`);
  // the span narrows by the task row's index; the request's days (request_days, by its key) decide
  const workingDay = (cond: string) =>
    where.push(`EXISTS (SELECT 1 FROM request_days rd WHERE rd.request_id = t.request_id AND ${cond})`);
  if (f.workDate) {
    const d = `$${params.push(f.workDate)}::date`;
    where.push(`${d} BETWEEN t.work_from AND t.work_to`);
    workingDay(`rd.work_date = ${d}`);
  }
  const bounds: string[] = [];
  if (f.workFrom) {
    const d = `$${params.push(f.workFrom)}::date`;
    where.push(`t.work_to >= ${d}`);
    bounds.push(`rd.work_date >= ${d}`);
  }
  if (f.workTo) {
    const d = `$${params.push(f.workTo)}::date`;
    where.push(`t.work_from <= ${d}`);
    bounds.push(`rd.work_date <= ${d}`);
  }
  if (bounds.length) workingDay(bounds.join(' AND '));
  return { where, params };
}

function toItem(r: InboxRow, now: number) {
  const created = new Date(r.created_at);
  return {
    taskId: r.id,
    requestId: r.request_id,
    kind: r.kind,
    step: Number(r.step),
    status: r.status,
    requester: { id: r.requester_id, name: r.requester_name, nameRomaji: r.requester_romaji },
    ...(r.on_behalf_of
      ? { onBehalfOf: { id: r.on_behalf_of, name: r.on_behalf_name, nameRomaji: r.on_behalf_romaji } }
      : {}),
    department: { id: r.department_id, nameJa: r.dept_ja, nameEn: r.dept_en },
    request: {
      from: r.work_from,
      to: r.work_to,
      part: r.part,
      startTime: r.start_time,
      endTime: r.end_time,
      location: r.location,
      satelliteOfficeId: r.satellite_office_id,
      ...(r.satellite_office_id && r.satellite_ja
        ? { satelliteOffice: { id: r.satellite_office_id, nameJa: r.satellite_ja, nameEn: r.satellite_en } }
        : {}),
      locationText: r.location_text,
      tasks: r.tasks,
      reason: r.reason,
      submissions: Number(r.submissions),
      urgent: r.urgent,
      withLeave: r.with_leave,
    },
    outcome: r.outcome,
    flags: r.flags,
    flagged: r.flagged,
    workFrom: r.work_from,
    workTo: r.work_to,
    createdAt: created.toISOString(),
    ageHours: Math.max(0, Math.floor((now - created.getTime()) / 3_600_000)),
    version: Number(r.version),
    actions: actionsOf(r),
  };
}
