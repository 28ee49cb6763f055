import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { hasVisibleText, visibleTextOrNull } from '../../workflows/text';
import { readsEverything, type Caller } from '../auth/caller';
import { Clock, isRealDate, japanDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { invalidCursor, invalidFields, periodProblems } from '../common/field-problems';
import { decodeCursor, encodeCursor, isUuid } from '../common/ids';
import { Db } from '../database/db.service';
import { writeRegistrationNotice } from '../notifications/topics';
import { isSuperiorOf, subordinatesOf, SUPERIORS_OF } from '../org/superiors';
import { PolicyStore } from '../policy/policy-store.service';
import { PolicyVerdicts } from '../policy/policy-verdicts.service';
import type { CreateRegistrationDto, ListRegistrationsQuery } from './dto/registrations.dto';
import type { RegistrationStatus } from './registration.entity';

/** COMMENT_REQUIRED for a revocation: its holder is told why (the default message speaks of rejecting). */
const REVOKE_NEEDS_A_REASON = {
  ja: '登録の取消しには理由の記入が必要です。',
  en: 'Revoking a registration needs a reason.',
};

/** COMMENT_REQUIRED for a rejection: a registration is rejected or approved, never returned (差し戻し). */
const REJECT_NEEDS_A_REASON = {
  ja: '登録の却下には理由の記入が必要です。',
  en: 'Rejecting a registration needs a reason.',
};

/** Longest period one registration may cover (calendar days): a fiscal year's worth. */
export const MAX_REGISTRATION_DAYS = 366;

export interface RegistrationView {
  id: string;
  staff: Person;
  approver: Person;
  from: string;
  to: string;
  locations: string[];
  note: string | null;
  status: RegistrationStatus;
  version: number;
  /** Who approved or rejected it, when, and the reason given with a rejection. */
  decidedBy: Person | null;
  decidedAt: string | null;
  comment: string | null;
  /** Who revoked or withdrew it, when, and the reason given with a revocation. */
  endedBy: Person | null;
  endedAt: string | null;
  endComment: string | null;
  createdAt: string;
}

interface Person {
  id: string;
  name: string;
  nameRomaji: string;
}

interface Row {
  id: string;
  staff_id: string;
  staff_name: string;
  staff_romaji: string;
  approver_id: string;
  approver_name: string;
  approver_romaji: string;
  date_from: string;
  date_to: string;
  locations: string[];
  note: string | null;
  status: RegistrationStatus;
  version: number;
  decided_by: string | null;
  decider_name: string | null;
  decider_romaji: string | null;
  decided_at: Date | null;
  comment: string | null;
  ended_by: string | null;
  ender_name: string | null;
  ender_romaji: string | null;
  ended_at: Date | null;
  end_comment: string | null;
  created_at: Date;
}

const SELECT = `SELECT g.id, g.staff_id, s.name_ja AS staff_name, s.name_romaji AS staff_romaji, g.approver_id,
    a.name_ja AS approver_name, a.name_romaji AS approver_romaji, g.date_from::text AS date_from,
    g.date_to::text AS date_to, g.locations, g.note, g.status, g.version, g.decided_by, d.name_ja AS decider_name,
    d.name_romaji AS decider_romaji, g.decided_at, g.comment, g.ended_by, e.name_ja AS ender_name,
    e.name_romaji AS ender_romaji, g.ended_at, g.end_comment, g.created_at
  FROM telework_registrations g JOIN staff s ON s.id = g.staff_id JOIN staff a ON a.id = g.approver_id
  LEFT JOIN staff d ON d.id = g.decided_by LEFT JOIN staff e ON e.id = g.ended_by`;

/**
 * Telework registrations (テレワーク登録): a period and the places one teleworks from, approved
 * once by one's supervisor. While one stands, a day filed within it that every rule allows is
 * approved on filing as a notice (届出; RequestsService.submit asks `covering`). Of two decisions
 * (or a decision and a withdrawal) on one registration at the same time, one is made and the
 * other answers 409: each locks the row and looks at its status.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policies: PolicyStore,
    private readonly verdicts: PolicyVerdicts,
  ) {}

  async create(caller: Caller, dto: CreateRegistrationDto): Promise<RegistrationView> {
    const now = this.clock.now();
    const problems = periodProblems(dto, {
      maxDays: MAX_REGISTRATION_DAYS,
      today: japanDate(now),
      what: { ja: '登録', en: 'registration' },
      longest: {
        ja: `登録の期間は最長 ${MAX_REGISTRATION_DAYS} 日です。`,
        en: `a registration covers at most ${MAX_REGISTRATION_DAYS} days`,
      },
    });
    if (problems.length) throw invalidFields(...problems);
    const id = randomUUID();
    await this.db.tx(async (m) => {
      // a period without a working day could never cover a filing: refused as a request's would be
      this.verdicts.workingDates(await this.policies.active(m), dto.from, dto.to);
      // one registration of a person's at a time: of two overlapping ones sent together, the second sees the first
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('teleflow:registrations:' || $1))`, [caller.id]);
      const [standing] = (await m.query(
        `SELECT id, date_from::text AS "from", date_to::text AS "to", status FROM telework_registrations
         WHERE staff_id = $1 AND status IN ('pending', 'approved') AND date_from <= $3 AND date_to >= $2
         ORDER BY date_from, id LIMIT 1`,
        [caller.id, dto.from, dto.to],
      )) as { id: string; from: string; to: string; status: string }[];
      if (standing) throw DomainError.of('REGISTRATION_OVERLAPS', standing);
      const [me] = (await m.query(`SELECT supervisor_id FROM staff WHERE id = $1`, [caller.id])) as {
        supervisor_id: string | null;
      }[];
      if (!me?.supervisor_id) throw DomainError.of('NO_APPROVER', { staffId: caller.id });
      await m.query(
        `INSERT INTO telework_registrations (id, staff_id, approver_id, date_from, date_to, locations, note, status,
           created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)`,
        [id, caller.id, me.supervisor_id, dto.from, dto.to, dto.locations, visibleTextOrNull(dto.note), now],
      );
      await writeRegistrationNotice(
        m,
        { registrationId: id, staffId: me.supervisor_id, kind: 'submitted', byId: caller.id },
        now,
      );
    });
    return this.db.read(async (m) => (await this.find(m, id))!);
  }

  /**
   * The caller's registrations, or (team) those of the staff below them and those they decide, or
   * (all: admins and auditors) everyone's: an admin may revoke any, and must be able to find it.
   */
  /** Pending first, then the latest period first; keyset-paged (`limit`, `cursor` → `next`). */
  async list(caller: Caller, q: ListRegistrationsQuery): Promise<{ items: RegistrationView[]; next?: string }> {
    if (q.scope === 'all' && !readsEverything(caller)) throw DomainError.of('FORBIDDEN', { scope: 'all' });
    const limit = q.limit ?? 50;
    // the cursor's value: whether the last row was pending (1, 0) and its last day
    const after = q.cursor === undefined ? null : decodeCursor(q.cursor, 'registrations', isPageKey);
    if (q.cursor !== undefined && !after) throw invalidCursor();
    return this.db.read(async (m) => {
      const team = q.scope === 'team';
      // everyone's (all), or of these staff (and, team, those the caller decides)
      const staff = q.scope === 'all' ? null : team ? await subordinatesOf(m, caller.id) : [caller.id];
      const rows: Row[] = await m.query(
        `${SELECT} WHERE ($1::text[] IS NULL OR g.staff_id = ANY($1) OR g.approver_id = $2)
           AND ($3::int IS NULL OR ((g.status = 'pending')::int, g.date_to, g.id) < ($3::int, $4::date, $5::uuid))
         ORDER BY (g.status = 'pending')::int DESC, g.date_to DESC, g.id DESC LIMIT ${limit + 1}`,
        [
          staff,
          team ? caller.id : null,
          after ? Number(after.value.slice(0, 1)) : null,
          after ? after.value.slice(2) : null,
          after?.id ?? null,
        ],
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toView),
        ...(rows.length > limit && last
          ? {
              next: encodeCursor('registrations', `${last.status === 'pending' ? 1 : 0}:${last.date_to}`, last.id),
            }
          : {}),
      };
    });
  }

  /**
   * Its approver approves or rejects a pending registration (a rejection says why). Someone else
   * who may see it is refused (403); anyone else is told it does not exist (404).
   */
  async decide(
    caller: Caller,
    id: string,
    action: 'approve' | 'reject',
    comment: string | undefined,
    expectedVersion?: number,
  ): Promise<RegistrationView> {
    return this.db.tx(async (m) => {
      const row = await this.lockVisible(m, caller, id);
      if (row.approver_id !== caller.id) throw DomainError.of('FORBIDDEN', { id, action });
      if (row.status !== 'pending') throw DomainError.of('ALREADY_DECIDED', { status: row.status });
      checkVersion(row, expectedVersion);
      if (action === 'reject' && !hasVisibleText(comment))
        throw DomainError.of('COMMENT_REQUIRED', undefined, REJECT_NEEDS_A_REASON);
      return this.settle(m, row, action === 'approve' ? 'approved' : 'rejected', caller.id, comment);
    });
  }

  /**
   * Takes an approved registration back (days filed under it already stay as they are; later ones
   * go the route again): its approver, one above its holder, or an admin, saying why.
   */
  async revoke(
    caller: Caller,
    id: string,
    comment: string | undefined,
    expectedVersion?: number,
  ): Promise<RegistrationView> {
    return this.db.tx(async (m) => {
      const row = await this.lockVisible(m, caller, id);
      const may =
        caller.id !== row.staff_id &&
        (caller.roles.includes('admin') ||
          row.approver_id === caller.id ||
          (await isSuperiorOf(m, caller.id, row.staff_id)));
      if (!may) throw DomainError.of('FORBIDDEN', { id, action: 'revoke' });
      if (row.status !== 'approved')
        throw DomainError.of('INVALID_TRANSITION', { state: row.status, event: 'registration.revoke' });
      checkVersion(row, expectedVersion);
      if (!hasVisibleText(comment)) throw DomainError.of('COMMENT_REQUIRED', undefined, REVOKE_NEEDS_A_REASON);
      return this.settle(m, row, 'revoked', caller.id, comment);
    });
  }

  /** Its holder gives it up, pending or approved. */
  async withdraw(caller: Caller, id: string, expectedVersion?: number): Promise<RegistrationView> {
    return this.db.tx(async (m) => {
      const row = await this.lockVisible(m, caller, id);
      if (row.staff_id !== caller.id) throw DomainError.of('FORBIDDEN', { id, action: 'withdraw' });
      if (row.status !== 'pending' && row.status !== 'approved')
        throw DomainError.of('INVALID_TRANSITION', { state: row.status, event: 'registration.withdraw' });
      checkVersion(row, expectedVersion);
      return this.settle(m, row, 'withdrawn', caller.id, undefined);
    });
  }

  /**
   * The approved registration of `staffId` a request of these days and this place falls within,
   * or null. Read FOR SHARE: a revocation or a withdrawal of it waits for the filing's
   * transaction, and a filing after one finds it gone.
   */
  async covering(
    m: EntityManager,
    staffId: string,
    r: { dateFrom: string; dateTo: string; location: string },
  ): Promise<{ id: string; approverId: string } | null> {
    // an approval stands while its approver is still above the holder: after a transfer, the new
    // supervisor has approved nothing (and the old one could no longer read the days filed)
    const [row] = (await m.query(
      `${SUPERIORS_OF}
       SELECT g.id, g.approver_id FROM telework_registrations g
       WHERE g.staff_id = $1 AND g.status = 'approved' AND g.date_from <= $2 AND g.date_to >= $3
         AND $4 = ANY(g.locations) AND g.approver_id IN (SELECT id FROM up)
         -- a day whose approval a supervisor revoked since is theirs to decide again, not a notice
         AND NOT EXISTS (
           SELECT 1 FROM remote_work_requests r
           WHERE r.requester_id = g.staff_id AND r.status = 'revoked' AND r.updated_at > g.decided_at
             AND r.date_from <= $3 AND r.date_to >= $2)
         -- so is one a revocation took back once the request had begun (it stays approved to the last day
         -- worked, keptUntil; what it took back runs from after that to revokedTo)
         AND NOT EXISTS (
           SELECT 1 FROM remote_work_requests r JOIN workflow_events e ON e.instance_id = r.id
           WHERE r.requester_id = g.staff_id AND e.type = 'decision.revoked' AND e.at > g.decided_at
             AND e.payload ? 'keptUntil'
             AND (e.payload->>'keptUntil')::date < $3::date AND (e.payload->>'revokedTo')::date >= $2::date)
       ORDER BY g.created_at, g.id LIMIT 1 FOR SHARE OF g`,
      [staffId, r.dateFrom, r.dateTo, r.location],
    )) as { id: string; approver_id: string }[];
    return row ? { id: row.id, approverId: row.approver_id } : null;
  }

  /**
   * Moves a locked registration to `status` and tells the other side: a decision (approve, reject)
   * records who decided, when and why in its own columns, and an ending (revoke, withdraw) in
   * others, so that who approved it stays on record after it ends. Its holder is told of a
   * decision or a revocation, its approver of a withdrawal.
   */
  private async settle(
    m: EntityManager,
    row: Row,
    status: Exclude<RegistrationStatus, 'pending'>,
    by: string,
    comment: string | undefined,
  ): Promise<RegistrationView> {
    const now = this.clock.now();
    const decided = status === 'approved' || status === 'rejected';
    const [who, when, why] = decided
      ? ['decided_by', 'decided_at', 'comment']
      : ['ended_by', 'ended_at', 'end_comment'];
    const said = visibleTextOrNull(comment);
    await m.query(
      `UPDATE telework_registrations SET status = $2, version = version + 1, ${who} = $3, ${when} = $4, ${why} = $5
       WHERE id = $1`,
      [row.id, status, by, now, said],
    );
    const told = status === 'withdrawn' ? row.approver_id : row.staff_id;
    const reason = said ? { comment: said } : {};
    await writeRegistrationNotice(m, { registrationId: row.id, staffId: told, kind: status, byId: by, ...reason }, now);
    // revoked by one above or an admin: the approver who granted it is told too
    if (status === 'revoked' && by !== row.approver_id)
      await writeRegistrationNotice(
        m,
        { registrationId: row.id, staffId: row.approver_id, kind: 'revokedApproval', byId: by, ...reason },
        now,
      );
    return (await this.find(m, row.id))!;
  }

  /**
   * The row, locked, when the caller may see it: its holder, its approver, one above its holder,
   * admins and auditors. Anyone else: 404, as for an id that is none.
   */
  private async lockVisible(m: EntityManager, caller: Caller, id: string): Promise<Row> {
    const [row] = isUuid(id)
      ? ((await m.query(`SELECT * FROM telework_registrations WHERE id = $1 FOR UPDATE`, [id])) as Row[])
      : [];
    const visible =
      row &&
      (row.staff_id === caller.id ||
        row.approver_id === caller.id ||
        readsEverything(caller) ||
        (await isSuperiorOf(m, caller.id, row.staff_id)));
    if (!visible) throw DomainError.of('NOT_FOUND', { id });
    return row;
  }

  private async find(m: EntityManager, id: string): Promise<RegistrationView | null> {
    const [row] = (await m.query(`${SELECT} WHERE g.id = $1`, [id])) as Row[];
    return row ? toView(row) : null;
  }
}

/** A change made from another version than the row's is made from a stale view: 409. */
function checkVersion(row: Row, expected: number | undefined): void {
  if (expected !== undefined && expected !== Number(row.version))
    throw DomainError.of('VERSION_CONFLICT', { expected, actual: Number(row.version) });
}

function toView(r: Row): RegistrationView {
  return {
    id: r.id,
    staff: { id: r.staff_id, name: r.staff_name, nameRomaji: r.staff_romaji },
    approver: { id: r.approver_id, name: r.approver_name, nameRomaji: r.approver_romaji },
    from: r.date_from,
    to: r.date_to,
    locations: r.locations,
    note: r.note,
    status: r.status,
    version: Number(r.version),
    decidedBy: r.decided_by ? { id: r.decided_by, name: r.decider_name!, nameRomaji: r.decider_romaji! } : null,
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    comment: r.comment,
    endedBy: r.ended_by ? { id: r.ended_by, name: r.ender_name!, nameRomaji: r.ender_romaji! } : null,
    endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
    endComment: r.end_comment,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** A registrations cursor's value: whether pending (1, 0), and a last day. */
const isPageKey = (v: string): boolean => /^[01]:/.test(v) && isRealDate(v.slice(2));
