import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { evaluate, factsWindow } from './evaluate';
import { FactsBuilder, type RequestFactsInput } from './facts/facts.builder';
import { COLLECTIVE_RULE_TYPES, limitLockKeys } from './limit-locks';
import {
  COUNTED,
  FactsRepository,
  STORED_REQUEST_COLUMNS,
  storedFacts,
  type StoredRequestRow,
} from './facts/facts.repository';
import { holdPolicies, PolicyStore } from './policy-store.service';
import type { CompiledPolicy, RuleResult, Verdict } from './policy.types';
import type { ApprovalCandidate, CollectiveLimitsCheck } from '../inbox/collective-limits.port';

/** A request as stored, reduced to what facts need (dates still a range). */
export type StoredRequest = Omit<RequestFactsInput, 'dates'> & {
  requestId: string;
  dateFrom: string;
  dateTo: string;
  departmentId: string;
  sectionId: string;
  verdict: Verdict | null;
};

/** Gathers facts with set-based reads and evaluates: submission, preview, approval re-check. */
@Injectable()
export class PolicyVerdicts implements CollectiveLimitsCheck {
  constructor(
    private readonly store: PolicyStore,
    private readonly facts: FactsRepository,
  ) {}

  /** The working days of a range on the organisation's calendar; none → NO_WORKING_DAY. */
  workingDates(policy: CompiledPolicy, from: string, to: string): string[] {
    const dates = policy.calendar.workingDates(from, to);
    if (dates.length === 0) throw DomainError.of('NO_WORKING_DAY', { from, to });
    return dates;
  }

  /**
   * Evaluates a request (stored or not) against the active policy (`policy`, when the caller has it
   * already), counting approved and pending days.
   */
  async evaluate(
    m: EntityManager,
    r: Omit<RequestFactsInput, 'dates'> & { dateFrom: string; dateTo: string },
    today: string,
    active?: CompiledPolicy,
  ): Promise<{ verdict: Verdict; dates: string[]; policy: CompiledPolicy }> {
    const policy = active ?? (await this.store.active(m));
    const dates = this.workingDates(policy, r.dateFrom, r.dateTo);
    const window = factsWindow(policy, dates);
    const [org, days, away] = await Promise.all([
      this.facts.loadOrg(m),
      this.facts.loadDays(m, { statuses: COUNTED, requester: { id: r.requesterId, ...window }, dates }),
      // everyone's leave and trips on the dates (attendance), and the requester's around them (office days)
      this.facts.loadAway(m, { dates, requester: { id: r.requesterId, ...window } }),
    ]);
    const facts = new FactsBuilder(org, days, away).build({ ...r, dates }, today, window);
    return { verdict: evaluate(policy, facts), dates, policy };
  }

  /**
   * Approval re-check of collective limits against approved requests only (and those on leave or
   * a trip), under an
   * advisory lock per count a rule may read (`limitLockKeys`: unit-day, pool-day, seat-day;
   * taken in one statement, in a fixed order). A collective rule that fires now but was not flagged at submission
   * blocks the approval: the slot it counted on is gone. One flagged at submission was the
   * approver's to grant. Only the collective rules are evaluated here.
   */
  async checkForApproval(
    m: EntityManager,
    items: ApprovalCandidate[],
    locked: () => void = () => {},
  ): Promise<Map<string, DomainError>> {
    const blocked = new Map<string, DomainError>();
    if (items.length === 0) {
      locked();
      return blocked;
    }
    const flagged = new Map(items.map((i) => [i.requestId, new Set(i.flagged)]));
    const concludes = new Set(items.filter((i) => i.concludes).map((i) => i.requestId));
    // in the caller's order: earlier items of a batch take the slots first
    const order = new Map(items.map((i, n) => [i.requestId, n]));
    const rows = (await this.loadStored(m, [...order.keys()])).sort(
      (a, b) => order.get(a.requestId)! - order.get(b.requestId)!,
    );
    await holdPolicies(m); // the rules stay those in force until this approval commits
    const policy = collectiveOnly(await this.store.active(m));
    if (policy.rules.length === 0) {
      locked();
      return blocked;
    }
    const staffIds = [...new Set(rows.map((r) => r.requesterId))];
    const org = await this.facts.loadOrg(m, staffIds);
    // lock only the counts some rule may read: sections no rule judges need not wait for each other
    const probe = new FactsBuilder(org, []);
    const keys = new Set<string>();
    for (const r of rows) {
      const facts = probe.build(r, r.submittedOn, null);
      for (const k of limitLockKeys(policy, facts, {
        sectionIds: [...new Set([r.sectionId, facts.requester.sectionId])],
        departmentIds: [...new Set([r.departmentId, facts.requester.departmentId])],
        dates: r.dates,
        poolDeviceId: r.poolDeviceId,
        satelliteOfficeId: r.satelliteOfficeId,
      }))
        keys.add(k);
    }
    await lockLimits(m, [...keys]);
    locked();
    const dates = [...new Set(rows.flatMap((r) => r.dates))];
    const [approved, away] = await Promise.all([
      this.facts.loadDays(m, { statuses: ['approved'], dates }),
      this.facts.loadAway(m, { dates }),
    ]);
    const builder = new FactsBuilder(org, approved, away);
    for (const r of rows) {
      const verdict = evaluate(policy, builder.build(r, r.submittedOn, null));
      const newlyFired = verdict.reasons.filter((x) => fired(x) && !flagged.get(r.requestId)?.has(x.ruleId));
      if (newlyFired.length) {
        blocked.set(
          r.requestId,
          DomainError.of('POLICY_LIMIT_REACHED', { reasons: newlyFired, policyVersion: policy.hash }),
        );
        continue;
      }
      // later requests of this same batch see this one as approved (if this approval decides it)
      if (concludes.has(r.requestId)) builder.add(r.dates.map((date) => ({ ...r, date })));
    }
    return blocked;
  }

  /** See CollectiveLimitsCheck.versionForApproval: the active set's hash, under the policy lock, shared. */
  async versionForApproval(m: EntityManager): Promise<string> {
    await holdPolicies(m);
    return (await this.store.active(m)).hash;
  }

  /**
   * Takes the limit locks a submission's verdict reads (those an approval's re-check takes: see
   * limitLockKeys), before it is evaluated, so that two submissions counting the same unit-day,
   * pool device or seat are judged one after the other, each seeing the other's days, as they are
   * when filed one by one. Without them both were judged on counts without the other: ten staff
   * booking one pool device at once were all told `allow`, where one by one nine are refused.
   * Taken after the request's row and its requester's lock, as a decision takes them after its rows.
   */
  async lockForSubmission(
    m: EntityManager,
    policy: CompiledPolicy,
    r: RequestFactsInput & { departmentId: string; sectionId: string; poolDeviceId: string | null },
    today: string,
  ): Promise<void> {
    const collective = collectiveOnly(policy);
    if (collective.rules.length === 0) return;
    const org = await this.facts.loadOrg(m, [r.requesterId]);
    const facts = new FactsBuilder(org, []).build(r, today, null);
    await lockLimits(
      m,
      limitLockKeys(collective, facts, {
        sectionIds: [...new Set([r.sectionId, facts.requester.sectionId])],
        departmentIds: [...new Set([r.departmentId, facts.requester.departmentId])],
        dates: r.dates,
        poolDeviceId: r.poolDeviceId,
        satelliteOfficeId: r.satelliteOfficeId,
      }),
    );
  }

  private async loadStored(m: EntityManager, ids: string[]) {
    const rows: (StoredRequestRow & { pool_device_id: string | null; dates: string[] })[] = await m.query(
      `SELECT ${STORED_REQUEST_COLUMNS},
              min(d.pool_device_id) AS pool_device_id, array_agg(d.work_date::text ORDER BY d.work_date) AS dates
       FROM remote_work_requests r JOIN request_days d ON d.request_id = r.id
       WHERE r.id = ANY($1::uuid[]) GROUP BY r.id`,
      [ids],
    );
    return rows.map((r) => ({ ...storedFacts(r), requestId: r.id, dates: r.dates, poolDeviceId: r.pool_device_id }));
  }
}

/** The limit locks of these keys, in one statement, in a fixed order (no two holders wait for each other). */
async function lockLimits(m: EntityManager, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await m.query(`SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) x`, [
    keys,
  ]);
}

const collectiveCache = new WeakMap<CompiledPolicy, CompiledPolicy>();

/** The policy reduced to the rules that count what others use. */
function collectiveOnly(p: CompiledPolicy): CompiledPolicy {
  let c = collectiveCache.get(p);
  if (!c) {
    c = { ...p, rules: p.rules.filter((r) => COLLECTIVE_RULE_TYPES.has(r.type)) };
    collectiveCache.set(p, c);
  }
  return c;
}

function fired(r: RuleResult): boolean {
  return r.outcome === 'deny' || r.outcome === 'needs_exception';
}
