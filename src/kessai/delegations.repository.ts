import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The lock of all delegations: taken alone to change them, shared to place work by them (see `all`). */
const DELEGATIONS_LOCK = `hashtext('teleflow:delegations')`;

export interface DelegationRow {
  id: string;
  approverId: string;
  deputyId: string;
  rank: number;
  from: string | null;
  to: string | null;
  classes: string[] | null;
}

const SELECT = `SELECT id, approver_id, deputy_id, rank, date_from::text AS date_from, date_to::text AS date_to, classes
  FROM delegations`;

/** SQL of deputy chains (代決者). The table is small: graphs are built in memory. */
@Injectable()
export class DelegationsRepository {
  /** The delegations lock, to the end of the transaction: `alone` to change them, `shared` to place work by them. */
  async lock(m: EntityManager, mode: 'alone' | 'shared'): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock${mode === 'shared' ? '_shared' : ''}(${DELEGATIONS_LOCK})`);
  }

  /**
   * Every delegation in force on `day` (all of them when day is null), ordered by approver and rank.
   * Those of a day are read for a choice of who holds work (placing, a reroute): under the delegations
   * lock, shared, held to the end of the transaction, which a change of delegations takes alone
   * (DelegationService). A delegation being removed is waited for and seen gone; a removal waits for
   * work placed under it to be committed, then finds it to place again.
   */
  async all(m: EntityManager, day: string | null = null): Promise<DelegationRow[]> {
    if (day !== null) await this.lock(m, 'shared');
    const rows: Raw[] = await m.query(
      `${SELECT} WHERE $1::date IS NULL OR ((date_from IS NULL OR date_from <= $1::date) AND (date_to IS NULL OR date_to >= $1::date))
       ORDER BY approver_id, rank, created_at`,
      [day],
    );
    return rows.map(toRow);
  }

  async list(m: EntityManager, approverId?: string): Promise<DelegationRow[]> {
    const rows: Raw[] = await m.query(
      `${SELECT} WHERE $1::text IS NULL OR approver_id = $1 OR deputy_id = $1 ORDER BY approver_id, rank LIMIT 1000`,
      [approverId ?? null],
    );
    return rows.map(toRow);
  }

  /** One row; `lock`: held until the transaction ends (a concurrent delete then finds nothing). */
  async find(m: EntityManager, id: string, lock = false): Promise<DelegationRow | undefined> {
    const [r] = (await m.query(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as Raw[];
    return r ? toRow(r) : undefined;
  }

  /**
   * Writes a delegation; one with a last day gets a timer for the midnight after it (Japan), when
   * what was held through it is placed again (TimersService → KessaiRouter.revisitHeld).
   */
  async insert(m: EntityManager, d: DelegationRow, by: string, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO delegations (id, approver_id, deputy_id, rank, date_from, date_to, classes, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [d.id, d.approverId, d.deputyId, d.rank, d.from, d.to, d.classes, by, at],
    );
    if (d.to !== null && d.to < '9999-12-31')
      await m.query(
        `INSERT INTO timers (instance_id, machine, kind, due_at, payload, created_at)
         VALUES ($1, 'delegation', 'delegation-end', ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo',
                 jsonb_build_object('approverId', $3::text), $4)`,
        [d.id, d.to, d.approverId, at],
      );
  }

  /** Deletes a delegation, and its timer still to fire. */
  async delete(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`DELETE FROM delegations WHERE id = $1`, [id]);
    await m.query(
      `UPDATE timers SET cancelled_at = $2 WHERE instance_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
      [id, at],
    );
  }
}

interface Raw {
  id: string;
  approver_id: string;
  deputy_id: string;
  rank: number;
  date_from: string | null;
  date_to: string | null;
  classes: string[] | null;
}

function toRow(r: Raw): DelegationRow {
  return {
    id: r.id,
    approverId: r.approver_id,
    deputyId: r.deputy_id,
    rank: Number(r.rank),
    from: r.date_from,
    to: r.date_to,
    classes: r.classes,
  };
}

/** Directed graph approver → deputies, for chain checks and deputy search. */
export class DeputyGraph {
  private readonly out = new Map<string, DelegationRow[]>();
  private readonly inc = new Map<string, string[]>();

  constructor(rows: readonly DelegationRow[]) {
    for (const r of rows) {
      this.out.set(r.approverId, [...(this.out.get(r.approverId) ?? []), r]);
      this.inc.set(r.deputyId, [...(this.inc.get(r.deputyId) ?? []), r.approverId]);
    }
    for (const list of this.out.values()) list.sort((a, b) => a.rank - b.rank);
  }

  deputiesOf(id: string, classId?: string): DelegationRow[] {
    return (this.out.get(id) ?? []).filter((d) => !classId || !d.classes || d.classes.includes(classId));
  }

  /** True if `to` can be reached from `from` through delegations. */
  reaches(from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const x = stack.pop()!;
      if (x === to) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      for (const d of this.out.get(x) ?? []) stack.push(d.deputyId);
    }
    return false;
  }

  /** `id` and every approver whose chain of deputies reaches it. */
  withApproversAbove(id: string): string[] {
    const seen = new Set([id]);
    const stack = [id];
    while (stack.length) {
      for (const a of this.inc.get(stack.pop()!) ?? []) {
        if (seen.has(a)) continue;
        seen.add(a);
        stack.push(a);
      }
    }
    return [...seen];
  }

  /** Longest chain of delegations ending at `id` (upwards) or starting at it (downwards). */
  depthUp(id: string, seen = new Set<string>()): number {
    if (seen.has(id)) return 0;
    seen.add(id);
    return Math.max(0, ...(this.inc.get(id) ?? []).map((a) => 1 + this.depthUp(a, new Set(seen))));
  }

  depthDown(id: string, seen = new Set<string>()): number {
    if (seen.has(id)) return 0;
    seen.add(id);
    return Math.max(0, ...(this.out.get(id) ?? []).map((d) => 1 + this.depthDown(d.deputyId, new Set(seen))));
  }

  /**
   * Deputies of `approverId` in the order 代決 tries them: the approver's own by rank, then
   * theirs (breadth first), at most `maxDepth` hops away.
   */
  candidates(approverId: string, classId: string, maxDepth: number): { deputyId: string; depth: number }[] {
    const out: { deputyId: string; depth: number }[] = [];
    const seen = new Set([approverId]);
    let level = [approverId];
    for (let depth = 1; depth <= maxDepth && level.length; depth++) {
      const next: string[] = [];
      for (const a of level) {
        for (const d of this.deputiesOf(a, classId)) {
          if (seen.has(d.deputyId)) continue;
          seen.add(d.deputyId);
          out.push({ deputyId: d.deputyId, depth });
          next.push(d.deputyId);
        }
      }
      level = next;
    }
    return out;
  }
}
