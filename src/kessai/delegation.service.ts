import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller';
import { Clock, isRealDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import {
  endedBeforeToday,
  fieldProblems,
  invalidFields,
  notCalendarDate,
  toBeforeFrom,
} from '../common/field-problems';
import { isUuid } from '../common/ids';
import { Db } from '../database/db.service';
import { gradeRank, type Grade } from '../org/org.entities';
import { staffRefs, type StaffRef } from '../org/staff-refs';
import { AbsencesRepository } from './absences.repository';
import { DelegationsRepository, DeputyGraph, type DelegationRow } from './delegations.repository';
import type { CreateDelegationDto } from './dto/kessai.dto';
import { deputyLacksAuthority, hasGrade, KessaiRouter } from './kessai-router.service';
import { OrgAccess } from './org-access';
import { holdPolicies } from '../policy/policy-store.service';

/** 代決者 chains: who stands in for whom, refused when a chain would cycle, run too deep or lack authority. */
@Injectable()
export class DelegationService {
  constructor(
    private readonly db: Db,
    private readonly repo: DelegationsRepository,
    private readonly absences: AbsencesRepository,
    private readonly router: KessaiRouter,
    private readonly access: OrgAccess,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, dto: CreateDelegationDto): Promise<NamedDelegation> {
    for (const f of ['from', 'to'] as const) {
      const v = dto[f];
      if (v !== undefined && !isRealDate(v)) throw invalidFields(notCalendarDate(f, v));
    }
    if (dto.from && dto.to && dto.from > dto.to) throw invalidFields(toBeforeFrom());
    // a delegation over by now would stand in for no one, and clash with nothing
    const today = this.clock.today();
    if (dto.to !== undefined && dto.to < today)
      throw invalidFields(endedBeforeToday(dto.to, today, { ja: '代決者の指名', en: 'delegation' }));
    if (dto.approverId === dto.deputyId) throw DomainError.of('DELEGATION_SELF');
    return this.db.tx(async (m) => {
      await this.repo.lock(m, 'alone'); // chain checks see a stable graph
      await this.access.assertManages(m, caller, dto.approverId);
      if (!(await this.access.exists(m, dto.deputyId)))
        throw DomainError.of('STAFF_NOT_FOUND', { staffId: dto.deputyId });
      // the routing stays the one in force until this commits: a routing.yaml activated meanwhile sees
      // this delegation, and refuses to drop a class it names (see OrgReference.delegatedClasses)
      await holdPolicies(m);
      const routing = await this.router.activeRouting(m);
      const unknown = (dto.classes ?? []).filter((c) => !routing.classIds.includes(c));
      if (unknown.length)
        throw invalidFields(
          fieldProblems('classes', {
            ja: `決裁区分 ${unknown.join(', ')} は決裁ルートの設定にありません。使えるのは ${routing.classIds.join(', ')} です。`,
            en: `unknown classes: ${unknown.join(', ')}; expected some of: ${routing.classIds.join(', ')}`,
          }),
        );
      const all = await this.repo.all(m);
      const graph = new DeputyGraph(all);
      // only the days from today on can clash: a delegation that has ended stands in for no one
      const from = dto.from !== undefined && dto.from > today ? dto.from : today;
      // a cycle or a chain is one of delegations in effect together: those for other days are no link of it
      const together = new DeputyGraph(all.filter((d) => overlaps(d.from, d.to, from, dto.to ?? null)));
      if (together.reaches(dto.deputyId, dto.approverId))
        throw DomainError.of('DELEGATION_CYCLE', { approverId: dto.approverId, deputyId: dto.deputyId });
      const depth = together.depthUp(dto.approverId) + 1 + together.depthDown(dto.deputyId);
      if (depth > routing.maxChainDepth)
        throw DomainError.of('DELEGATION_TOO_DEEP', { depth, max: routing.maxChainDepth });
      const [deputy] = (await m.query(`SELECT grade FROM staff WHERE id = $1`, [dto.deputyId])) as { grade: Grade }[];
      const classes = dto.classes ?? routing.classIds.filter((c) => routing.authority(c).daiketsu);
      const lacking = classes.filter((c) => !hasGrade(deputy?.grade, routing.authority(c).deputyMinGrade));
      if (lacking.length) {
        const needs = lacking.map((c) => routing.authority(c).deputyMinGrade);
        throw deputyLacksAuthority(
          deputy?.grade,
          needs.reduce((a, b) => (gradeRank(b) > gradeRank(a) ? b : a)),
          { deputyGrade: deputy?.grade, classes: lacking.map((c, i) => ({ class: c, needs: needs[i] })) },
        );
      }
      const existing = graph.deputiesOf(dto.approverId);
      const covers = (d: DelegationRow) =>
        overlaps(d.from, d.to, from, dto.to ?? null) && sharesClass(d.classes, dto.classes ?? null);
      // the same deputy again for days and a class they already cover would only stand behind themself
      const twice = existing.find((d) => d.deputyId === dto.deputyId && covers(d));
      if (twice)
        throw DomainError.of('DELEGATION_DUPLICATE', { deputyId: twice.deputyId, rank: twice.rank, id: twice.id });
      // deputies stand in by rank: two of one rank on the same days would leave the order to chance
      // …for the same class of matter (a deputy for some classes only is asked for those alone)
      const clash = existing.find((d) => d.rank === dto.rank && covers(d));
      if (clash)
        throw DomainError.of('DELEGATION_RANK_TAKEN', { rank: dto.rank, deputyId: clash.deputyId, id: clash.id });
      const row: DelegationRow = {
        id: randomUUID(),
        approverId: dto.approverId,
        deputyId: dto.deputyId,
        rank: dto.rank ?? Math.max(0, ...existing.map((d) => d.rank)) + 1,
        from: dto.from ?? null,
        to: dto.to ?? null,
        classes: dto.classes ?? null,
      };
      const now = this.clock.now();
      await this.repo.insert(m, row, caller.id, now);
      // named for today while the approver is away (or while a deputy holding their items is): what waits
      // for them goes to the deputy now, as it would have had the delegation come before the absence
      if (overlaps(row.from, row.to, today, today)) {
        const holders = (await m.query(
          `SELECT DISTINCT assignee_id AS id FROM approval_tasks
           WHERE on_behalf_of = $1 AND status = 'pending' AND assignee_id <> $1`,
          [row.approverId],
        )) as { id: string }[];
        const away = await this.absences.absentOn(m, [row.approverId, ...holders.map((h) => h.id)], today);
        if (away.size) await this.router.rerouteAbsent(m, [...away.keys()], now);
      }
      const [named] = await withNames(m, [row]);
      return named!;
    });
  }

  /**
   * Delegations (an approver's, as approver or deputy, or all), each with the approver and the
   * deputy named; an approver no staff member is answers 404, not an empty list.
   */
  list(approverId?: string): Promise<NamedDelegation[]> {
    return this.db.read(async (m) => {
      if (approverId) await this.access.assertKnown(m, approverId);
      return withNames(m, await this.repo.list(m, approverId));
    });
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.db.tx(async (m) => {
      // locked: of concurrent deletes of one row, one deletes it and the others find nothing (404)
      const row = isUuid(id) ? await this.repo.find(m, id, true) : null; // not an id at all: not found either
      if (!row) throw DomainError.of('NOT_FOUND', { id });
      await this.access.assertManages(m, caller, row.approverId);
      // alone: work being placed by it is committed first (then found below), or waits and sees it gone
      await this.repo.lock(m, 'alone');
      await this.repo.delete(m, id, this.clock.now());
      // what a deputy held for the approver through it is theirs no more: placed again
      await this.router.revisitHeld(m, row, this.clock.now());
    });
  }
}

type NamedDelegation = DelegationRow & { approver: StaffRef; deputy: StaffRef };

/** Delegations with their approver and deputy named (the pages show names, ids on hover). */
async function withNames(m: EntityManager, rows: DelegationRow[]): Promise<NamedDelegation[]> {
  const named = await staffRefs(
    m,
    rows.flatMap((d) => [d.approverId, d.deputyId]),
  );
  // (a staff id always names a row: delegations reference staff)
  return rows.map((d) => ({ ...d, approver: named.get(d.approverId)!, deputy: named.get(d.deputyId)! }));
}

/** Whether two date ranges share a day (null: open on that side). */
function overlaps(aFrom: string | null, aTo: string | null, bFrom: string | null, bTo: string | null): boolean {
  return (aFrom === null || bTo === null || aFrom <= bTo) && (bFrom === null || aTo === null || bFrom <= aTo);
}

/** Whether two deputies stand in for a common class of matter (null: every class). */
function sharesClass(a: string[] | null, b: string[] | null): boolean {
  if (a === null) return b === null || b.length > 0;
  if (b === null) return a.length > 0;
  return a.some((c) => b.includes(c));
}
