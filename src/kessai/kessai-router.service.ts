import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { KessaiQueueContext } from '../../workflows';
import { japanDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { GRADE_LABELS, gradeRank, type Grade } from '../org/org.entities';
import { WorkflowRuntime, type StepItem } from '../workflow-runtime/workflow-runtime.service';
import { AbsencesRepository, type AbsenceRow } from './absences.repository';
import { DelegationsRepository, DeputyGraph, type DelegationRow } from './delegations.repository';
import { ROUTING, type ActiveRouting, type RoutingSource, type WorkingClock } from './routing.port';
import { lockAlsoRequests, lockRequestsFirst } from './request-locks';

/** Where one task of an opened step goes, and why. */
export type Placement =
  | { kind: 'direct' }
  | { kind: 'daiketsu'; deputyId: string; reason: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'wait'; reason: string };

export interface PlacementInput {
  kessaiId: string;
  step: number;
  approverId: string;
  context: KessaiQueueContext;
}

/**
 * Routing that reads absence (不在): an absent intermediate approver is skipped with 後閲,
 * an absent final approver's task goes to the first present deputy as 代決 where the class
 * allows it, and otherwise waits (and escalates at its deadline). Every choice comes with
 * a reason in Japanese and English, recorded in the route's event log.
 */
@Injectable()
export class KessaiRouter {
  constructor(
    private readonly absences: AbsencesRepository,
    private readonly delegations: DelegationsRepository,
    @Inject(ROUTING) private readonly routing: RoutingSource,
    private readonly runtime: WorkflowRuntime,
  ) {}

  async place(m: EntityManager, items: PlacementInput[], at: Date): Promise<Placement[]> {
    if (items.length === 0) return [];
    const day = japanDate(at);
    const routing = await this.routing.active(m);
    const absent = await this.absences.absentOn(m, [...new Set(items.map((i) => i.approverId))], day);
    if (absent.size === 0) return items.map(() => ({ kind: 'direct' }));
    const graph = new DeputyGraph(await this.delegations.all(m, day));
    const candidates = [
      ...new Set(
        items.flatMap((i) =>
          graph
            .candidates(i.approverId, routing.classOfRoute(i.context.routeId), routing.maxChainDepth)
            .map((c) => c.deputyId),
        ),
      ),
    ];
    const [deputiesAway, grades] = await Promise.all([
      this.absences.absentOn(m, candidates, day),
      this.grades(m, candidates),
    ]);
    return items.map((i) => {
      const away = absent.get(i.approverId);
      if (!away) return { kind: 'direct' };
      const step = i.context.steps[i.step]!;
      const why = describeAbsence(away);
      if (step.kind === 'approve' && i.context.steps.slice(i.step + 1).some((s) => s.kind === 'approve')) {
        return {
          kind: 'skip',
          reason: `${why.ja}：後閲とし次の決裁者へ / ${why.en}: skipped, to review afterwards (後閲)`,
        };
      }
      const classId = routing.classOfRoute(i.context.routeId);
      if (step.kind !== 'approve' || !step.daiketsuAllowed || !routing.authority(classId).daiketsu) {
        return {
          kind: 'wait',
          reason: `${why.ja}：代決不可のため待機し期限で引上げ / ${why.en}: no 代決 for this class, waits and escalates at the deadline`,
        };
      }
      const min = routing.authority(classId).deputyMinGrade;
      const deputy = graph
        .candidates(i.approverId, classId, routing.maxChainDepth)
        .find(
          (c) =>
            !deputiesAway.has(c.deputyId) &&
            c.deputyId !== i.context.requesterId &&
            hasGrade(grades.get(c.deputyId), min),
        );
      if (!deputy) {
        return {
          kind: 'wait',
          reason: `${why.ja}：在席の代決者なし / ${why.en}: no present deputy, waits and escalates at the deadline`,
        };
      }
      return {
        kind: 'daiketsu',
        deputyId: deputy.deputyId,
        reason: `${why.ja}：${deputy.deputyId} が代決 / ${why.en}: routed to ${deputy.deputyId} to decide as deputy (代決)`,
      };
    });
  }

  /**
   * Re-places the pending tasks of approvers who became absent (an absence registered for
   * today, or one whose first day began): each gets the decision `place` would make now.
   */
  async rerouteAbsent(m: EntityManager, approverIds: string[], at: Date): Promise<number> {
    const locked = await lockRequestsFirst(m, { approverIds });
    type Held = {
      id: string;
      request_id: string;
      kessai_id: string;
      step: number;
      assignee_id: string;
      on_behalf_of: string | null;
    } & {
      snapshot: { context: KessaiQueueContext };
    };
    let all: Held[];
    // read the routes only once their requests are ours: a task opened since the lock (by a
    // transaction that committed in between) has its request locked too, then all are read again
    do {
      all = await m.query(
        `SELECT t.id, t.request_id, t.kessai_id, t.step, t.assignee_id, t.on_behalf_of, w.snapshot
         FROM approval_tasks t JOIN workflow_instances w ON w.id = t.kessai_id
         WHERE t.assignee_id = ANY($1) AND t.status = 'pending' AND t.kind IN ('approval', 'consult')
         ORDER BY t.id`,
        [approverIds],
      );
    } while (
      await lockAlsoRequests(
        m,
        locked,
        all.map((t) => t.request_id),
      )
    );
    // each item placed for the approver it belongs to: one's own, or the one a deputy holds it for
    const whose = (t: Held) => t.on_behalf_of ?? t.assignee_id;
    const placed = await this.place(
      m,
      all.map((t) => ({
        kessaiId: t.kessai_id,
        step: Number(t.step),
        approverId: whose(t),
        context: t.snapshot.context,
      })),
      at,
    );
    const moves = all.map((t, i) => ({
      kessaiId: t.kessai_id,
      step: Number(t.step),
      approverId: whose(t),
      placement: placed[i]!,
      from: t.assignee_id,
      held: t.on_behalf_of !== null,
    }));
    // a deputy now away passes on what they hold (代決): back to the approver when present; else on
    // to the approver's next present deputy (place takes present ones only); else it stays, and
    // waits and escalates as any item without a present deputy does
    const back = moves.filter((x) => x.held && x.placement.kind === 'direct');
    await this.giveBack(
      m,
      back.map((x) => ({ kessaiId: x.kessaiId, step: x.step, from: x.from, to: x.approverId })),
      'deputy away, approver present / 代決者不在・決裁者在席',
      at,
    );
    const onward = moves.filter((x) => !x.held || x.placement.kind === 'daiketsu');
    return back.length + (await this.carryOut(m, onward, at));
  }

  /**
   * A delegation removed, or over (its last day past): the 代決 items held for its approver (or for an
   * approver whose chain of deputies ran through it) by someone it made a deputy who no longer is one
   * for the item's class are placed again under the delegations in force: on to the approver's next
   * present deputy, else back to the approver, present or to wait for them (and escalate at the
   * deadline). Items held by one still named, or by whomever an admin's reroute chose, stay. Returns
   * how many moved.
   */
  async revisitHeld(m: EntityManager, removed: DelegationRow, at: Date): Promise<number> {
    const day = japanDate(at);
    const left = (await this.delegations.all(m, day)).filter((d) => d.id !== removed.id);
    // (it counts as in force before: what it placed while it was is held through it)
    const [after, before] = [new DeputyGraph(left), new DeputyGraph([...left, removed])];
    // its approver's items, and those of every approver whose chain of deputies ran through it
    const approvers = before.withApproversAbove(removed.approverId);
    const locked = await lockRequestsFirst(m, { heldFor: approvers });
    type Held = {
      request_id: string;
      kessai_id: string;
      step: number;
      assignee_id: string;
      on_behalf_of: string;
      /** Who moved it to its holder: null for the routing's own choice (代決 by the delegations). */
      moved_by: string | null;
    } & { snapshot: { context: KessaiQueueContext } };
    let held: Held[];
    do
      held = await m.query(
        `SELECT t.request_id, t.kessai_id, t.step, t.assignee_id, t.on_behalf_of, w.snapshot,
                (SELECT e.actor_id FROM workflow_events e
                 WHERE e.instance_id = t.kessai_id AND e.type = 'route.reassign' AND e.payload->>'to' = t.assignee_id
                   AND (e.payload->>'step')::int = t.step
                 ORDER BY e.seq DESC LIMIT 1) AS moved_by
         FROM approval_tasks t JOIN workflow_instances w ON w.id = t.kessai_id
         WHERE t.on_behalf_of = ANY($1::text[]) AND t.status = 'pending' AND t.kind IN ('approval', 'consult')
         ORDER BY t.id`,
        [approvers],
      );
    while (
      await lockAlsoRequests(
        m,
        locked,
        held.map((t) => t.request_id),
      )
    );
    if (held.length === 0) return 0;
    const routing = await this.routing.active(m);
    const deputyOf = (g: DeputyGraph, t: Held) =>
      g
        .candidates(t.on_behalf_of, routing.classOfRoute(t.snapshot.context.routeId), routing.maxChainDepth)
        .some((c) => c.deputyId === t.assignee_id);
    // held through the removed delegation: placed by the routing (a person's reroute stays as they chose),
    // with a deputy by it before, none now
    const lost = held.filter((t) => t.moved_by === null && deputyOf(before, t) && !deputyOf(after, t));
    const placed = await this.place(
      m,
      lost.map((t) => ({
        kessaiId: t.kessai_id,
        step: Number(t.step),
        approverId: t.on_behalf_of,
        context: t.snapshot.context,
      })),
      at,
    );
    const moves = lost.map((t, i) => ({
      kessaiId: t.kessai_id,
      step: Number(t.step),
      approverId: t.on_behalf_of,
      placement: placed[i]!,
      from: t.assignee_id,
    }));
    const back = moves.filter((x) => x.placement.kind === 'direct' || x.placement.kind === 'wait');
    await this.giveBack(
      m,
      back.map((x) => ({ kessaiId: x.kessaiId, step: x.step, from: x.from, to: x.approverId })),
      'deputy no longer named / 代決者の指名の取消し',
      at,
    );
    const onward = moves.filter((x) => x.placement.kind !== 'direct' && x.placement.kind !== 'wait');
    await this.carryOut(m, onward, at);
    return moves.length;
  }

  /**
   * Steps the routes as placements say (a skip, a 代決; none for direct and wait) and marks each 代決
   * task as held for its approver (`returns_to`): it goes back to them once they are present again
   * (returnPresent), where a deputy an admin chose by a reroute keeps what they were given. Returns
   * how many route events were stepped.
   */
  async carryOut(
    m: EntityManager,
    moves: { kessaiId: string; step: number; approverId: string; placement: Placement; from?: string }[],
    at: Date,
  ): Promise<number> {
    const events = moves.flatMap((x) => this.eventFor(x, at));
    if (events.length === 0) return 0;
    await this.runtime.stepMany(m, 'kessai-queue', events, at);
    const held = moves.flatMap((x) =>
      x.placement.kind === 'daiketsu'
        ? [{ kessai_id: x.kessaiId, step: x.step, deputy_id: x.placement.deputyId, approver_id: x.approverId }]
        : [],
    );
    if (held.length)
      await m.query(
        `UPDATE approval_tasks t SET returns_to = v.approver_id
         FROM jsonb_to_recordset($1::jsonb) AS v(kessai_id uuid, step int, deputy_id text, approver_id text)
         WHERE t.kessai_id = v.kessai_id AND t.step = v.step AND t.assignee_id = v.deputy_id
           AND t.on_behalf_of = v.approver_id AND t.status = 'pending'`,
        [JSON.stringify(held)],
      );
    return events.length;
  }

  /**
   * Approvers present again (an absence removed, or over): the 代決 items a deputy still holds for
   * them go back to them, since a deputy decides only while the approver is away. Returns how many
   * moved. Those still absent (another absence) keep theirs with the deputy.
   */
  async returnPresent(m: EntityManager, approverIds: string[], at: Date): Promise<number> {
    const absent = await this.stillAway(m, approverIds, at);
    const back = [...new Set(approverIds)].filter((id) => !absent.has(id));
    if (back.length === 0) return 0;
    // their requests first, as a decision locks them (request-locks.ts); then the tasks, read under the locks
    const locked = await lockRequestsFirst(m, { heldFor: back });
    type Held = { request_id: string; kessai_id: string; step: number; assignee_id: string; returns_to: string };
    let tasks: Held[];
    do
      tasks = await m.query(
        `SELECT request_id, kessai_id, step, assignee_id, returns_to FROM approval_tasks
         WHERE returns_to = ANY($1) AND status = 'pending' AND kind IN ('approval', 'consult') AND kessai_id IS NOT NULL
         ORDER BY id`,
        [back],
      );
    while (
      await lockAlsoRequests(
        m,
        locked,
        tasks.map((t) => t.request_id),
      )
    );
    await this.giveBack(
      m,
      tasks.map((t) => ({ kessaiId: t.kessai_id, step: t.step, from: t.assignee_id, to: t.returns_to })),
      'approver present again / 決裁者在席',
      at,
    );
    return tasks.length;
  }

  /**
   * Those of these approvers who are not back yet: absent today, or on the first working day from
   * today on (leave on Friday and a trip from Monday: not back on Saturday, when the leave's end
   * timer runs).
   */
  async stillAway(m: EntityManager, approverIds: string[], at: Date): Promise<Set<string>> {
    if (approverIds.length === 0) return new Set();
    const today = japanDate(at);
    const clock = await this.routing.clock(m);
    const back = clock.isWorkingDay(today) ? today : clock.addWorkingDays(today, 1);
    const [now, then] = await Promise.all([
      this.absences.absentOn(m, approverIds, today),
      back === today ? new Map() : this.absences.absentOn(m, approverIds, back),
    ]);
    return new Set([...now.keys(), ...then.keys()]);
  }

  /** Moves pending items (locked, with their requests) from whoever holds them back to `to`. */
  async giveBack(
    m: EntityManager,
    moves: { kessaiId: string; step: number; from: string; to: string }[],
    reason: string,
    at: Date,
  ): Promise<void> {
    if (moves.length === 0) return;
    await this.runtime.stepMany(
      m,
      'kessai-queue',
      moves.map((t) => ({
        instanceId: t.kessaiId,
        actorId: null,
        event: { type: 'route.reassign', step: Number(t.step), from: t.from, to: t.to, reason, now: at.toISOString() },
      })),
      at,
    );
  }

  /**
   * The route event that carries out a placement (none for direct and wait); a 代決 moves the item
   * from whoever holds it (`from`: a deputy away in turn), else from the approver.
   */
  private eventFor(
    x: { kessaiId: string; step: number; approverId: string; placement: Placement; from?: string },
    at: Date,
  ): StepItem[] {
    const { kessaiId, step, approverId, placement: p } = x;
    const now = at.toISOString();
    if (p.kind === 'skip') {
      return [
        { instanceId: kessaiId, actorId: null, event: { type: 'step.skipAbsent', approverId, reason: p.reason, now } },
      ];
    }
    if (p.kind === 'daiketsu') {
      return [
        {
          instanceId: kessaiId,
          actorId: null,
          event: {
            type: 'route.reassign',
            step,
            from: x.from ?? approverId,
            to: p.deputyId,
            onBehalfOf: approverId,
            reason: p.reason,
            now,
          },
        },
      ];
    }
    return [];
  }

  async activeRouting(m: EntityManager): Promise<ActiveRouting> {
    return this.routing.active(m);
  }

  /** The organisation's working clock, without loading what resolving routes needs. */
  async workingClock(m: EntityManager): Promise<WorkingClock> {
    return this.routing.clock(m);
  }

  private async grades(m: EntityManager, ids: string[]): Promise<Map<string, Grade>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; grade: Grade }[] = await m.query(
      `SELECT id, grade FROM staff WHERE id = ANY($1) AND active`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.grade]));
  }
}

export function hasGrade(g: Grade | undefined, min: Grade): boolean {
  return g !== undefined && gradeRank(g) >= gradeRank(min);
}

/**
 * DEPUTY_LACKS_AUTHORITY, naming the grade the deputy has and the one needed: "no authority"
 * alone leaves an admin guessing whom to pick instead.
 */
export function deputyLacksAuthority(
  have: Grade | undefined,
  needs: Grade,
  details: unknown,
  who: 'deputy' | 'target' = 'deputy',
): DomainError {
  const h = have ? GRADE_LABELS[have] : { ja: '不明', en: 'unknown' };
  const n = GRADE_LABELS[needs];
  const w = WHO[who];
  return DomainError.of('DEPUTY_LACKS_AUTHORITY', details, {
    ja: `${w.ja}の職位（${h.ja}）では決裁できません。${n.ja}以上の職位の者を選んでください。`,
    en: `${w.en} grade (${h.en}) cannot decide this: choose someone of grade ${n.en} or above.`,
  });
}

/** Whom DEPUTY_LACKS_AUTHORITY speaks of: a named deputy (代決者), or the one a backlog is moved to. */
const WHO = {
  deputy: { ja: '代決者', en: "The deputy's" },
  target: { ja: '回付先', en: "The new approver's" },
} as const;

const KIND_LABEL = {
  leave: { ja: '休暇', en: 'on leave' },
  trip: { ja: '出張', en: 'on a trip' },
  telework: { ja: 'テレワーク（決裁端末なし）', en: 'teleworking without a remote device' },
  other: { ja: '不在', en: 'away' },
} as const;

export function describeAbsence(a: AbsenceRow): { ja: string; en: string } {
  const k = KIND_LABEL[a.kind];
  const span = a.from === a.to ? a.from : `${a.from}–${a.to}`;
  return { ja: `${a.staffId} ${k.ja}（${span}）`, en: `${a.staffId} ${k.en} (${span})` };
}
