import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { invalidFields, toBeforeFrom } from '../common/field-problems';
import { Db } from '../database/db.service';
import { formatDay, parseDay } from './dates';
import { FactsBuilder } from './facts/facts.builder';
import {
  COUNTED,
  FactsRepository,
  STORED_REQUEST_COLUMNS,
  storedFacts,
  type StoredRequestRow,
} from './facts/facts.repository';
import { PolicyStore } from './policy-store.service';
import { simulate, type SimulationCase, type SimulationResult } from './simulate';

/** Most requests one simulation evaluates (a period is bounded, not the whole history). */
export const SIMULATION_LIMIT = 200_000;

/**
 * Preview of a policy change: evaluates the stored requests of a period under the active
 * policy and under the draft, with the same facts, and reports what would change.
 */
@Injectable()
export class PolicySimulation {
  constructor(
    private readonly db: Db,
    private readonly store: PolicyStore,
    private readonly facts: FactsRepository,
  ) {}

  async run(name: string, content: string, from: string, to: string, maxChanged = 1000) {
    if (from > to) throw invalidFields(toBeforeFrom());
    return this.db.read(async (m) => {
      const current = await this.store.active(m);
      const draft = await this.store.compileDraft(m, name, content);
      const cases = await this.casesIn(m, from, to, Math.max(current.historyReachDays, draft.historyReachDays));
      const result = simulate(current, draft, cases, { maxChanged });
      return { ...result, changed: await this.named(m, result.changed) };
    });
  }

  /** Each changed request with who filed it and its days: what an admin reads the list by. */
  private async named(m: EntityManager, changed: SimulationResult['changed']) {
    if (changed.length === 0) return [];
    const rows = (await m.query(
      `SELECT r.id, r.requester_id, s.name_ja, s.name_romaji, r.date_from::text AS date_from, r.date_to::text AS date_to
       FROM remote_work_requests r JOIN staff s ON s.id = r.requester_id WHERE r.id = ANY($1::uuid[])`,
      [changed.map((c) => c.requestId)],
    )) as {
      id: string;
      requester_id: string;
      name_ja: string;
      name_romaji: string;
      date_from: string;
      date_to: string;
    }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return changed.map((c) => {
      const r = byId.get(c.requestId)!; // (requests are never deleted: one the simulation judged is there)
      return {
        ...c,
        requester: { id: r.requester_id, name: r.name_ja, nameRomaji: r.name_romaji },
        dateFrom: r.date_from,
        dateTo: r.date_to,
      };
    });
  }

  /** Every submitted request with a working day in [from, to], with facts as of now. */
  private async casesIn(m: EntityManager, from: string, to: string, reach: number): Promise<Iterable<SimulationCase>> {
    // four independent reads: on PostgreSQL they run side by side on pooled connections
    const period = { from: formatDay(parseDay(from) - reach), to: formatDay(parseDay(to) + reach) };
    const [org, days, away, rows] = await Promise.all([
      this.facts.loadOrg(m),
      this.facts.loadDays(m, { statuses: COUNTED, period }),
      this.facts.loadAway(m, { period }),
      m.query(
        `SELECT ${STORED_REQUEST_COLUMNS} FROM remote_work_requests r
         WHERE r.status = ANY($3::text[])
           AND r.id IN (SELECT request_id FROM request_days WHERE work_date BETWEEN $1::date AND $2::date)
         ORDER BY r.id LIMIT ${SIMULATION_LIMIT + 1}`,
        [from, to, COUNTED],
      ) as Promise<StoredRequestRow[]>,
    ]);
    if (rows.length > SIMULATION_LIMIT) {
      throw DomainError.of(
        'BULK_LIMIT',
        { max: SIMULATION_LIMIT },
        {
          ja: `期間内の申請が多すぎます（上限 ${SIMULATION_LIMIT} 件）。期間を短くしてください。`,
          en: `Too many requests in the period (limit ${SIMULATION_LIMIT}); shorten it.`,
        },
      );
    }
    // every day of these requests is among the loaded days (period ± reach)
    const datesOf = new Map<string, string[]>();
    for (const d of days) {
      const list = datesOf.get(d.requestId);
      if (list) list.push(d.date);
      else datesOf.set(d.requestId, [d.date]);
    }
    const builder = new FactsBuilder(org, days, away);
    // facts are built as the simulation asks for them: 100,000 at once would only feed the GC;
    // a request whose facts cannot be built is one failure of the report, not an error of the call
    return (function* (): Generator<SimulationCase> {
      for (const r of rows) {
        const dates = (datesOf.get(r.id) ?? []).sort();
        const [first, last] = [dates[0], dates.at(-1)];
        if (first === undefined || last === undefined) {
          yield { requestId: r.id, error: 'the request has no working day' };
          continue;
        }
        let c: SimulationCase;
        try {
          const window = { from: formatDay(parseDay(first) - reach), to: formatDay(parseDay(last) + reach) };
          c = { requestId: r.id, facts: builder.build({ ...storedFacts(r), dates }, r.submitted_on, window) };
        } catch (e) {
          c = { requestId: r.id, error: (e as Error).message }; // e.g. the requester has left
        }
        yield c;
      }
    })();
  }
}
