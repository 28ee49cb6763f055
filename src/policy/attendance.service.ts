import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { readsEverything, type Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { fieldProblems, invalidFields, toBeforeFrom } from '../common/field-problems';
import { Db } from '../database/db.service';
import { type AwayCount, type OutlookUnit, unitOutlook, type UnitDayOutlook } from './attendance-outlook';
import { formatDay, parseDay } from './dates';
import type { StaffFacts } from './facts/facts.builder';
import { AWAY_KINDS, COUNTED, FactsRepository } from './facts/facts.repository';
import { PolicyStore } from './policy-store.service';
import { subordinatesOf } from '../org/superiors';

/** Most calendar days one outlook covers: a month and a day, for a page of a month. */
export const OUTLOOK_MAX_DAYS = 31;
/** Calendar days shown when one end of the period is not given: two weeks. */
const DEFAULT_DAYS = 14;
/** The first and the last day a date of the API can be (PostgreSQL has no year 0). */
const FIRST_DAY = parseDay('0001-01-01');
const LAST_DAY = parseDay('9999-12-31');

export interface NamedUnit {
  id: string;
  nameJa: string;
  nameEn: string;
}

export interface SectionOutlook extends NamedUnit {
  counterService: boolean;
  days: UnitDayOutlook[];
}

export interface DepartmentOutlook extends NamedUnit {
  days: UnitDayOutlook[];
  sections: SectionOutlook[];
}

export interface AttendanceOutlook {
  from: string;
  to: string;
  /** The working days of [from, to] on the organisation's calendar. */
  dates: string[];
  /** The policy version the limits come from (as verdicts record it) and its label. */
  policyVersion: string;
  policyLabel: string;
  /** The whole organisation: for admins and auditors, when no department was asked for. */
  organisation: { headcount: number; days: UnitDayOutlook[] } | null;
  departments: DepartmentOutlook[];
  /** The departments the caller may ask for (`departmentId`), whichever this outlook shows. */
  choices: NamedUnit[];
}

/**
 * Office attendance per working day (出勤率), by department and section, with where each stands
 * against the policy's attendance floors and ceilings. Everyone reads their own department and
 * those of the staff below them; admins and auditors any, and the whole organisation.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly db: Db,
    private readonly store: PolicyStore,
    private readonly facts: FactsRepository,
    private readonly clock: Clock,
  ) {}

  async outlook(caller: Caller, q: { from?: string; to?: string; departmentId?: string }): Promise<AttendanceOutlook> {
    // a period given by one end only runs two weeks from it (within the days a date can be)
    const span = (day: string, n: number) => formatDay(Math.max(FIRST_DAY, Math.min(parseDay(day) + n, LAST_DAY)));
    const from = q.from ?? (q.to ? span(q.to, -(DEFAULT_DAYS - 1)) : this.clock.today());
    const to = q.to ?? span(from, DEFAULT_DAYS - 1);
    if (parseDay(from) > parseDay(to)) throw invalidFields(toBeforeFrom());
    if (parseDay(to) - parseDay(from) >= OUTLOOK_MAX_DAYS) throw invalidFields(tooLong(from));
    return this.db.read(async (m) => {
      const readable = await this.readable(m, caller);
      if (readable && q.departmentId !== undefined && !readable.includes(q.departmentId))
        throw DomainError.of('FORBIDDEN', { departmentId: q.departmentId });
      const only = q.departmentId !== undefined ? [q.departmentId] : readable;
      const policy = await this.store.active(m);
      const dates = policy.calendar.workingDates(from, to);
      // the units one may read are the choices; those shown are all of them or the one asked for
      const [org, choices, away] = await Promise.all([
        this.facts.loadOrg(m),
        this.units(m, readable),
        this.away(m, from, to, only),
      ]);
      const units = q.departmentId === undefined ? choices : choices.filter((d) => d.id === q.departmentId);
      if (q.departmentId !== undefined && units.length === 0)
        throw DomainError.of('NOT_FOUND', { departmentId: q.departmentId });
      const everyone = [...org.staff.values()];
      const byUnit = new Map<string, StaffFacts[]>();
      for (const s of everyone)
        for (const key of [`department:${s.departmentId}`, `section:${s.sectionId}`]) {
          const list = byUnit.get(key);
          if (list) list.push(s);
          else byUnit.set(key, [s]);
        }
      const members = (kind: 'department' | 'section', id: string) => byUnit.get(`${kind}:${id}`) ?? [];
      const outlook = (unit: OutlookUnit) =>
        unitOutlook(policy, unit, dates, (date) => away.get(`${unit.kind}:${unit.id}:${date}`) ?? NONE);
      const departments = units.map((d) => ({
        id: d.id,
        nameJa: d.nameJa,
        nameEn: d.nameEn,
        days: outlook({ kind: 'department', id: d.id, members: members('department', d.id) }),
        sections: d.sections.map((s) => ({
          ...s,
          days: outlook({ kind: 'section', id: s.id, members: members('section', s.id) }),
        })),
      }));
      const organisation =
        only === null
          ? {
              headcount: everyone.length,
              days: outlook({ kind: 'organisation', id: '', members: everyone }),
            }
          : null;
      return {
        from,
        to,
        dates,
        policyVersion: policy.hash,
        policyLabel: policy.version,
        organisation,
        departments,
        choices: choices.map(({ id, nameJa, nameEn }) => ({ id, nameJa, nameEn })),
      };
    });
  }

  /**
   * The departments the caller may read: null for all (admins and auditors); else their own and
   * those of anyone below them in the supervisor line (a 副市長 reads the departments under them).
   */
  private async readable(m: EntityManager, caller: Caller): Promise<string[] | null> {
    if (readsEverything(caller)) return null;
    const below = await subordinatesOf(m, caller.id);
    const rows = (await m.query(`SELECT DISTINCT department_id AS id FROM staff WHERE id = ANY($1::text[])`, [
      below,
    ])) as { id: string }[];
    return [...new Set([caller.departmentId, ...rows.map((r) => r.id)])];
  }

  private async units(
    m: EntityManager,
    only: string[] | null,
  ): Promise<(NamedUnit & { sections: (NamedUnit & { counterService: boolean })[] })[]> {
    const rows: {
      id: string;
      name_ja: string;
      name_en: string;
      section_id: string | null;
      section_ja: string | null;
      section_en: string | null;
      counter_service: boolean | null;
    }[] = await m.query(
      `SELECT d.id, d.name_ja, d.name_en, s.id AS section_id, s.name_ja AS section_ja, s.name_en AS section_en,
              s.counter_service
       FROM departments d LEFT JOIN sections s ON s.department_id = d.id
       WHERE $1::text[] IS NULL OR d.id = ANY($1::text[])
       ORDER BY d.sort, d.id, s.id`,
      [only],
    );
    const byId = new Map<string, NamedUnit & { sections: (NamedUnit & { counterService: boolean })[] }>();
    for (const r of rows) {
      let d = byId.get(r.id);
      if (!d) byId.set(r.id, (d = { id: r.id, nameJa: r.name_ja, nameEn: r.name_en, sections: [] }));
      if (r.section_id)
        d.sections.push({
          id: r.section_id,
          nameJa: r.section_ja!,
          nameEn: r.section_en!,
          counterService: r.counter_service === true,
        });
    }
    return [...byId.values()];
  }

  /**
   * People away per section-day, department-day and day, keyed `section:id:date`, `department:id:date`,
   * `organisation::date`: teleworking (approved or pending, any part of the day) as the policy
   * counts them (request_days, the requests' units as submitted), and, of the rest, those on leave
   * or a trip (absences, their current unit), as the policy's facts count them too.
   */
  private async away(
    m: EntityManager,
    from: string,
    to: string,
    only: string[] | null,
  ): Promise<Map<string, AwayCount>> {
    const rows: {
      department_id: string | null;
      section_id: string | null;
      date: string;
      level: number;
      approved: number;
      pending: number;
      on_leave: number;
    }[] = await m.query(
      `WITH tele AS (
         SELECT d.requester_id AS staff_id, d.department_id, d.section_id, d.work_date AS date,
                bool_or(r.status = 'approved') AS approved
         FROM request_days d JOIN remote_work_requests r ON r.id = d.request_id
         WHERE r.status = ANY($1::text[]) AND d.work_date BETWEEN $2::date AND $3::date
           AND ($4::text[] IS NULL OR d.department_id = ANY($4::text[]))
         GROUP BY 1, 2, 3, 4
       ), leave AS (
         SELECT DISTINCT a.staff_id, s.department_id, s.section_id, g.day::date AS date
         FROM absences a JOIN staff s ON s.id = a.staff_id AND s.active
         CROSS JOIN LATERAL generate_series(greatest(a.date_from, $2::date)::timestamp, least(a.date_to, $3::date)::timestamp, interval '1 day') AS g(day)
         WHERE a.kind IN ${AWAY_KINDS} AND a.date_to >= $2::date AND a.date_from <= $3::date
           AND ($4::text[] IS NULL OR s.department_id = ANY($4::text[]))
       ), everyone AS (
         SELECT staff_id, department_id, section_id, date, CASE WHEN approved THEN 'a' ELSE 'p' END AS how FROM tele
         UNION ALL
         SELECT staff_id, department_id, section_id, date, 'l' FROM leave
       )
       -- per unit, each person once, under the first that applies there (approved, pending, leave): a
       -- request keeps the unit it was filed in and leave goes by the current one, as FactsBuilder counts
       SELECT department_id, section_id, date::text AS date, GROUPING(department_id, section_id) AS level,
              (count(DISTINCT staff_id) FILTER (WHERE how = 'a'))::int AS approved,
              (count(DISTINCT staff_id) FILTER (WHERE how <> 'l')
                - count(DISTINCT staff_id) FILTER (WHERE how = 'a'))::int AS pending,
              (count(DISTINCT staff_id) - count(DISTINCT staff_id) FILTER (WHERE how <> 'l'))::int AS on_leave
       FROM everyone
       GROUP BY GROUPING SETS ((department_id, section_id, date), (department_id, date), (date))`,
      [COUNTED, from, to, only],
    );
    const out = new Map<string, AwayCount>();
    for (const r of rows) {
      const level = Number(r.level);
      const key =
        level === 0 ? `section:${r.section_id}` : level === 1 ? `department:${r.department_id}` : 'organisation:';
      out.set(`${key}:${r.date}`, {
        approved: Number(r.approved),
        pending: Number(r.pending),
        onLeave: Number(r.on_leave),
      });
    }
    return out;
  }
}

const NONE: AwayCount = { approved: 0, pending: 0, onLeave: 0 };

function tooLong(from: string): ReturnType<typeof fieldProblems> {
  const last = formatDay(parseDay(from) + OUTLOOK_MAX_DAYS - 1);
  return fieldProblems('to', {
    ja: `一度に表示できるのは${OUTLOOK_MAX_DAYS}日までです（${from} からなら ${last} まで）。`,
    en: `at most ${OUTLOOK_MAX_DAYS} days at a time (from ${from}, up to ${last})`,
  });
}
