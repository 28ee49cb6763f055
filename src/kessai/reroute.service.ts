import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller';
import { Clock, japanDate } from '../common/clock';
import { DomainError, itemFailure, type ItemFailure } from '../common/domain-error';
import { Db } from '../database/db.service';
import { ApprovalTasksRepository } from '../inbox/approval-tasks.repository';
import { closedTaskRefusal } from '../inbox/task-actions';
import type { Grade } from '../org/org.entities';
import type { StaffRef } from '../org/staff-refs';
import { WorkflowRuntime, type StepItem } from '../workflow-runtime/workflow-runtime.service';
import { AbsencesRepository } from './absences.repository';
import { DelegationsRepository, DeputyGraph } from './delegations.repository';
import type { RerouteDto } from './dto/kessai.dto';
import { deputyLacksAuthority, hasGrade, KessaiRouter } from './kessai-router.service';
import { OrgAccess } from './org-access';
import { lockRequestsFirst } from './request-locks';

export type RerouteResult =
  | {
      taskId: string;
      ok: true;
      to: string;
      toPerson: StaffRef;
      onBehalfOf?: string;
      onBehalfOfPerson?: StaffRef;
      /** The new assignee is away today: the item waits for them. */
      toAway?: true;
    }
  | ItemFailure;

interface PendingTask {
  id: string;
  kessai_id: string;
  step: number;
  assignee_id: string;
  on_behalf_of: string | null;
  requester_id: string;
  status: string;
  kind: string;
  request_status: string;
  /** From the route's snapshot: its route and whether the task's step allows 代決. */
  route_id: string;
  daiketsu_allowed: boolean;
}

/** A 後閲 or 供覧 named by id: its reader's own, it is acknowledged, not moved ("not yours" would mislead). */
const NOT_MOVABLE = {
  ja: '後閲・供覧は本人が確認するものなので、振り替えられません。',
  en: 'A post-review (後閲) or for-information (供覧) item is for its own reader to acknowledge; it cannot be moved.',
};

/** An approver's items moved to the approver: said for whoever moves them (an admin, a superior). */
const TO_SELF = {
  ja: '決裁者本人には振り替えられません。振替先に別の職員を指定してください。',
  en: 'The items cannot be moved to the approver themself; choose another staff member to move them to.',
};

/** Backlogs from this size are moved in parallel parts. */
const PARALLEL_FROM = 500;

/**
 * Splits task ids into n parts, each route's tasks in one part (two parts never lock the
 * same route), keeping the order within a part and each id's position in the whole.
 */
function splitByRoute(
  ids: string[],
  routeOf: Map<string, string>,
  n: number,
): { ids: string[]; positions: number[] }[] {
  const parts = Array.from({ length: n }, () => ({ ids: [] as string[], positions: [] as number[] }));
  const partOf = new Map<string, number>();
  ids.forEach((id, i) => {
    const route = routeOf.get(id) ?? ''; // unknown ids (refused in the part) stay together
    let k = partOf.get(route);
    if (k === undefined) partOf.set(route, (k = partOf.size % n));
    parts[k]!.ids.push(id);
    parts[k]!.positions.push(i);
  });
  return parts.filter((p) => p.ids.length > 0);
}

/**
 * An admin (or the approver's superior) moves a backlog: every item checked on its own
 * (authority, not the requester, still pending), previewed with dryRun, written as route
 * reassignments (the route's log records who moved what and why). untilReturn items go
 * back to the approver when their absence ends (a durable timer).
 */
@Injectable()
export class RerouteService {
  private readonly logger = new Logger(RerouteService.name);

  constructor(
    private readonly db: Db,
    private readonly runtime: WorkflowRuntime,
    private readonly router: KessaiRouter,
    private readonly absences: AbsencesRepository,
    private readonly delegations: DelegationsRepository,
    private readonly tasks: ApprovalTasksRepository,
    private readonly access: OrgAccess,
    private readonly clock: Clock,
  ) {}

  async reroute(caller: Caller, approverId: string, dto: RerouteDto): Promise<{ results: RerouteResult[] }> {
    const at = this.clock.now();
    // task ids as PostgreSQL compares uuids (in lower case, as the results name them)
    const taskIds = dto.taskIds?.map((id) => id.toLowerCase());
    const { back, ids, routeOf } = await this.db.read(async (m) => {
      await this.access.assertAbove(m, caller, approverId);
      if (dto.toStaffId && !(await this.access.exists(m, dto.toStaffId)))
        throw DomainError.of('STAFF_NOT_FOUND', { staffId: dto.toStaffId });
      const back = dto.untilReturn ? await this.returnDay(m, approverId, at) : null;
      const rows: { id: string; kessai_id: string }[] = await m.query(
        `SELECT t.id, t.kessai_id FROM approval_tasks t
         WHERE ${taskIds ? 't.id = ANY($1::uuid[])' : `t.assignee_id = $1 AND t.status = 'pending'`}
           AND t.kind IN ('approval', 'consult') ORDER BY t.request_id, t.id`,
        [taskIds ?? approverId],
      );
      const routeOf = new Map(rows.map((r) => [r.id, r.kessai_id]));
      return { back, ids: taskIds ?? rows.map((r) => r.id), routeOf };
    });
    // A large backlog is moved in parts (all items of a route in the same part), side by side
    // on PostgreSQL; each part locks, checks and writes its items like the whole would.
    const parts = splitByRoute(ids, routeOf, ids.length >= PARALLEL_FROM ? this.db.parallelism : 1);
    const partOutcomes = await this.db.txEach(parts, async (m, part) => {
      const tasks = await this.lockTasks(m, part.ids);
      const plan = await this.plan(m, caller, approverId, dto, part.ids, tasks, at);
      const go = plan.filter((p) => p.result.ok && p.event);
      // the route machines have the last word on each item (e.g. a step that moved on):
      // a dry run asks them without writing, a real run steps them (items are independent)
      const events = go.map((p) => p.event!);
      const outcomes = dto.dryRun
        ? await this.runtime.check(m, 'kessai-queue', events, at)
        : await this.runtime.stepMany(m, 'kessai-queue', events, at);
      go.forEach((p, i) => {
        const o = outcomes[i]!;
        if (!o.ok) p.result = itemFailure(p.result.taskId, o.error);
      });
      if (back && !dto.dryRun) await this.scheduleReturn(m, approverId, plan, back, at);
      return plan.map((p) => p.result);
    });
    // a part that failed changed nothing: when none committed, its error is the answer;
    // otherwise its items answer NOT_MOVED beside the results of the parts that committed
    // (a preview changed nothing anywhere: a failed part is the answer)
    const failed = partOutcomes.find((o) => !o.ok);
    if (failed) {
      if (dto.dryRun || !partOutcomes.some((o) => o.ok)) throw failed.error;
      this.logger.error(`reroute: a part failed after others committed: ${String(failed.error)}`);
    }
    const results = new Array<RerouteResult>(ids.length);
    parts.forEach((part, k) => {
      const o = partOutcomes[k]!;
      part.positions.forEach(
        (pos, i) => (results[pos] = o.ok ? o.value[i]! : itemFailure(ids[pos]!, DomainError.of('NOT_MOVED'))),
      );
    });
    return { results };
  }

  /**
   * Locks the items with their requests, in a decision's order (request-locks.ts); a dry run
   * locks and checks like the real one, then writes nothing.
   */
  private async lockTasks(m: EntityManager, taskIds: string[]): Promise<Map<string, PendingTask>> {
    const rows: PendingTask[] = await m.query(
      `SELECT t.id, t.kessai_id, t.step, t.assignee_id, t.on_behalf_of, t.requester_id, t.status, t.kind,
              r.status AS request_status, w.snapshot->'context'->>'routeId' AS route_id,
              coalesce((w.snapshot->'context'->'steps'->t.step->>'daiketsuAllowed')::boolean, false) AS daiketsu_allowed
       FROM approval_tasks t JOIN workflow_instances w ON w.id = t.kessai_id
         JOIN remote_work_requests r ON r.id = t.request_id
       WHERE t.id = ANY($1::uuid[]) ORDER BY r.id, t.id FOR UPDATE OF r, t`,
      [taskIds],
    );
    return new Map(rows.map((r) => [r.id, { ...r, step: Number(r.step) }]));
  }

  private async plan(
    m: EntityManager,
    caller: Caller,
    approverId: string,
    dto: RerouteDto,
    ids: string[],
    tasks: Map<string, PendingTask>,
    at: Date,
  ) {
    const routing = await this.router.activeRouting(m);
    const day = japanDate(at);
    const graph = new DeputyGraph(await this.delegations.all(m, day));
    // an item held for another (代決) goes to that approver's deputies, not the holder's
    const heldFor = (t: PendingTask) => t.on_behalf_of ?? approverId;
    const candidates = new Set<string>(dto.toStaffId ? [dto.toStaffId] : []);
    for (const t of tasks.values()) {
      candidates.add(heldFor(t)); // (named in the result when the item is decided in their place)
      for (const c of graph.candidates(heldFor(t), routing.classOfRoute(t.route_id), routing.maxChainDepth))
        candidates.add(c.deputyId);
    }
    const [away, grades] = await Promise.all([
      this.absences.absentOn(m, [...candidates], day),
      m.query(`SELECT id, grade, name_ja, name_romaji FROM staff WHERE id = ANY($1)`, [[...candidates]]) as Promise<
        { id: string; grade: Grade; name_ja: string; name_romaji: string }[]
      >,
    ]);
    // why the approver's items that closed undecided closed: one moved already is not "decided"
    const closedAs = await this.tasks.cancelReasons(
      m,
      [...tasks.values()].filter((t) => t.status === 'cancelled' && t.assignee_id === approverId).map((t) => t.id),
    );
    const gradeOf = new Map(grades.map((g) => [g.id, g.grade]));
    const personOf = new Map(grades.map((g) => [g.id, { id: g.id, name: g.name_ja, nameRomaji: g.name_romaji }]));
    return ids.map((taskId) => {
      const t = tasks.get(taskId);
      if (!t || t.assignee_id !== approverId) return { result: itemFailure(taskId, DomainError.of('NOT_ASSIGNEE')) };
      if (t.status !== 'pending') return { result: itemFailure(taskId, closedTaskRefusal(t, closedAs.get(t.id))) };
      if (t.kind !== 'approval' && t.kind !== 'consult')
        return { result: itemFailure(taskId, DomainError.of('INVALID_TRANSITION', { kind: t.kind }, NOT_MOVABLE)) };
      const classId = routing.classOfRoute(t.route_id);
      const min = routing.authority(classId).deputyMinGrade;
      // with no one named, an item held for an approver who is in goes back to them (a deputy
      // decides only while the approver is away), as when its holder falls absent (KessaiRouter.rerouteAbsent)
      const target =
        dto.toStaffId ??
        (heldFor(t) !== approverId && !away.has(heldFor(t)) ? heldFor(t) : undefined) ??
        graph
          .candidates(heldFor(t), classId, routing.maxChainDepth)
          .find(
            (c) =>
              c.deputyId !== approverId &&
              !away.has(c.deputyId) &&
              c.deputyId !== t.requester_id &&
              hasGrade(gradeOf.get(c.deputyId), min),
          )?.deputyId;
      if (!target) return { result: itemFailure(taskId, DomainError.of('NO_DEPUTY')) };
      // only toStaffId can name the approver (no one is their own deputy): the route would refuse it, saying less
      if (target === approverId)
        return { result: itemFailure(taskId, DomainError.of('DELEGATION_SELF', { toStaffId: target }, TO_SELF)) };
      if (target === t.requester_id) return { result: itemFailure(taskId, DomainError.of('DEPUTY_IS_REQUESTER')) };
      if (!hasGrade(gradeOf.get(target), min))
        return {
          result: itemFailure(taskId, deputyLacksAuthority(gradeOf.get(target), min, { needs: min }, 'target')),
        };
      // decided in the approver's place where the class allows 代決 (they review it afterwards: 後閲);
      // handed back to the one it was held for, it is theirs again, an ordinary task
      const onBehalfOf = t.daiketsu_allowed && target !== heldFor(t) ? heldFor(t) : undefined;
      const event: StepItem = {
        instanceId: t.kessai_id,
        actorId: caller.id, // who moved it: the route's log says so
        event: {
          type: 'route.reassign',
          step: t.step,
          from: approverId,
          to: target,
          reason: dto.reason,
          ...(onBehalfOf ? { onBehalfOf } : {}),
          now: at.toISOString(),
        },
      };
      // (a target has a grade, so it is a staff row: personOf has it)
      const toPerson = personOf.get(target)!;
      const behalf = onBehalfOf ? { onBehalfOf, onBehalfOfPerson: personOf.get(onBehalfOf)! } : {};
      // moved to one who is away today (named so): it waits in their box until they are back; said, not refused
      const awayToday = away.has(target) ? { toAway: true as const } : {};
      const result: RerouteResult = { taskId, ok: true, to: target, toPerson, ...behalf, ...awayToday };
      // (an item handed back to its owner stays theirs: no return to schedule when the one it leaves is back)
      return {
        result,
        event,
        kessaiId: t.kessai_id,
        step: t.step,
        target,
        handBack: target === t.on_behalf_of,
        // an item held for another approver returns to them, not to the deputy whose box it left
        returnsTo: heldFor(t),
      };
    });
  }

  /**
   * The first working day after the approver's current (or next) absence, and after any absence
   * that begins by then (leave on Friday, a trip from Monday: back on Wednesday).
   */
  private async returnDay(m: EntityManager, approverId: string, at: Date): Promise<string> {
    const today = japanDate(at);
    const [first, ...later] = await this.absences.absencesBetween(m, [approverId], today, '9999-12-31');
    if (!first) throw DomainError.of('UNTIL_RETURN_NEEDS_ABSENCE', { approverId });
    const clock = await this.router.workingClock(m);
    let back = clock.addWorkingDays(first.to, 1);
    for (const a of later) if (a.from <= back && a.to >= back) back = clock.addWorkingDays(a.to, 1);
    return back;
  }

  private async scheduleReturn(
    m: EntityManager,
    approverId: string,
    plan: {
      result: RerouteResult;
      kessaiId?: string;
      step?: number;
      target?: string;
      handBack?: boolean;
      returnsTo?: string;
    }[],
    day: string,
    at: Date,
  ): Promise<void> {
    const moved = plan.filter((p) => p.result.ok && !p.handBack);
    if (moved.length === 0) return;
    const rows: { id: string }[] = await m.query(
      `WITH moved AS (UPDATE approval_tasks t SET returns_to = v.returns_to
         FROM jsonb_to_recordset($1::jsonb) AS v(kessai_id uuid, step int, target text, returns_to text)
       WHERE t.kessai_id = v.kessai_id AND t.step = v.step AND t.assignee_id = v.target AND t.status = 'pending'
       RETURNING t.id) SELECT id FROM moved`, // a CTE: TypeORM returns [rows, count] for UPDATE … RETURNING
      [
        JSON.stringify(
          moved.map((p) => ({ kessai_id: p.kessaiId, step: p.step, target: p.target, returns_to: p.returnsTo })),
        ),
      ],
    );
    await m.query(
      `INSERT INTO timers (instance_id, machine, kind, due_at, payload, created_at)
       VALUES (gen_random_uuid(), 'reroute', 'return', $1, $2, $3)`,
      [`${day}T00:00:00+09:00`, JSON.stringify({ approverId, taskIds: rows.map((r) => r.id) }), at],
    );
  }

  /**
   * The approver is back: undecided items rerouted "until return" go back to them. One absent
   * again today (an absence registered since) keeps them where they are, marked to return: the
   * end of that absence gives them back (KessaiRouter.returnPresent).
   */
  async moveBack(m: EntityManager, payloads: { taskIds: string[] }[], at: Date): Promise<void> {
    const ids = payloads.flatMap((p) => p.taskIds ?? []);
    if (ids.length === 0) return;
    await lockRequestsFirst(m, { taskIds: ids }); // as a decision locks them (request-locks.ts)
    const tasks: { kessai_id: string; step: number; assignee_id: string; returns_to: string }[] = await m.query(
      `SELECT kessai_id, step, assignee_id, returns_to FROM approval_tasks
       WHERE id = ANY($1::uuid[]) AND status = 'pending' AND returns_to IS NOT NULL ORDER BY id FOR UPDATE`,
      [ids],
    );
    const away = await this.router.stillAway(m, [...new Set(tasks.map((t) => t.returns_to))], at);
    await this.router.giveBack(
      m,
      tasks
        .filter((t) => !away.has(t.returns_to))
        .map((t) => ({ kessaiId: t.kessai_id, step: t.step, from: t.assignee_id, to: t.returns_to })),
      'approver returned / 決裁者復帰',
      at,
    );
  }
}
