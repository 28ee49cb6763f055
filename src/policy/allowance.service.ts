import { Injectable } from '@nestjs/common';
import { readsEverything, type Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { fieldProblems, invalidFields } from '../common/field-problems';
import { Db } from '../database/db.service';
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
      const rows = (await m.query(
        `SELECT to_char(day, 'YYYY-MM') AS month, sum(least(share, 1))::float8 AS days
         FROM (
           SELECT d.work_date AS day,
                  sum(CASE d.part WHEN 'full' THEN 1 WHEN 'am' THEN 0.5 WHEN 'pm' THEN 0.5 ELSE 0 END) AS share
           FROM request_days d JOIN remote_work_requests r ON r.id = d.request_id
           WHERE d.requester_id = $1 AND r.status = 'approved' AND r.location = ANY($2::text[])
             AND d.work_date >= $3::date AND d.work_date < ($4::date + interval '1 month')
           GROUP BY d.work_date
         ) per_day
         GROUP BY 1`,
        [staffId, rule?.locations ?? ['home'], `${months[0]}-01`, `${month}-01`],
      )) as { month: string; days: number }[];
      const byMonth = new Map(rows.map((r) => [r.month, Number(r.days)]));
      const counted = months.map((mo) => ({ month: mo, days: byMonth.get(mo) ?? 0 }));
      const average = Math.round((counted.reduce((n, x) => n + x.days, 0) / counted.length) * 100) / 100;
      return {
        staff: { id: staff.id, name: staff.name_ja, nameRomaji: staff.name_romaji },
        months: counted,
        average,
        rule: rule && {
          label: rule.label,
          minDaysPerMonth: rule.minDaysPerMonth,
          months: rule.months,
          locations: rule.locations,
        },
        due: rule ? average > rule.minDaysPerMonth : null,
        policyVersion: policy.hash,
      };
    });
  }
}

/** The `n` months ending with `month` ('YYYY-MM'), oldest first. */
function monthsEnding(month: string, n: number): string[] {
  const last = monthIndexOf(parseDay(`${month}-01`));
  // (formatMonthIndex writes the year as it is: pad it, as dates are written)
  return Array.from({ length: n }, (_, i) => formatMonthIndex(last - (n - 1 - i)).padStart(7, '0'));
}
