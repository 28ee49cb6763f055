import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller';
import { Clock, japanDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Db } from '../database/db.service';
import { ABSENT_SQL } from './absences.repository';
import { KessaiRouter } from './kessai-router.service';
import { subordinatesOf } from '../org/superiors';
import { OrgAccess } from './org-access';

/** Per approver: the box from the indexed task rows, absence now and ahead. $1 department or null, $2 now, $3 today, $4 horizon. */
export const OVERVIEW_SQL = `WITH forecast AS (
           SELECT DISTINCT t.id FROM approval_tasks t
           JOIN absences a ON a.staff_id = t.assignee_id AND ${ABSENT_SQL} AND a.date_to >= $3::date
             AND (t.due_at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN a.date_from AND a.date_to
           WHERE t.status = 'pending' AND t.kind IN ('approval', 'consult') AND t.due_at >= $2
         ), boxes AS (
           SELECT t.assignee_id,
                  count(*) FILTER (WHERE t.kind IN ('approval', 'consult'))::int AS pending,
                  count(*) FILTER (WHERE t.kind = 'kouetsu')::int AS kouetsu,
                  count(*) FILTER (WHERE t.kind = 'inform')::int AS inform,
                  min(t.created_at) FILTER (WHERE t.kind IN ('approval', 'consult')) AS oldest,
                  count(*) FILTER (WHERE t.kind IN ('approval', 'consult') AND t.due_at < $2)::int AS overdue,
                  count(*) FILTER (WHERE t.kind IN ('approval', 'consult') AND t.due_at >= $2 AND t.id IN (
                    SELECT f.id FROM forecast f))::int AS forecast
           FROM approval_tasks t
           WHERE t.status = 'pending' AND ($1::text IS NULL OR t.assignee_id IN (SELECT id FROM staff WHERE department_id = $1)
             OR t.assignee_id = ANY($5::text[]))
           GROUP BY t.assignee_id
         ), held AS (
           -- what deputies hold in an approver's place (代決): not in the approver's box, still theirs
           SELECT t.on_behalf_of AS approver_id, count(*)::int AS n FROM approval_tasks t
           WHERE t.status = 'pending' AND t.on_behalf_of IS NOT NULL AND t.assignee_id <> t.on_behalf_of
           GROUP BY t.on_behalf_of
         ), approvers AS (
           SELECT s.id FROM staff s WHERE s.active AND 'supervisor' = ANY(s.roles)
             AND ($1::text IS NULL OR s.department_id = $1 OR s.id = ANY($5::text[]))
           UNION SELECT assignee_id FROM boxes
         )
         SELECT s.id AS approver_id, s.name_ja AS name, s.name_romaji, s.department_id, d.name_ja AS department_ja,
                d.name_en AS department_en, s.grade,
                coalesce(b.pending, 0) AS pending, coalesce(b.kouetsu, 0) AS kouetsu,
                coalesce(b.inform, 0) AS inform, b.oldest,
                coalesce(b.overdue, 0) AS overdue, coalesce(b.forecast, 0) AS forecast, coalesce(hd.n, 0) AS held,
                EXISTS (SELECT 1 FROM absences a WHERE a.staff_id = s.id AND ${ABSENT_SQL}
                        AND $3::date BETWEEN a.date_from AND a.date_to) AS absent_now,
                (SELECT json_agg(json_build_object('from', a.date_from, 'to', a.date_to, 'kind', a.kind,
                          'canActRemotely', a.can_act_remotely) ORDER BY a.date_from)
                 FROM absences a WHERE a.staff_id = s.id AND ${ABSENT_SQL} AND a.date_to >= $3::date
                   AND a.date_from <= $4::date) AS absences
         FROM approvers p JOIN staff s ON s.id = p.id JOIN departments d ON d.id = s.department_id
           LEFT JOIN boxes b ON b.assignee_id = s.id LEFT JOIN held hd ON hd.approver_id = s.id
         ORDER BY coalesce(b.overdue, 0) DESC, coalesce(b.pending, 0) DESC, s.id`;

/** Working days ahead the backlog looks for absences. */
export const LOOKAHEAD_WORKING_DAYS = 3;

interface Row {
  approver_id: string;
  name: string;
  name_romaji: string;
  department_id: string;
  department_ja: string;
  department_en: string;
  grade: string;
  pending: number;
  kouetsu: number;
  inform: number;
  oldest: Date | null;
  overdue: number;
  forecast: number;
  held: number;
  absent_now: boolean;
  absences: { from: string; to: string; kind: string; canActRemotely: boolean }[] | null;
}

/**
 * Every approver's box (決裁箱) at a glance, from the indexed task rows: how many items, how
 * old, how many past their deadline, who is away now or in the next working days, and how
 * many items will pass their deadline while the approver is away.
 */
@Injectable()
export class BacklogService {
  constructor(
    private readonly db: Db,
    private readonly router: KessaiRouter,
    private readonly clock: Clock,
    private readonly access: OrgAccess,
  ) {}

  async overview(caller: Caller, department?: string) {
    const dept = this.scope(caller, department);
    const at = this.clock.now();
    const today = japanDate(at);
    return this.db.read(async (m) => {
      const clock = await this.router.workingClock(m);
      const horizon = clock.addWorkingDays(today, LOOKAHEAD_WORKING_DAYS);
      // an approver sees their department's boxes, and (unless they ask for one department) those of the
      // staff below them in the supervisor line, in any department: the boxes they may move
      const below = dept !== undefined && department === undefined ? await subordinatesOf(m, caller.id) : [];
      const rows: Row[] = await m.query(OVERVIEW_SQL, [dept ?? null, at, today, horizon, below]);
      return {
        asOf: at.toISOString(),
        lookaheadUntil: horizon,
        items: rows.map((r) => ({
          approverId: r.approver_id,
          name: r.name,
          nameRomaji: r.name_romaji,
          departmentId: r.department_id,
          department: { id: r.department_id, nameJa: r.department_ja, nameEn: r.department_en },
          grade: r.grade,
          pending: Number(r.pending),
          heldByDeputies: Number(r.held),
          oldestAgeHours: r.oldest ? round1(clock.workingHoursBetween(new Date(r.oldest), at)) : 0,
          overdue: Number(r.overdue),
          absentNow: r.absent_now,
          upcomingAbsences: r.absences ?? [],
          forecastOverdue: Number(r.forecast),
          kouetsuPending: Number(r.kouetsu),
          informPending: Number(r.inform),
        })),
      };
    });
  }

  async items(caller: Caller, approverId: string, limit = 200) {
    const at = this.clock.now();
    return this.db.read(async (m) => {
      const [s] = (await m.query(`SELECT department_id, name_ja, name_romaji, active FROM staff WHERE id = $1`, [
        approverId,
      ])) as { department_id: string; name_ja: string; name_romaji: string; active: boolean }[];
      if (!s) throw DomainError.of('STAFF_NOT_FOUND', { staffId: approverId });
      // one's own box; in one's department (an approver) or anywhere (an admin); or of one below one in the
      // supervisor line, in any department: whoever may move a box (mayReroute) may see it
      // (one who may not is told why by `scope`, as the overview tells them)
      if (!(await this.mayRead(m, caller, approverId, s.department_id))) this.scope(caller, s.department_id);
      const clock = await this.router.workingClock(m);
      const rows: {
        id: string;
        request_id: string;
        kind: string;
        step: number;
        step_id: string | null;
        requester_id: string;
        requester_name: string;
        requester_romaji: string;
        on_behalf_of: string | null;
        behalf_name: string | null;
        behalf_romaji: string | null;
        created_at: Date;
        due_at: Date | null;
        work_from: string;
        work_to: string;
        outcome: string | null;
        routing_note: { reason?: string } | null;
      }[] = await m.query(
        `SELECT t.id, t.request_id, t.kind, t.step, t.step_id, t.requester_id, s.name_ja AS requester_name,
                s.name_romaji AS requester_romaji, t.on_behalf_of, b.name_ja AS behalf_name, b.name_romaji AS behalf_romaji,
                t.created_at, t.due_at, t.work_from::text AS work_from, t.work_to::text AS work_to, t.outcome, t.routing_note
         FROM approval_tasks t JOIN staff s ON s.id = t.requester_id LEFT JOIN staff b ON b.id = t.on_behalf_of
         WHERE t.assignee_id = $1 AND t.status = 'pending' ORDER BY t.due_at NULLS LAST, t.created_at, t.id LIMIT $2`,
        [approverId, limit],
      );
      // what deputies hold in this approver's place (代決): not in this box, still theirs to review later
      const held: { id: string; name_ja: string; name_romaji: string; department_id: string; n: number }[] =
        await m.query(
          `SELECT d.id, d.name_ja, d.name_romaji, d.department_id, count(*)::int AS n
           FROM approval_tasks t JOIN staff d ON d.id = t.assignee_id
           WHERE t.on_behalf_of = $1 AND t.status = 'pending' AND t.assignee_id <> $1
           GROUP BY d.id, d.name_ja, d.name_romaji, d.department_id ORDER BY count(*) DESC, d.id`,
          [approverId],
        );
      const heldByDeputies = [];
      for (const d of held)
        heldByDeputies.push({
          deputy: { id: d.id, name: d.name_ja, nameRomaji: d.name_romaji },
          count: Number(d.n),
          // whether the caller may open that deputy's box (the page links it only then)
          mayOpen: await this.mayRead(m, caller, d.id, d.department_id),
        });
      return {
        approverId,
        approver: { id: approverId, name: s.name_ja, nameRomaji: s.name_romaji },
        heldByDeputies,
        // whether the caller may move this box (POST …/reroute): the page offers it only then
        // (not for one who has left: a reroute would answer STAFF_NOT_FOUND)
        mayReroute: s.active && (await this.access.isAbove(m, caller, approverId)),
        items: rows.map((r) => ({
          taskId: r.id,
          requestId: r.request_id,
          kind: r.kind,
          step: Number(r.step),
          stepId: r.step_id,
          requester: { id: r.requester_id, name: r.requester_name, nameRomaji: r.requester_romaji },
          ...(r.on_behalf_of
            ? {
                onBehalfOf: r.on_behalf_of,
                onBehalfOfPerson: { id: r.on_behalf_of, name: r.behalf_name!, nameRomaji: r.behalf_romaji! },
              }
            : {}),
          workFrom: r.work_from,
          workTo: r.work_to,
          outcome: r.outcome,
          createdAt: new Date(r.created_at).toISOString(),
          ageHours: round1(clock.workingHoursBetween(new Date(r.created_at), at)),
          dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
          overdue: r.due_at ? new Date(r.due_at) < at : false,
          ...(r.routing_note?.reason ? { routing: r.routing_note.reason } : {}),
        })),
      };
    });
  }

  /**
   * Whether the caller may read this person's box, as `items` judges it: their own; in one's department
   * (an approver) or anywhere (an admin); or of one below one in the supervisor line, in any department.
   */
  private async mayRead(m: EntityManager, caller: Caller, staffId: string, departmentId: string): Promise<boolean> {
    if (caller.id === staffId || caller.roles.includes('admin')) return true;
    if (caller.roles.includes('supervisor') && caller.departmentId === departmentId) return true;
    return this.access.isAbove(m, caller, staffId);
  }

  /** Admins see any department; other approvers see their own (and the boxes below them: see overview). */
  private scope(caller: Caller, department?: string): string | undefined {
    if (caller.roles.includes('admin')) return department;
    if (!caller.roles.includes('supervisor')) throw DomainError.of('FORBIDDEN');
    if (department && department !== caller.departmentId) throw DomainError.of('FORBIDDEN', { department });
    return caller.departmentId;
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
