import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { readsEverything, type Caller } from '../auth/caller';
import { DomainError } from '../common/domain-error';
import { isSuperiorOf, subordinatesOf } from '../org/superiors';

/** Who may act for whom: oneself, anyone above in the supervisor chain, or an admin. */
@Injectable()
export class OrgAccess {
  async exists(m: EntityManager, staffId: string): Promise<boolean> {
    const rows = (await m.query(`SELECT 1 FROM staff WHERE id = $1 AND active`, [staffId])) as unknown[];
    return rows.length > 0;
  }

  /** Refuses an id no staff member has (or had: people who left keep their records): 404 STAFF_NOT_FOUND. */
  async assertKnown(m: EntityManager, staffId: string): Promise<void> {
    const rows = (await m.query(`SELECT 1 FROM staff WHERE id = $1`, [staffId])) as unknown[];
    if (rows.length === 0) throw DomainError.of('STAFF_NOT_FOUND', { staffId });
  }

  /**
   * Whose absences the caller may read (they say why someone is away: leave is personal): their
   * own, those below them in the supervisor line, and those they are named deputy for; admins and
   * auditors everyone's (null).
   */
  async absencesVisibleTo(m: EntityManager, caller: Caller, today: string): Promise<string[] | null> {
    if (readsEverything(caller)) return null;
    // (a delegation makes one a deputy while it runs: not before it starts, nor after it ends)
    const deputising = (await m.query(
      `SELECT DISTINCT approver_id FROM delegations
       WHERE deputy_id = $1 AND (date_from IS NULL OR date_from <= $2::date) AND (date_to IS NULL OR date_to >= $2::date)`,
      [caller.id, today],
    )) as { approver_id: string }[];
    return [caller.id, ...(await subordinatesOf(m, caller.id)), ...deputising.map((d) => d.approver_id)];
  }

  /** Refuses unless the caller is the person, one of their superiors, or an admin. */
  async assertManages(m: EntityManager, caller: Caller, staffId: string): Promise<void> {
    if (!(await this.exists(m, staffId))) throw DomainError.of('STAFF_NOT_FOUND', { staffId });
    if (caller.id === staffId || caller.roles.includes('admin')) return;
    if (await isSuperiorOf(m, caller.id, staffId)) return;
    throw DomainError.of('FORBIDDEN', { staffId });
  }

  /** Admins, or a superior of the person (not the person: one does not reroute one's own box). */
  async isAbove(m: EntityManager, caller: Caller, staffId: string): Promise<boolean> {
    return caller.roles.includes('admin') || (await isSuperiorOf(m, caller.id, staffId));
  }

  /** Refuses unless `isAbove`. */
  async assertAbove(m: EntityManager, caller: Caller, staffId: string): Promise<void> {
    if (!(await this.exists(m, staffId))) throw DomainError.of('STAFF_NOT_FOUND', { staffId });
    if (await this.isAbove(m, caller, staffId)) return;
    throw DomainError.of('FORBIDDEN', { staffId });
  }
}
