import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { readsEverything, type Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { fieldProblems, invalidFields } from '../common/field-problems';
import { Db } from '../database/db.service';
import type { DepartmentRef } from '../org/org.service';
import { isSuperiorOf } from '../org/superiors';
import { formatMonthIndex, monthIndexOf, parseDay } from './dates';
import { PolicyStore } from './policy-store.service';
import type { Label } from './policy.types';

/** Months shown when the policy describes no allowance. */
const DEFAULT_MONTHS = 3;

export interface AllowanceView {
  staff: { id: string; name: string; nameRomaji: string };
  /** The months counted, oldest first, ending with the one asked for. */
  months: { month: string; days: number }[];
  /** Days per month over `months`, to two decimals. */
  average: number;
  /** The policy's allowance (telework.yaml `allowance`), or null when it describes none. */
  rule: { label: Label; minDaysPerMonth: number; months: number; locations: readonly string[] } | null;
  /** Whether the average is above the rule's minimum; null without a rule. */
  due: boolean | null;
  policyVersion: string;
  /** Its label (telework.yaml `version:`), to read beside the hash. */
  policyLabel: string;
}

/** Everyone's figure (see AllowanceService.report). */
export interface AllowanceReport {
  /** The last month counted. */
  month: string;
  /** The months counted, oldest first. */
  months: string[];
  rule: AllowanceView['rule'];
  policyVersion: string;
  policyLabel: string;
  items: (Pick<AllowanceView, 'staff' | 'months' | 'average' | 'due'> & {
    department: DepartmentRef;
    active: boolean;
  })[];
}

/**
 * The telework allowance (在宅勤務等手当) as a derived figure: approved days at the places the
 * policy names, per month, and whether their average is above its minimum. Never read by a verdict.
 * A person reads their own; those above them in the supervisor line theirs; admins and auditors anyone's.
 */
@Injectable()
export class AllowanceService {
  constructor(
    private readonly db: Db,
    private readonly store: PolicyStore,
    private readonly clock: Clock,
  ) {}

  async figure(caller: Caller, q: { staffId?: string; month?: string }): Promise<AllowanceView> {
    const staffId = q.staffId ?? caller.id;
    const month = q.month ?? this.clock.today().slice(0, 7);
    return this.db.read(async (m) => {
      const [staff] = (await m.query(`SELECT id, name_ja, name_romaji FROM staff WHERE id = $1`, [staffId])) as {
        id: string;
        name_ja: string;
        name_romaji: string;
      }[];
      if (!staff) throw DomainError.of('STAFF_NOT_FOUND', { staffId });
      if (staffId !== caller.id && !readsEverything(caller) && !(await isSuperiorOf(m, caller.id, staffId)))
        throw DomainError.of('FORBIDDEN', { staffId });
      const count = await this.counting(m, month);
      const byMonth = (await count.days(m, [staffId])).get(staffId);
      const { rule, policyVersion, policyLabel } = count;
      return {
        staff: { id: staff.id, name: staff.name_ja, nameRomaji: staff.name_romaji },
        ...count.figure(byMonth),
        rule,
        policyVersion,
        policyLabel,
      };
    });
  }

  /**
   * Everyone's figure for the months ending with `month` (default: this month in Japan), for the
   * personnel section that pays the allowance: active staff, and those who left with approved days in
   * those months, by department and id, of one department if asked. Admins and auditors only (else 403); an unknown department is a 404. One statement
   * counts everyone's days.
   */
  async report(caller: Caller, q: { month?: string; department?: string }): Promise<AllowanceReport> {
    if (!readsEverything(caller)) throw DomainError.of('FORBIDDEN', {});
    const month = q.month ?? this.clock.today().slice(0, 7);
    return this.db.read(async (m) => {
      if (q.department) {
        const [known] = (await m.query(`SELECT 1 FROM departments WHERE id = $1`, [q.department])) as unknown[];
        if (!known) throw DomainError.of('NOT_FOUND', { departmentId: q.department });
      }
      const count = await this.counting(m, month);
      // those who left are paid for the days they worked in the months counted: listed too, `active` false
      const staff = (await m.query(
        `SELECT s.id, s.name_ja, s.name_romaji, s.active, d.id AS dept_id, d.name_ja AS dept_ja, d.name_en AS dept_en
         FROM staff s JOIN departments d ON d.id = s.department_id
         WHERE ($1::text IS NULL OR s.department_id = $1)
           AND (s.active OR EXISTS (
             SELECT 1 FROM request_days rd JOIN remote_work_requests r ON r.id = rd.request_id
             WHERE rd.requester_id = s.id AND r.status = 'approved' AND r.location = ANY($4::text[])
               AND rd.work_date >= $2::date AND rd.work_date < ($3::date + interval '1 month')))
         ORDER BY s.department_id, s.id`,
        [q.department ?? null, `${count.months[0]}-01`, `${month}-01`, count.locations],
      )) as {
        id: string;
        name_ja: string;
        name_romaji: string;
        active: boolean;
        dept_id: string;
        dept_ja: string;
        dept_en: string;
      }[];
      const days = await count.days(
        m,
        staff.map((x) => x.id),
      );
      const items = staff.map((x) => ({
        staff: { id: x.id, name: x.name_ja, nameRomaji: x.name_romaji },
        department: { id: x.dept_id, nameJa: x.dept_ja, nameEn: x.dept_en },
        active: x.active,
        ...count.figure(days.get(x.id)),
      }));
      const { policyVersion, policyLabel } = count;
      return { month, months: count.months, rule: count.rule, policyVersion, policyLabel, items };
    });
  }

  /**
   * How the policy in force counts the months ending with `month`: its months, the places it counts, its rule and version,
   * the approved days of some staff per month (one statement: a half day ½, hours nothing, at most 1 a
   * day, at the places the rule names) and a person's figure from those days.
   */
  private async counting(m: EntityManager, month: string) {
    const policy = await this.store.active(m);
    const rule = policy.allowance;
    const months = monthsEnding(month, rule?.months ?? DEFAULT_MONTHS);
    if (months[0]! < '0001-01')
      throw invalidFields(
        fieldProblems('month', {
          ja: '集計期間が西暦1年より前になります。',
          en: 'the months counted begin before year 1',
        }),
      );
    const locations = [...(rule?.locations ?? ['home'])];
    const days = async (mm: EntityManager, staffIds: string[]): Promise<Map<string, Map<string, number>>> => {
      const rows = (await mm.query(
        `SELECT requester_id, to_char(day, 'YYYY-MM') AS month, sum(least(share, 1))::float8 AS days
         FROM (
           SELECT d.requester_id, d.work_date AS day,
                  sum(CASE d.part WHEN 'full' THEN 1 WHEN 'am' THEN 0.5 WHEN 'pm' THEN 0.5 ELSE 0 END) AS share
           FROM request_days d JOIN remote_work_requests r ON r.id = d.request_id
           WHERE d.requester_id = ANY($1::text[]) AND r.status = 'approved' AND r.location = ANY($2::text[])
             AND d.work_date >= $3::date AND d.work_date < ($4::date + interval '1 month')
           GROUP BY d.requester_id, d.work_date
         ) per_day
         GROUP BY 1, 2`,
        [staffIds, locations, `${months[0]}-01`, `${month}-01`],
      )) as { requester_id: string; month: string; days: number }[];
      const out = new Map<string, Map<string, number>>();
      for (const r of rows) {
        const mine = out.get(r.requester_id) ?? new Map<string, number>();
        mine.set(r.month, Number(r.days));
        out.set(r.requester_id, mine);
      }
      return out;
    };
    const shown: AllowanceView['rule'] = rule && {
      label: rule.label,
      minDaysPerMonth: rule.minDaysPerMonth,
      months: rule.months,
      locations: rule.locations,
    };
    // a person's figure from their days (the rule and version are the count's, the same for everyone)
    const figure = (byMonth: Map<string, number> | undefined): Pick<AllowanceView, 'months' | 'average' | 'due'> => {
      const counted = months.map((mo) => ({ month: mo, days: byMonth?.get(mo) ?? 0 }));
      const average = Math.round((counted.reduce((n, x) => n + x.days, 0) / counted.length) * 100) / 100;
      return { months: counted, average, due: rule ? average > rule.minDaysPerMonth : null };
    };
    return { months, locations, days, figure, rule: shown, policyVersion: policy.hash, policyLabel: policy.version };
  }
}

/** The `n` months ending with `month` ('YYYY-MM'), oldest first. */
function monthsEnding(month: string, n: number): string[] {
  const last = monthIndexOf(parseDay(`${month}-01`));
  // (formatMonthIndex writes the year as it is: pad it, as dates are written)
  return Array.from({ length: n }, (_, i) => formatMonthIndex(last - (n - 1 - i)).padStart(7, '0'));
}
