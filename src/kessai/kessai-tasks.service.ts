import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CancelDeadlineParams,
  CloseTasksParams,
  CreateKouetsuParams,
  KessaiQueueContext,
  OpenTasksParams,
  ScheduleDeadlineParams,
} from '../../workflows';
import { japanDate } from '../common/clock';
import type { NewTask } from '../inbox/approval-tasks.repository';
import { WorkflowRuntime, type StepResult } from '../workflow-runtime/workflow-runtime.service';
import { type Notice, TASK_ARRIVED, writeNotices } from '../notifications/topics';
import { AbsencesRepository } from './absences.repository';
import { KessaiRouter } from './kessai-router.service';

interface RequestInfo {
  id: string;
  requester_id: string;
  department_id: string;
  outcome: string | null;
  flags: string[];
  date_from: string;
  date_to: string;
}

/** Every effect of a route result of one type, with the route's context. */
function effectsOf<P>(results: StepResult[], type: string): { r: StepResult; ctx: KessaiQueueContext; p: P }[] {
  return results.flatMap((r) =>
    r.effects
      .filter((e) => e.type === type)
      .map((e) => ({ r, ctx: r.context as unknown as KessaiQueueContext, p: e.params as P })),
  );
}

/**
 * Carries out the route machine's task and deadline effects in the step's transaction:
 * approval / consult / inform tasks (placed by absence), 後閲 tasks, durable timers.
 */
@Injectable()
export class KessaiTasks implements OnModuleInit {
  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly router: KessaiRouter,
    private readonly absences: AbsencesRepository,
  ) {}

  onModuleInit(): void {
    this.runtime.on('kessai-queue', 'openTasks', (m, rs, at) => this.openTasks(m, rs, at));
    this.runtime.on('kessai-queue', 'closeTasks', (m, rs, at) => this.closeTasks(m, rs, at));
    this.runtime.on('kessai-queue', 'createKouetsu', (m, rs, at) => this.createKouetsu(m, rs, at));
    this.runtime.on('kessai-queue', 'scheduleDeadline', (m, rs, at) => this.scheduleDeadline(m, rs, at));
    this.runtime.on('kessai-queue', 'cancelDeadline', (m, rs, at) => this.cancelDeadline(m, rs, at));
  }

  private async openTasks(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const opened = effectsOf<OpenTasksParams>(results, 'openTasks').flatMap(({ r, ctx, p }) =>
      p.assignees.map((a) => ({ kessaiId: r.instanceId, ctx, step: p.step, stepId: p.stepId, a, why: p.reason })),
    );
    // a task handed to a deputy, or circulated for information, goes where the route says
    const toPlace = opened.filter((o) => !o.a.onBehalfOf && o.a.kind !== 'inform');
    const placed = await this.router.place(
      m,
      toPlace.map((o) => ({ kessaiId: o.kessaiId, step: o.step, approverId: o.a.staffId, context: o.ctx })),
      at,
    );
    const placement = new Map(toPlace.map((o, i) => [o, placed[i]!]));
    const create: ((typeof opened)[number] & { note: string | null })[] = [];
    const follow: Parameters<KessaiRouter['carryOut']>[1] = [];
    for (const o of opened) {
      const p = placement.get(o) ?? { kind: 'direct' as const };
      if (p.kind === 'direct' || p.kind === 'wait') create.push({ ...o, note: p.kind === 'wait' ? p.reason : null });
      else follow.push({ kessaiId: o.kessaiId, step: o.step, approverId: o.a.staffId, placement: p });
    }
    await this.create(
      m,
      create.map((c) => ({
        kessaiId: c.kessaiId,
        requestId: c.ctx.requestId,
        step: c.step,
        stepId: c.stepId,
        kind: c.a.kind,
        assigneeId: c.a.staffId,
        onBehalfOf: c.a.onBehalfOf ?? null,
        note: c.note,
        escalated: c.why === 'escalated',
        opening: c.ctx.progress[c.step]?.opening,
      })),
      at,
    );
    await this.router.carryOut(m, follow, at);
  }

  /** Creates decision tasks (each row is its machine's instance) with one statement per table. */
  async create(
    m: EntityManager,
    items: {
      kessaiId: string;
      requestId: string;
      step: number;
      stepId: string;
      kind: string;
      assigneeId: string;
      onBehalfOf: string | null;
      note: string | null;
      dueAt?: Date;
      /** A 後閲's reason (KouetsuReason), which its notice says, and who decided in the approver's stead. */
      kouetsuReason?: string;
      kouetsuBy?: string;
      /** Opened by an escalation: its holder is told, as the matter is overdue already. */
      escalated?: boolean;
      /** The step's current opening (the route's progress): a task moved onto it keeps its wait and deadline. */
      opening?: number;
    }[],
    at: Date,
  ): Promise<void> {
    if (items.length === 0) return;
    const info = await this.requestInfo(m, [...new Set(items.map((i) => i.requestId))]);
    const running = await this.runningDeadlines(m, items);
    const rows: NewTask[] = items.map((i) => {
      const r = info.get(i.requestId)!;
      // a task opened on a step already open (reassign, 代決 on an absence, escalation) inherits the
      // step's deadline, and waits since the step opened: moving a matter does not make it younger
      const open = i.kind === 'kouetsu' ? undefined : running.get(`${i.kessaiId}|${i.step}`);
      return {
        id: randomUUID(),
        requestId: i.requestId,
        kind: i.kind,
        step: i.step,
        assigneeId: i.assigneeId,
        onBehalfOf: i.onBehalfOf,
        requesterId: r.requester_id,
        departmentId: r.department_id,
        outcome: r.outcome,
        flags: r.flags ?? [],
        workFrom: r.date_from,
        workTo: r.date_to,
        kessaiId: i.kessaiId,
        stepId: i.stepId,
        routingNote: i.note ? { reason: i.note } : null,
        dueAt: i.dueAt ?? open?.dueAt ?? null,
        waitingSince: open?.since ?? null,
      };
    });
    await this.runtime.startMany(
      m,
      'supervisor-decision',
      rows.map((t) => ({
        instanceId: t.id,
        input: { requestId: t.requestId, requesterId: t.requesterId, assigneeId: t.assigneeId, kind: t.kind },
        actorId: null,
        note: {
          requestId: t.requestId,
          kessaiId: t.kessaiId,
          step: t.step,
          assigneeId: t.assigneeId,
          onBehalfOf: t.onBehalfOf,
        },
        stored: t, // the task row is the machine's instance (ApprovalTasksRepository)
      })),
      at,
    );
    // the morning after: a deputy is told what came to them to decide in another's place (代決),
    // an approver what awaits their review afterwards (後閲), and one above what came up to them
    // past its deadline (its reminder was the one below's); delivered after commit
    const told = rows.flatMap((t, i): Notice[] =>
      t.kind === 'kouetsu'
        ? [
            {
              requestId: t.requestId,
              staffId: t.assigneeId,
              kind: 'kouetsu',
              reason: items[i]!.kouetsuReason ?? null,
              ...(items[i]!.kouetsuBy ? { byId: items[i]!.kouetsuBy } : {}),
            },
          ]
        : items[i]!.escalated
          ? [{ requestId: t.requestId, staffId: t.assigneeId, kind: 'escalated' }]
          : t.onBehalfOf && t.kind === 'approval'
            ? [{ requestId: t.requestId, staffId: t.assigneeId, kind: 'daiketsu', onBehalfOf: t.onBehalfOf }]
            : [],
    );
    // a 合議 escalated for several silent parties opens a task for each on the one above: told once
    const escalatedTo = new Set<string>();
    const notices = told.filter((n) => {
      if (n.kind !== 'escalated') return true;
      const key = `${n.requestId}|${n.staffId}`;
      if (escalatedTo.has(key)) return false;
      escalatedTo.add(key);
      return true;
    });
    await writeNotices(m, TASK_ARRIVED, notices, at);
  }

  private async closeTasks(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const closes = effectsOf<CloseTasksParams>(results, 'closeTasks');
    if (closes.length === 0) return;
    const pending: { id: string; reason: string }[] = await m.query(
      `SELECT t.id, v.reason FROM approval_tasks t
         JOIN jsonb_to_recordset($1::jsonb) AS v(kessai_id uuid, step int, staff_ids text[], reason text)
         ON t.kessai_id = v.kessai_id AND t.step = v.step AND t.assignee_id = ANY(v.staff_ids)
       WHERE t.status = 'pending' AND t.kind <> 'kouetsu' ORDER BY t.id FOR UPDATE OF t`,
      [
        JSON.stringify(
          closes.map((c) => ({
            kessai_id: c.r.instanceId,
            step: c.p.step,
            staff_ids: c.p.staffIds,
            reason: c.p.reason,
          })),
        ),
      ],
    );
    // each task closes for its own route's reason (a refused decision tells where the item went)
    await this.cancelEach(m, pending, at);
  }

  /** Cancels pending tasks (their machines: the task rows), all for one reason. */
  async cancel(m: EntityManager, taskIds: string[], reason: string, at: Date): Promise<void> {
    await this.cancelEach(
      m,
      taskIds.map((id) => ({ id, reason })),
      at,
    );
  }

  /** Cancels pending tasks, each for its own reason, in one step of their machines. */
  async cancelEach(m: EntityManager, tasks: { id: string; reason: string }[], at: Date): Promise<void> {
    if (tasks.length === 0) return;
    await this.runtime.stepMany(
      m,
      'supervisor-decision',
      tasks.map((t) => ({ instanceId: t.id, event: { type: 'task.cancel', reason: t.reason }, actorId: null })),
      at,
    );
  }

  /** 後閲: the absent approver reviews the decision afterwards, due some working days after return. */
  private async createKouetsu(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const all = effectsOf<CreateKouetsuParams>(results, 'createKouetsu');
    if (all.length === 0) return;
    const routing = await this.router.activeRouting(m);
    const today = japanDate(at);
    const away = await this.absences.absencesBetween(m, [...new Set(all.map((k) => k.p.approverId))], today, today);
    const returnDay = (id: string) => {
      const a = away.filter((x) => x.staffId === id).sort((x, y) => (x.to < y.to ? 1 : -1))[0];
      return a ? routing.addWorkingDays(a.to, 1) : today;
    };
    await this.create(
      m,
      all.map(({ r, ctx, p }) => ({
        kessaiId: r.instanceId,
        requestId: ctx.requestId,
        step: p.step,
        stepId: p.stepId,
        kind: 'kouetsu',
        assigneeId: p.approverId,
        onBehalfOf: null,
        note: `${p.reason}${p.decidedBy ? ` by ${p.decidedBy}` : ''}`,
        kouetsuReason: p.reason,
        ...(p.decidedBy ? { kouetsuBy: p.decidedBy } : {}),
        dueAt: new Date(
          `${routing.addWorkingDays(returnDay(p.approverId), routing.kouetsuDueWorkingDays)}T17:15:00+09:00`,
        ),
      })),
      at,
    );
  }

  private async scheduleDeadline(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const all = effectsOf<ScheduleDeadlineParams>(results, 'scheduleDeadline');
    if (all.length === 0) return;
    const routing = await this.router.activeRouting(m);
    const timers = all.flatMap(({ r, p }) => {
      const from = new Date(p.from);
      // the step's opening rides with the timer: the route refuses a deadline of an earlier one
      const payload = { opening: p.opening };
      const out = [
        {
          instance_id: r.instanceId,
          kind: 'reminder',
          step: p.step,
          due_at: routing.addWorkingHours(from, p.reminderHours),
          payload,
        },
      ];
      if (p.escalateHours !== null)
        out.push({
          instance_id: r.instanceId,
          kind: 'expire',
          step: p.step,
          due_at: routing.addWorkingHours(from, p.escalateHours),
          payload,
        });
      return out;
    });
    await m.query(
      `INSERT INTO timers (instance_id, machine, kind, step, due_at, payload, created_at)
       SELECT instance_id, 'kessai-queue', kind, step, due_at, payload, $2 FROM jsonb_to_recordset($1::jsonb)
         AS v(instance_id uuid, kind text, step int, due_at timestamptz, payload jsonb)`,
      [JSON.stringify(timers), at],
    );
    // the step's tasks are due when it would escalate (or, without escalation, at the reminder)
    await m.query(
      `UPDATE approval_tasks t SET due_at = v.due_at
       FROM (SELECT instance_id, step, max(due_at) AS due_at FROM jsonb_to_recordset($1::jsonb)
               AS x(instance_id uuid, kind text, step int, due_at timestamptz) GROUP BY instance_id, step) v
       WHERE t.kessai_id = v.instance_id AND t.step = v.step AND t.status = 'pending' AND t.kind <> 'kouetsu'`,
      [JSON.stringify(timers)],
    );
  }

  private async cancelDeadline(m: EntityManager, results: StepResult[], at: Date): Promise<void> {
    const all = effectsOf<CancelDeadlineParams>(results, 'cancelDeadline');
    if (all.length === 0) return;
    // a timer that is firing right now (claimed by a timer run) is left to fire: the route refuses
    // a deadline of a step it has left, and of an earlier opening of a step it entered again (the
    // timer carries the opening), so a timer left live when that run rolls back is harmless too.
    // Waiting for it could close a circle with the timer run, which waits for this decision's request.
    await m.query(
      `UPDATE timers SET cancelled_at = $2 WHERE id IN (
         SELECT tm.id FROM timers tm JOIN jsonb_to_recordset($1::jsonb) AS v(instance_id uuid, step int)
           ON tm.instance_id = v.instance_id AND tm.step = v.step
         WHERE tm.fired_at IS NULL AND tm.cancelled_at IS NULL FOR UPDATE OF tm SKIP LOCKED)`,
      [JSON.stringify(all.map(({ r, p }) => ({ instance_id: r.instanceId, step: p.step }))), at],
    );
  }

  /**
   * Of each route step in its current opening (the route's `progress[step].opening`), the deadline
   * and since when it waits, from that opening's timers: the deadline is the latest of them, as
   * scheduleDeadline sets it on the step's tasks (the escalation, else the reminder), fired or not;
   * the wait began when they were scheduled, as the step opened. An opening without timers yet (the
   * step opens in this very step of the route: its timers come after its tasks) has none: its tasks
   * are new. A route stored before openings existed is judged by its highest opening of timers, and
   * one of those cancelled means the step was left.
   */
  private async runningDeadlines(
    m: EntityManager,
    items: { kessaiId: string; step: number; opening?: number }[],
  ): Promise<Map<string, { dueAt: Date; since: Date }>> {
    const rows: { instance_id: string; step: number; due_at: Date; since: Date }[] = await m.query(
      `SELECT v.instance_id, v.step, max(t.due_at) AS due_at, min(t.created_at) AS since
       FROM (SELECT DISTINCT * FROM jsonb_to_recordset($1::jsonb) AS x(instance_id uuid, step int, opening int)) v
       JOIN LATERAL (
         SELECT tm.due_at, tm.created_at, tm.cancelled_at, coalesce((tm.payload->>'opening')::int, 0) AS opening,
                max(coalesce((tm.payload->>'opening')::int, 0)) OVER () AS latest
         FROM timers tm WHERE tm.instance_id = v.instance_id AND tm.step = v.step) t
         ON t.opening = coalesce(v.opening, t.latest)
       GROUP BY v.instance_id, v.step HAVING bool_and(t.cancelled_at IS NULL)`,
      [JSON.stringify(items.map((i) => ({ instance_id: i.kessaiId, step: i.step, opening: i.opening ?? null })))],
    );
    return new Map(
      rows.map((r) => [`${r.instance_id}|${Number(r.step)}`, { dueAt: new Date(r.due_at), since: new Date(r.since) }]),
    );
  }

  private async requestInfo(m: EntityManager, ids: string[]): Promise<Map<string, RequestInfo>> {
    const rows: RequestInfo[] = await m.query(
      `SELECT r.id, r.requester_id, r.department_id, r.outcome, r.date_from::text AS date_from, r.date_to::text AS date_to,
              ARRAY(SELECT x->>'ruleId' FROM jsonb_array_elements(coalesce(r.verdict->'reasons', '[]'::jsonb)) x
                    WHERE x->>'outcome' IN ('deny', 'needs_exception', 'warn')) AS flags
       FROM remote_work_requests r WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}
