import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AbsenceKind } from './kessai.entities';

export interface AbsenceRow {
  id: string;
  staffId: string;
  from: string;
  to: string;
  kind: AbsenceKind;
  canActRemotely: boolean;
  source: 'manual' | 'telework';
  requestId: string | null;
}

/**
 * 不在 as routing sees it: on leave or a trip, or teleworking (or elsewhere) without the
 * means to act. An approver who teleworks and can reach e-kessai is NOT absent.
 */
export const ABSENT_SQL = `(a.kind IN ('leave', 'trip') OR NOT a.can_act_remotely)`;

const SELECT = `SELECT a.id, a.staff_id, a.date_from::text AS date_from, a.date_to::text AS date_to, a.kind,
  a.can_act_remotely, a.source, a.request_id FROM absences a`;

/**
 * The key of one person's absences lock, of the SQL expression `staffId`: taken alone by a change of
 * their absences (AbsenceService), shared by a choice of who holds work that reads them (absentOn).
 */
export const absencesLockKey = (staffId: string): string => `hashtext('teleflow:absences:' || ${staffId})`;

/** SQL of absences: who is away on which days. */
@Injectable()
export class AbsencesRepository {
  /**
   * The absences that make these staff absent on `day` (at most one row per person: the longest), for a
   * choice of who holds work (placing, giving back, a reroute's target). Read under each person's
   * absences lock, shared (a change of their absences takes it alone: AbsenceService), held to the end
   * of the transaction: an absence being registered is waited for and seen, and one registered after
   * this read waits until the work placed here is committed, and then finds it to move. Without it,
   * each saw the other not yet there, and an item stayed in the box of one marked away.
   */
  async absentOn(m: EntityManager, staffIds: string[], day: string): Promise<Map<string, AbsenceRow>> {
    if (staffIds.length === 0) return new Map();
    await this.lockStaff(m, staffIds, 'shared');
    const rows = await m.query(
      `SELECT DISTINCT ON (a.staff_id) a.* FROM (${SELECT}
         WHERE a.staff_id = ANY($1) AND $2::date BETWEEN a.date_from AND a.date_to AND ${ABSENT_SQL}) a
       ORDER BY a.staff_id, a.date_to DESC`,
      [staffIds, day],
    );
    return new Map((rows as Raw[]).map((r) => [r.staff_id, toRow(r)]));
  }

  /**
   * These staff's absences locks, in staff order, to the end of the transaction: `alone` to change
   * their absences (AbsenceService), `shared` to read them for a choice of who holds work (absentOn).
   */
  async lockStaff(m: EntityManager, staffIds: string[], mode: 'alone' | 'shared'): Promise<void> {
    if (staffIds.length === 0) return;
    const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await m.query(
      `SELECT count(${fn}(${absencesLockKey('id')})) FROM (SELECT DISTINCT unnest($1::text[]) AS id ORDER BY 1) x`,
      [staffIds],
    );
  }

  /** Absences of these staff overlapping [from, to] that make them absent. */
  async absencesBetween(m: EntityManager, staffIds: string[] | null, from: string, to: string): Promise<AbsenceRow[]> {
    const rows: Raw[] = await m.query(
      `${SELECT} WHERE ($1::text[] IS NULL OR a.staff_id = ANY($1)) AND a.date_to >= $2::date AND a.date_from <= $3::date
         AND ${ABSENT_SQL} ORDER BY a.staff_id, a.date_from`,
      [staffIds, from, to],
    );
    return rows.map(toRow);
  }

  async list(
    m: EntityManager,
    f: { staffId?: string; from?: string; to?: string; staffIds?: string[] },
  ): Promise<AbsenceRow[]> {
    const params: unknown[] = [];
    const where = ['true'];
    if (f.staffId) where.push(`a.staff_id = $${params.push(f.staffId)}`);
    if (f.staffIds) where.push(`a.staff_id = ANY($${params.push(f.staffIds)}::text[])`);
    if (f.from) where.push(`a.date_to >= $${params.push(f.from)}::date`);
    if (f.to) where.push(`a.date_from <= $${params.push(f.to)}::date`);
    const rows: Raw[] = await m.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY a.date_from, a.staff_id LIMIT 1000`,
      params,
    );
    return rows.map(toRow);
  }

  /** One row; `lock`: held until the transaction ends (a concurrent delete then finds nothing). */
  async find(m: EntityManager, id: string, lock = false): Promise<AbsenceRow | undefined> {
    const [r] = (await m.query(`${SELECT} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [id])) as Raw[];
    return r ? toRow(r) : undefined;
  }

  /** The absence registered by hand for these staff, days and kind, if there is one. */
  async findManual(
    m: EntityManager,
    a: { staffId: string; from: string; to: string; kind: AbsenceKind },
  ): Promise<AbsenceRow | undefined> {
    const [r] = (await m.query(
      `${SELECT} WHERE a.staff_id = $1 AND a.date_from = $2::date AND a.date_to = $3::date AND a.kind = $4
         AND a.source = 'manual' LIMIT 1`,
      [a.staffId, a.from, a.to, a.kind],
    )) as Raw[];
    return r ? toRow(r) : undefined;
  }

  async insert(m: EntityManager, a: AbsenceRow, by: string | null, at: Date): Promise<void> {
    await this.insertMany(m, [a], by, at);
  }

  async insertMany(m: EntityManager, rows: AbsenceRow[], by: string | null, at: Date): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO absences (id, staff_id, date_from, date_to, kind, can_act_remotely, source, request_id, created_by, created_at)
       SELECT id, staff_id, date_from, date_to, kind, can_act_remotely, source, request_id, $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, staff_id text, date_from date, date_to date, kind text,
         can_act_remotely boolean, source text, request_id uuid)
       ON CONFLICT (request_id) WHERE request_id IS NOT NULL DO NOTHING`,
      [
        JSON.stringify(
          rows.map((a) => ({
            id: a.id,
            staff_id: a.staffId,
            date_from: a.from,
            date_to: a.to,
            kind: a.kind,
            can_act_remotely: a.canActRemotely,
            source: a.source,
            request_id: a.requestId,
          })),
        ),
        by,
        at,
      ],
    );
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM absences WHERE id = $1`, [id]);
  }

  async deleteForRequests(m: EntityManager, requestIds: string[]): Promise<void> {
    if (requestIds.length) await m.query(`DELETE FROM absences WHERE request_id = ANY($1::uuid[])`, [requestIds]);
  }
}

interface Raw {
  id: string;
  staff_id: string;
  date_from: string;
  date_to: string;
  kind: AbsenceKind;
  can_act_remotely: boolean;
  source: 'manual' | 'telework';
  request_id: string | null;
}

function toRow(r: Raw): AbsenceRow {
  return {
    id: r.id,
    staffId: r.staff_id,
    from: r.date_from,
    to: r.date_to,
    kind: r.kind,
    canActRemotely: r.can_act_remotely,
    source: r.source,
    requestId: r.request_id,
  };
}
