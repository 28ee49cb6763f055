import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller';
import { addDays, Clock, japanDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { invalidFields, periodProblems, toBeforeFrom } from '../common/field-problems';
import { isUuid } from '../common/ids';
import { Db } from '../database/db.service';
import { AbsencesRepository, absencesLockKey, type AbsenceRow } from './absences.repository';
import type { CreateAbsenceDto, ListAbsencesQuery } from './dto/kessai.dto';
import { KessaiRouter } from './kessai-router.service';
import { OrgAccess } from './org-access';

/** Longest absence one registration may cover. */
const MAX_ABSENCE_DAYS = 366;

/**
 * Absences (不在) and what they do to routing: one that covers today re-places the
 * person's pending tasks at once; a later one does so when its first day begins
 * (a durable timer), so the box never fills up the morning after.
 */
@Injectable()
export class AbsenceService {
  constructor(
    private readonly db: Db,
    private readonly repo: AbsencesRepository,
    private readonly router: KessaiRouter,
    private readonly access: OrgAccess,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, dto: CreateAbsenceDto): Promise<AbsenceRow> {
    const now = this.clock.now();
    // routing looks at today and after: an absence over by now would change nothing, and no list shows it
    const problems = periodProblems(dto, {
      maxDays: MAX_ABSENCE_DAYS,
      today: japanDate(now),
      what: { ja: '不在', en: 'absence' },
      longest: { ja: `不在は最長 ${MAX_ABSENCE_DAYS} 日までです。`, en: `at most ${MAX_ABSENCE_DAYS} days` },
    });
    if (problems.length) throw invalidFields(...problems);
    return this.db.tx(async (m) => {
      // one registration of a person's absences at a time: of two identical calls, the second sees the first
      await this.repo.lockStaff(m, [dto.staffId], 'alone');
      await this.access.assertManages(m, caller, dto.staffId);
      const same = await this.repo.findManual(m, dto);
      if (same) throw DomainError.of('ABSENCE_DUPLICATE', { id: same.id });
      const row: AbsenceRow = {
        id: randomUUID(),
        staffId: dto.staffId,
        from: dto.from,
        to: dto.to,
        kind: dto.kind,
        canActRemotely: dto.canActRemotely ?? false,
        source: 'manual',
        requestId: null,
      };
      await this.repo.insert(m, row, caller.id, now);
      await this.takeEffect(m, [row], now);
      return row;
    });
  }

  /**
   * Absences, of one person or of all the caller may see (`OrgAccess.absencesVisibleTo`): someone
   * else's is a 403; a person who is no staff member answers 404, not an empty list.
   */
  async list(caller: Caller, q: ListAbsencesQuery): Promise<AbsenceRow[]> {
    if (q.from && q.to && q.to < q.from) throw invalidFields(toBeforeFrom());
    return this.db.read(async (m) => {
      if (q.staffId) await this.access.assertKnown(m, q.staffId);
      const visible = await this.access.absencesVisibleTo(m, caller, japanDate(this.clock.now()));
      if (visible === null) return this.repo.list(m, q);
      if (q.staffId && !visible.includes(q.staffId)) throw DomainError.of('FORBIDDEN', { staffId: q.staffId });
      return this.repo.list(m, { ...q, staffIds: visible });
    });
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.db.tx(async (m) => {
      // locked: of concurrent deletes of one row, one deletes it and the others find nothing (404)
      const row = isUuid(id) ? await this.repo.find(m, id, true) : null; // not an id at all: not found either
      // one change of a person's absences at a time (as create): what is given back sees the absences as they stand
      if (row) await this.repo.lockStaff(m, [row.staffId], 'alone');
      // one the caller may not even read is none to them: a 403 would say whose it is
      const visible = row && (await this.access.absencesVisibleTo(m, caller, japanDate(this.clock.now())));
      if (!row || (visible && !visible.includes(row.staffId))) throw DomainError.of('NOT_FOUND', { id });
      await this.access.assertManages(m, caller, row.staffId);
      // an approved telework day is an absence while the request stands: it ends with the request
      if (row.source === 'telework') throw DomainError.of('ABSENCE_FROM_REQUEST', { id, requestId: row.requestId });
      await this.repo.delete(m, id);
      const now = this.clock.now();
      await m.query(
        `UPDATE timers SET cancelled_at = $2 WHERE instance_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
        [id, now],
      );
      // an absence of today taken back (the approver came in after all): what went to a deputy comes back
      const today = japanDate(now);
      if (row.from <= today && today <= row.to) await this.router.returnPresent(m, [row.staffId], now);
    });
  }

  /**
   * An approver's own approved telework is an absence, one they can act through when they
   * hold a remote-capable device (then routing leaves their tasks with them).
   */
  async fromApprovedTelework(m: EntityManager, requestIds: string[], at: Date): Promise<void> {
    if (requestIds.length === 0) return;
    const rows: { id: string; requester_id: string; date_from: string; date_to: string; can_act: boolean }[] =
      await m.query(
        `SELECT r.id, r.requester_id, r.date_from::text AS date_from, r.date_to::text AS date_to,
              EXISTS (SELECT 1 FROM devices d WHERE d.holder_id = r.requester_id AND d.remote_capable) AS can_act
       FROM remote_work_requests r JOIN staff s ON s.id = r.requester_id
       WHERE r.id = ANY($1::uuid[]) AND 'supervisor' = ANY(s.roles)`,
        [requestIds],
      );
    const absences: AbsenceRow[] = rows.map((r) => ({
      id: randomUUID(),
      staffId: r.requester_id,
      from: r.date_from,
      to: r.date_to,
      kind: 'telework',
      canActRemotely: r.can_act,
      source: 'telework',
      requestId: r.id,
    }));
    // a change of their absences, as `create` is: work placed for them meanwhile waits, then sees it
    await this.repo.lockStaff(
      m,
      absences.map((a) => a.staffId),
      'alone',
    );
    await this.repo.insertMany(m, absences, null, at);
    await this.takeEffect(
      m,
      absences.filter((a) => !a.canActRemotely),
      at,
    );
  }

  /**
   * A cancelled telework day is no absence any more (nor its pending timers); one of today taken
   * back gives the approver back what went to a deputy meanwhile.
   */
  async releaseTelework(m: EntityManager, requestIds: string[], at: Date): Promise<void> {
    await this.lockAbsencesOfRequests(m, requestIds);
    const today = japanDate(at);
    await m.query(
      `UPDATE timers SET cancelled_at = now() WHERE machine = 'absence' AND fired_at IS NULL AND cancelled_at IS NULL
         AND instance_id IN (SELECT id FROM absences WHERE request_id = ANY($1::uuid[]))`,
      [requestIds],
    );
    const todays: { staff_id: string }[] = await m.query(
      `SELECT DISTINCT staff_id FROM absences WHERE request_id = ANY($1::uuid[]) AND $2::date BETWEEN date_from AND date_to`,
      [requestIds, today],
    );
    await this.repo.deleteForRequests(m, requestIds);
    if (todays.length)
      await this.router.returnPresent(
        m,
        todays.map((r) => r.staff_id),
        at,
      );
  }

  /**
   * Approved telework cut short (see KessaiRoutes.releaseAfter): the absence it made ends on the last
   * day the request keeps, already past, so its pending timers go, and the approver, away today no
   * longer, gets back what a deputy holds meanwhile (unless another absence keeps them away).
   */
  async shortenTelework(m: EntityManager, cuts: { id: string; to: string }[], at: Date): Promise<void> {
    if (cuts.length === 0) return;
    await this.lockAbsencesOfRequests(
      m,
      cuts.map((c) => c.id),
    );
    const shortened: { id: string; staff_id: string }[] = await m.query(
      `WITH cut AS (
         UPDATE absences a SET date_to = v."to" FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, "to" date)
         WHERE a.request_id = v.id AND a.date_to > v."to"
         RETURNING a.id, a.staff_id
       ) SELECT * FROM cut`, // a CTE: TypeORM returns [rows, count] for UPDATE … RETURNING
      [JSON.stringify(cuts)],
    );
    if (shortened.length === 0) return;
    await m.query(
      `UPDATE timers SET cancelled_at = $2 WHERE machine = 'absence' AND fired_at IS NULL AND cancelled_at IS NULL
         AND instance_id = ANY($1::uuid[])`,
      [shortened.map((a) => a.id), at],
    );
    await this.router.returnPresent(m, [...new Set(shortened.map((a) => a.staff_id))], at);
  }

  /**
   * The per-person lock of the absences these requests made (as `create` and `remove` take it), in
   * staff order: a change of one's absences, and what it gives back, sees the others as they stand.
   * Without it a cut telework and a leave deleted at once each saw the other still in place, and
   * neither gave the approver back what a deputy held.
   */
  private async lockAbsencesOfRequests(m: EntityManager, requestIds: string[]): Promise<void> {
    if (requestIds.length === 0) return;
    await m.query(
      `SELECT count(pg_advisory_xact_lock(${absencesLockKey('staff_id')}))
         FROM (SELECT DISTINCT staff_id FROM absences WHERE request_id = ANY($1::uuid[]) ORDER BY staff_id) x`,
      [requestIds],
    );
  }

  /**
   * Absences that make someone absent: re-place their tasks now, or when the absence begins; and
   * when it is over, give them back what a deputy still holds for them (see KessaiRouter.returnPresent).
   */
  async takeEffect(m: EntityManager, absences: AbsenceRow[], at: Date): Promise<void> {
    const today = japanDate(at);
    const absent = absences.filter((a) => a.kind === 'leave' || a.kind === 'trip' || !a.canActRemotely);
    const now = absent.filter((a) => a.from <= today && today <= a.to).map((a) => a.staffId);
    if (now.length) await this.router.rerouteAbsent(m, [...new Set(now)], at);
    const timers = absent.flatMap((a) => [
      ...(a.from > today ? [{ id: a.id, staff_id: a.staffId, kind: 'absence-start', due_at: midnight(a.from) }] : []),
      // (the last day there is has no day after it)
      ...(a.to < '9999-12-31'
        ? [{ id: a.id, staff_id: a.staffId, kind: 'absence-end', due_at: midnight(addDays(a.to, 1)) }]
        : []),
    ]);
    if (timers.length) {
      await m.query(
        `INSERT INTO timers (instance_id, machine, kind, due_at, payload, created_at)
         SELECT id, 'absence', kind, due_at, jsonb_build_object('staffId', staff_id), $2
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, staff_id text, kind text, due_at timestamptz)`,
        [JSON.stringify(timers), at],
      );
    }
  }
}

/** The start of a day in Japan. */
const midnight = (day: string): string => `${day}T00:00:00+09:00`;
