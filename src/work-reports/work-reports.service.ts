import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller';
import { visibleTextOrNull } from '../../workflows/text';
import { Clock, japanDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Db } from '../database/db.service';
import { WORK_REPORTED, writeNotices } from '../notifications/topics';
import { subordinatesOf } from '../org/superiors';
import { formatDay, parseDay, tryParseClock } from '../policy/dates';

export interface WorkDay {
  staff: { id: string; name: string; nameRomaji: string };
  date: string;
  /** The request the day's report is for, else the (first) approved request covering the day. */
  requestId: string;
  /** Its status: `approved`, or `revoked` / `cancelled` when it was taken back after the start. */
  requestStatus: string;
  /** The part of the day away: `full` when the requests of the day cover it whole (a morning and an afternoon). */
  part: string;
  startTime: string | null;
  endTime: string | null;
  startedAt: string | null;
  startNote: string | null;
  endedAt: string | null;
  endNote: string | null;
  /**
   * When the day's work was to start (HH:MM, Japan): the request's own start for hours, else the
   * start of the working-hours window its verdict applied; null when neither says (an afternoon half day).
   */
  plannedStart: string | null;
  /** Reported starting before plannedStart: work outside the window is overtime too. */
  earlyStart: boolean;
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
  status: string;
  /** This request is the one the day's report was made for. */
  reported: boolean;
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
      const day = await this.view(m, caller.id, today);
      if (!day || (day.startedAt === null && day.requestStatus !== 'approved'))
        throw DomainError.of('NO_TELEWORK_TODAY', { date: today });
      const kept = (await m.query(
        `INSERT INTO work_reports (staff_id, work_date, request_id, started_at, start_note)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING staff_id`,
        [caller.id, today, day.requestId, now, visibleTextOrNull(note)],
      )) as unknown[];
      if (kept.length === 0) throw DomainError.of('ALREADY_REPORTED', { date: today, report: 'start' });
      const started = (await this.view(m, caller.id, today))!;
      await this.tell(m, caller, day.requestId, 'started', note, now, {
        earlyBefore: started.earlyStart ? started.plannedStart : null,
      });
      return started;
    });
  }

  /**
   * Ends today's report, or yesterday's when it is still open (a day started before midnight
   * ends after it). Without an open report: ALREADY_REPORTED when today's has ended, NOT_STARTED
   * when today is a telework day not started, else NO_TELEWORK_TODAY.
   */
  async end(caller: Caller, note: string | undefined): Promise<WorkDay> {
    const now = this.clock.now();
    const today = japanDate(now);
    const yesterday = formatDay(parseDay(today) - 1);
    return this.db.tx(async (m) => {
      const [updated] = (await m.query(
        // today's report whatever its state (a second end finds it ended: 409), else yesterday's still open;
        // of concurrent ends the first to update it wins, the others find it ended
        `WITH target AS (
           SELECT work_date FROM work_reports
           WHERE staff_id = $1 AND (work_date = $2::date OR (work_date = $3::date AND ended_at IS NULL))
           ORDER BY work_date DESC LIMIT 1
         ), ended AS (
           UPDATE work_reports w SET ended_at = $4, end_note = $5 FROM target
           WHERE w.staff_id = $1 AND w.work_date = target.work_date AND w.ended_at IS NULL
           RETURNING w.request_id, w.work_date::text AS date
         ) SELECT request_id, date FROM ended`, // a CTE: TypeORM returns [rows, count] for UPDATE … RETURNING
        [caller.id, today, yesterday, now, visibleTextOrNull(note)],
      )) as { request_id: string; date: string }[];
      if (!updated) {
        const day = await this.view(m, caller.id, today);
        if (day?.endedAt) throw DomainError.of('ALREADY_REPORTED', { date: today, report: 'end' });
        if (day?.requestStatus === 'approved') throw DomainError.of('NOT_STARTED', { date: today });
        throw DomainError.of('NO_TELEWORK_TODAY', { date: today });
      }
      const day = (await this.view(m, caller.id, updated.date))!;
      await this.tell(m, caller, updated.request_id, 'ended', note, now, {
        overtimeAfter: day.overtime ? day.plannedEnd : null,
      });
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
      return { date, items: merged(await this.days(m, ids, date), date) };
    });
  }

  private async view(m: EntityManager, staffId: string, date: string): Promise<WorkDay | undefined> {
    return merged(await this.days(m, [staffId], date), date)[0];
  }

  /**
   * The requests of these staff covering `date` that are approved, or that a report of the day was
   * made for (the request may have been revoked or cancelled since), with the report; by staff id.
   * A reported day that a cancel or a revocation gave back once the request had begun (its request
   * stays approved for the days before: see KeptDays) is no day of the request any more: its report
   * stands, with the request `cancelled` or `revoked` for that day, as a whole one taken back is.
   */
  private async days(m: EntityManager, staffIds: string[], date: string): Promise<WorkDayRow[]> {
    if (staffIds.length === 0) return [];
    return (await m.query(
      `SELECT * FROM (
         SELECT r.requester_id AS staff_id, s.name_ja, s.name_romaji, r.id AS request_id, r.status,
                (w.request_id IS NOT NULL AND w.request_id = r.id) AS reported,
                r.part, r.start_time, r.end_time, r.verdict, w.started_at, w.start_note, w.ended_at, w.end_note
         FROM request_days d
         JOIN remote_work_requests r ON r.id = d.request_id
         JOIN staff s ON s.id = r.requester_id
         LEFT JOIN work_reports w ON w.staff_id = r.requester_id AND w.work_date = d.work_date
         WHERE d.work_date = $2::date AND d.requester_id = ANY($1::text[])
           AND (r.status = 'approved' OR w.request_id = r.id)
         UNION ALL
         SELECT r.requester_id, s.name_ja, s.name_romaji, r.id,
                COALESCE((SELECT CASE e.type WHEN 'request.cancel' THEN 'cancelled' ELSE 'revoked' END
                            FROM workflow_events e
                           WHERE e.instance_id = r.id AND e.type IN ('request.cancel', 'decision.revoked')
                             AND e.payload ? 'keptUntil'
                           ORDER BY e.seq DESC LIMIT 1), r.status),
                true, r.part, r.start_time, r.end_time, r.verdict, w.started_at, w.start_note, w.ended_at, w.end_note
         FROM work_reports w
         JOIN remote_work_requests r ON r.id = w.request_id
         JOIN staff s ON s.id = r.requester_id
         WHERE w.work_date = $2::date AND w.staff_id = ANY($1::text[])
           AND NOT EXISTS (SELECT 1 FROM request_days d WHERE d.request_id = w.request_id AND d.work_date = w.work_date)
       ) x
       ORDER BY staff_id, reported DESC, start_time NULLS FIRST, request_id`,
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
    outside: { earlyBefore?: string | null; overtimeAfter?: string | null },
  ): Promise<void> {
    if (!caller.supervisorId) return;
    const said = visibleTextOrNull(note);
    const notice = { requestId, staffId: caller.supervisorId, kind };
    const { earlyBefore, overtimeAfter } = outside;
    await writeNotices(
      m,
      WORK_REPORTED,
      [
        {
          ...notice,
          ...(said ? { note: said } : {}),
          ...(earlyBefore ? { earlyBefore } : {}),
          ...(overtimeAfter ? { overtimeAfter } : {}),
        },
      ],
      at,
    );
  }
}

/**
 * One day per person from the rows of their requests covering it: the report's request first (or
 * the first approved one), the part of the day all of them cover, the earliest planned start and the
 * latest planned end.
 */
function merged(rows: WorkDayRow[], date: string): WorkDay[] {
  const byStaff = new Map<string, WorkDayRow[]>();
  for (const r of rows) {
    const mine = byStaff.get(r.staff_id);
    if (mine) mine.push(r);
    else byStaff.set(r.staff_id, [r]);
  }
  return [...byStaff.values()].map((mine) => {
    const r = mine[0]!; // ordered: the reported request first
    const counted = mine.filter((x) => x.reported || x.status === 'approved');
    // taken back only when nothing approved covers the day any more (a morning revoked, the afternoon stands)
    const status = mine.some((x) => x.status === 'approved') ? 'approved' : r.status;
    const parts = new Set(counted.map((x) => x.part));
    const part = parts.has('full') || (parts.has('am') && parts.has('pm')) ? 'full' : r.part;
    const starts = counted.map(plannedStartOf);
    const plannedStart = starts.includes(null) && part !== 'full' ? null : earliest(starts);
    const ends = counted.map(plannedEndOf);
    const plannedEnd = ends.includes(null) && part !== 'full' ? null : latest(ends);
    const startedAt = r.started_at ? new Date(r.started_at) : null;
    const endedAt = r.ended_at ? new Date(r.ended_at) : null;
    return {
      staff: { id: r.staff_id, name: r.name_ja, nameRomaji: r.name_romaji },
      date,
      requestId: r.request_id,
      requestStatus: status,
      part,
      startTime: part === 'hours' ? r.start_time : null,
      endTime: part === 'hours' ? r.end_time : null,
      startedAt: startedAt?.toISOString() ?? null,
      startNote: r.start_note,
      endedAt: endedAt?.toISOString() ?? null,
      endNote: r.end_note,
      plannedStart,
      earlyStart: startedAt !== null && plannedStart !== null && startedAt.getTime() < japanMoment(date, plannedStart),
      plannedEnd,
      overtime: endedAt !== null && plannedEnd !== null && endedAt.getTime() > japanMoment(date, plannedEnd),
    };
  });
}

/** The latest of some HH:MM times (null when none is given). */
function latest(times: (string | null)[]): string | null {
  return pick(times, (a, b) => a > b);
}

/** The earliest of some HH:MM times (null when none is given). */
function earliest(times: (string | null)[]): string | null {
  return pick(times, (a, b) => a < b);
}

function pick(times: (string | null)[], better: (a: number, b: number) => boolean): string | null {
  let best: string | null = null;
  for (const t of times)
    if (t !== null && (best === null || better(tryParseClock(t) ?? 0, tryParseClock(best) ?? 0))) best = t;
  return best;
}

/** The start the request was judged by: its own for hours, else its verdict's working-hours window. */
function plannedStartOf(r: WorkDayRow): string | null {
  if (r.part === 'hours') return r.start_time;
  if (r.part === 'pm') return null; // the half day's start is not the policy's to say
  return windowOf(r, 'earliestStart');
}

/** The end the request was judged by: its own for hours, else its verdict's working-hours window. */
function plannedEndOf(r: WorkDayRow): string | null {
  if (r.part === 'hours') return r.end_time;
  if (r.part === 'am') return null; // the half day's end is not the policy's to say
  return windowOf(r, 'latestEnd');
}

/** One end of the working-hours window the request's verdict applied (none when the rule was skipped). */
function windowOf(r: WorkDayRow, end: 'earliestStart' | 'latestEnd'): string | null {
  const window = r.verdict?.reasons?.find((x) => x.type === 'working_hours' && x.outcome !== 'skipped');
  const time = window?.facts?.[end];
  return typeof time === 'string' ? time : null;
}

/** The moment a clock time ('HH:MM') of a day ('YYYY-MM-DD') is in Japan (past midnight is the next day's). */
function japanMoment(date: string, time: string): number {
  return Date.parse(`${date}T00:00:00+09:00`) + (tryParseClock(time) ?? 24 * 60) * 60_000;
}
