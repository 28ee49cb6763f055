import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller';
import { Clock, japanDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Db } from '../database/db.service';
import { WORK_REPORTED } from '../notifications/topics';
import { subordinatesOf } from '../org/superiors';
import { tryParseClock } from '../policy/dates';

export interface WorkDay {
  staff: { id: string; name: string; nameRomaji: string };
  date: string;
  requestId: string;
  part: string;
  startTime: string | null;
  endTime: string | null;
  startedAt: string | null;
  startNote: string | null;
  endedAt: string | null;
  endNote: string | null;
  /**
   * When the day's work was to end (HH:MM, Japan): the request's own end for hours, else the end
   * of the working-hours window its verdict applied; null when neither says (a morning half day).
   */
  plannedEnd: string | null;
  /** Reported ending after plannedEnd: the regulations allow no overtime on a telework day. */
  overtime: boolean;
}

interface WorkDayRow {
  staff_id: string;
  name_ja: string;
  name_romaji: string;
  request_id: string;
  part: string;
  start_time: string | null;
  end_time: string | null;
  started_at: Date | null;
  start_note: string | null;
  ended_at: Date | null;
  end_note: string | null;
  verdict: { reasons?: { type: string; outcome: string; facts?: Record<string, unknown> }[] } | null;
}

/**
 * Start and end reports (始業・終業報告) of a telework day, told to the teleworker's supervisor.
 * A report is for today (Japan) and a day an approved request of the caller covers; each is
 * made once, and of two made at the same time one is kept and the other answers 409.
 */
@Injectable()
export class WorkReportsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async start(caller: Caller, note: string | undefined): Promise<WorkDay> {
    const now = this.clock.now();
    const today = japanDate(now);
    return this.db.tx(async (m) => {
      const [day] = await this.days(m, [caller.id], today);
      if (!day) throw DomainError.of('NO_TELEWORK_TODAY', { date: today });
      const kept = (await m.query(
        `INSERT INTO work_reports (staff_id, work_date, request_id, started_at, start_note)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING staff_id`,
        [caller.id, today, day.request_id, now, textOrNull(note)],
      )) as unknown[];
      if (kept.length === 0) throw DomainError.of('ALREADY_REPORTED', { date: today, report: 'start' });
      await this.tell(m, caller, day.request_id, 'started', note, now);
      return (await this.view(m, caller.id, today))!;
    });
  }

  async end(caller: Caller, note: string | undefined): Promise<WorkDay> {
    const now = this.clock.now();
    const today = japanDate(now);
    return this.db.tx(async (m) => {
      const [updated] = (await m.query(
        `WITH ended AS (
           UPDATE work_reports SET ended_at = $3, end_note = $4
           WHERE staff_id = $1 AND work_date = $2 AND ended_at IS NULL RETURNING request_id
         ) SELECT request_id FROM ended`, // a CTE: TypeORM returns [rows, count] for UPDATE … RETURNING
        [caller.id, today, now, textOrNull(note)],
      )) as { request_id: string }[];
      if (!updated) {
        const started = await this.view(m, caller.id, today);
        throw started?.startedAt
          ? DomainError.of('ALREADY_REPORTED', { date: today, report: 'end' })
          : DomainError.of('NOT_STARTED', { date: today });
      }
      const day = (await this.view(m, caller.id, today))!;
      await this.tell(m, caller, updated.request_id, 'ended', note, now, day.overtime ? day.plannedEnd : null);
      return day;
    });
  }

  /** The day of the caller (`own`) or of everyone below them (`team`): who teleworks, and what they reported. */
  async list(
    caller: Caller,
    q: { date?: string; scope?: 'own' | 'team' },
  ): Promise<{ date: string; items: WorkDay[] }> {
    const date = q.date ?? this.clock.today();
    return this.db.read(async (m) => {
      const ids = q.scope === 'team' ? await subordinatesOf(m, caller.id) : [caller.id];
      return { date, items: (await this.days(m, ids, date)).map((r) => toView(r, date)) };
    });
  }

  private async view(m: EntityManager, staffId: string, date: string): Promise<WorkDay | undefined> {
    const [row] = await this.days(m, [staffId], date);
    return row && toView(row, date);
  }

  /**
   * The telework days of these staff on `date`: each approved request covering it, or the one a
   * report was made for (the request may have been revoked since), with the report; by staff id.
   */
  private async days(m: EntityManager, staffIds: string[], date: string): Promise<WorkDayRow[]> {
    if (staffIds.length === 0) return [];
    return (await m.query(
      `SELECT DISTINCT ON (r.requester_id) r.requester_id AS staff_id, s.name_ja, s.name_romaji, r.id AS request_id,
              r.part, r.start_time, r.end_time, r.verdict, w.started_at, w.start_note, w.ended_at, w.end_note
       FROM request_days d
       JOIN remote_work_requests r ON r.id = d.request_id
       JOIN staff s ON s.id = r.requester_id
       LEFT JOIN work_reports w ON w.staff_id = r.requester_id AND w.work_date = d.work_date
       WHERE d.work_date = $2::date AND d.requester_id = ANY($1::text[])
         AND (r.status = 'approved' OR w.request_id = r.id)
       ORDER BY r.requester_id, (w.request_id = r.id) DESC NULLS LAST, r.id`,
      [staffIds, date],
    )) as WorkDayRow[];
  }

  /** The supervisor is told (お知らせ); one without a supervisor reports to no one. */
  private async tell(
    m: EntityManager,
    caller: Caller,
    requestId: string,
    kind: 'started' | 'ended',
    note: string | undefined,
    at: Date,
    overtimeAfter: string | null = null,
  ): Promise<void> {
    if (!caller.supervisorId) return;
    await m.query(
      `INSERT INTO outbox (topic, aggregate_id, payload, created_at, available_at) VALUES ($1, $2, $3, $4, $4)`,
      [
        WORK_REPORTED,
        requestId,
        JSON.stringify({
          kind,
          staffId: caller.supervisorId,
          ...(textOrNull(note) ? { note: note!.trim() } : {}),
          ...(overtimeAfter ? { overtimeAfter } : {}),
        }),
        at,
      ],
    );
  }
}

const textOrNull = (s: string | undefined): string | null => (s?.trim() ? s.trim() : null);

function toView(r: WorkDayRow, date: string): WorkDay {
  const plannedEnd = plannedEndOf(r);
  const endedAt = r.ended_at ? new Date(r.ended_at) : null;
  return {
    staff: { id: r.staff_id, name: r.name_ja, nameRomaji: r.name_romaji },
    date,
    requestId: r.request_id,
    part: r.part,
    startTime: r.start_time,
    endTime: r.end_time,
    startedAt: r.started_at ? new Date(r.started_at).toISOString() : null,
    startNote: r.start_note,
    endedAt: endedAt?.toISOString() ?? null,
    endNote: r.end_note,
    plannedEnd,
    overtime: endedAt !== null && plannedEnd !== null && japanMinutes(endedAt) > (tryParseClock(plannedEnd) ?? 24 * 60),
  };
}

/** The end the request was judged by: its own for hours, else its verdict's working-hours window. */
function plannedEndOf(r: WorkDayRow): string | null {
  if (r.part === 'hours') return r.end_time;
  if (r.part === 'am') return null; // the half day's end is not the policy's to say
  const window = r.verdict?.reasons?.find((x) => x.type === 'working_hours' && x.outcome !== 'skipped');
  const latest = window?.facts?.latestEnd;
  return typeof latest === 'string' ? latest : null;
}

/** Minutes since midnight of a moment in Japan (as tryParseClock counts a clock time). */
function japanMinutes(d: Date): number {
  const t = new Date(d.getTime() + 9 * 3600_000);
  return t.getUTCHours() * 60 + t.getUTCMinutes();
}
