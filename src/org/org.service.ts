import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { daysBetween } from '../common/clock';
import { fieldProblems, invalidFields, toBeforeFrom } from '../common/field-problems';
import { Db } from '../database/db.service';
import { COUNTED } from '../policy/facts/facts.repository';
import type { EmploymentType, Grade, Role } from './org.entities';

export interface DepartmentRef {
  id: string;
  nameJa: string;
  nameEn: string;
}

export interface DemoUser {
  id: string;
  name: string;
  nameRomaji: string;
  department: DepartmentRef;
  section: DepartmentRef;
  grade: Grade;
  employmentType: EmploymentType;
  roles: Role[];
  supervisorId: string | null;
  hasRemoteDevice: boolean;
}

/** The longest period whose pool bookings one call lists. */
const MAX_BOOKING_DAYS = 366;
const FROM_NEEDED = {
  ja: '期間の初日（from）も指定してください。',
  en: 'the period needs its first day (from) too',
};
const LONGEST_PERIOD = {
  ja: `期間は最長 ${MAX_BOOKING_DAYS} 日です。`,
  en: `a period of at most ${MAX_BOOKING_DAYS} days`,
};

/** A device the caller holds: requests name one as `deviceId`. */
export interface DeviceRef {
  id: string;
  kind: string;
  label: string;
  remoteCapable: boolean;
}

/** The caller: their devices, and the approvers who name them as a deputy (代決者), in any period. */
export type Me = DemoUser & { devices: DeviceRef[]; deputyFor: string[] };

/** One person of the staff directory (GET /api/v1/staff). */
export interface StaffDirectoryEntry {
  id: string;
  name: string;
  nameKana: string;
  nameRomaji: string;
  grade: Grade;
  department: DepartmentRef;
  section: DepartmentRef;
}

export interface SatelliteOffice {
  id: string;
  nameJa: string;
  nameEn: string;
  seats: number;
}

interface StaffRow {
  id: string;
  name_ja: string;
  name_romaji: string;
  department_id: string;
  section_id: string;
  grade: Grade;
  employment_type: EmploymentType;
  roles: Role[];
  supervisor_id: string | null;
  dept_ja: string;
  dept_en: string;
  sec_ja: string;
  sec_en: string;
  has_device: boolean;
}

const STAFF_SELECT = `
  SELECT s.id, s.name_ja, s.name_romaji, s.department_id, s.section_id, s.grade, s.employment_type,
         s.roles, s.supervisor_id, d.name_ja AS dept_ja, d.name_en AS dept_en,
         sec.name_ja AS sec_ja, sec.name_en AS sec_en,
         EXISTS (SELECT 1 FROM devices v WHERE v.holder_id = s.id AND v.remote_capable) AS has_device
  FROM staff s JOIN departments d ON d.id = s.department_id JOIN sections sec ON sec.id = s.section_id
  WHERE s.active`;

/** Who works where: staff, departments, devices. Read-mostly. */
@Injectable()
export class OrgService {
  constructor(private readonly db: Db) {}

  async findCaller(id: string): Promise<Caller | null> {
    const [r] = await this.db.query<StaffRow>(`${STAFF_SELECT} AND s.id = $1`, [id]);
    if (!r) return null;
    return {
      id: r.id,
      nameJa: r.name_ja,
      nameRomaji: r.name_romaji,
      departmentId: r.department_id,
      sectionId: r.section_id,
      grade: r.grade,
      employmentType: r.employment_type,
      roles: r.roles,
      supervisorId: r.supervisor_id,
    };
  }

  /** Everyone to log in as, with the items waiting in their box (so that the demo shows who has work). */
  async demoUsers(): Promise<(DemoUser & { waiting: number })[]> {
    const [rows, boxes] = await Promise.all([
      this.db.query<StaffRow>(`${STAFF_SELECT} ORDER BY s.id`),
      this.db.query<{ assignee_id: string; n: number }>(
        `SELECT assignee_id, count(*)::int AS n FROM approval_tasks WHERE status = 'pending' GROUP BY assignee_id`,
      ),
    ]);
    const waiting = new Map(boxes.map((b) => [b.assignee_id, Number(b.n)]));
    return rows.map((r) => ({ ...toUser(r), waiting: waiting.get(r.id) ?? 0 }));
  }

  async me(id: string): Promise<Me> {
    const [r] = await this.db.query<StaffRow>(`${STAFF_SELECT} AND s.id = $1`, [id]);
    if (!r) throw new Error(`caller ${id} vanished`);
    const [devices, deputyFor] = await Promise.all([
      this.db.query<DeviceRef>(
        `SELECT id, kind, label, remote_capable AS "remoteCapable" FROM devices WHERE holder_id = $1 ORDER BY id`,
        [id],
      ),
      this.db.query<{ approver_id: string }>(
        `SELECT DISTINCT approver_id FROM delegations WHERE deputy_id = $1 ORDER BY approver_id`,
        [id],
      ),
    ]);
    return { ...toUser(r), devices, deputyFor: deputyFor.map((d) => d.approver_id) };
  }

  /**
   * The shared devices lent per day (held by no one, remote-capable): staff without a loaned device
   * of their own name one for internal-network work; the policy's device_pool rule counts them per day.
   */
  poolDevices(): Promise<DeviceRef[]> {
    return this.db.query<DeviceRef>(
      `SELECT id, kind, label, remote_capable AS "remoteCapable" FROM devices
       WHERE holder_id IS NULL AND remote_capable ORDER BY id`,
    );
  }

  /**
   * The pool devices, each with the days of [from, to] that a request awaiting decision or approved
   * books it (as the policy counts them: request_days), whoever's it is. A form marks those days before
   * anyone submits. (The request a form edits, a draft or a returned one, books nothing, so none of these
   * days is its own.)
   */
  async poolBookings(asked: { from?: string; to?: string }): Promise<(DeviceRef & { bookedOn: string[] })[]> {
    if (asked.from === undefined) throw invalidFields(fieldProblems('from', FROM_NEEDED));
    const period = { from: asked.from, to: asked.to ?? asked.from };
    if (period.from > period.to) throw invalidFields(toBeforeFrom());
    if (daysBetween(period.from, period.to) + 1 > MAX_BOOKING_DAYS)
      throw invalidFields(fieldProblems('to', LONGEST_PERIOD));
    const [devices, booked] = await Promise.all([
      this.poolDevices(),
      this.db.query<{ device: string; days: string[] }>(
        `SELECT d.pool_device_id AS device, array_agg(DISTINCT d.work_date::text ORDER BY d.work_date::text) AS days
         FROM request_days d JOIN remote_work_requests r ON r.id = d.request_id
         WHERE d.pool_device_id IS NOT NULL AND d.work_date BETWEEN $1::date AND $2::date
           AND r.status = ANY($3::text[])
         GROUP BY d.pool_device_id`,
        [period.from, period.to, COUNTED],
      ),
    ]);
    const days = new Map(booked.map((b) => [b.device, b.days]));
    return devices.map((d) => ({ ...d, bookedOn: days.get(d.id) ?? [] }));
  }

  /**
   * The staff directory, for the fields that take a staff id (a deputy, a reroute's new approver,
   * whose absences): active staff whose id, name (kanji, kana, romaji), department or section holds
   * `q`, both sides compared as `searchKey` says (the fields one by one: they are joined by a line
   * break, which no key holds); the exact id first, then ids that start so, then people one of
   * whose fields or words starts so (あおき finds 青木 before 直樹 / Naoki), then by id. `more`:
   * others match too.
   */
  async searchStaff(q: string | undefined, limit: number): Promise<{ items: StaffDirectoryEntry[]; more: boolean }> {
    const key = q === undefined ? '' : searchKey(q);
    const rows = await this.db.query<{
      id: string;
      name_ja: string;
      name_kana: string;
      name_romaji: string;
      grade: Grade;
      department_id: string;
      dept_ja: string;
      dept_en: string;
      section_id: string;
      sec_ja: string;
      sec_en: string;
    }>(
      `SELECT id, name_ja, name_kana, name_romaji, grade, department_id, dept_ja, dept_en, section_id, sec_ja, sec_en
       FROM (
         SELECT *, chr(10) || replace(norm, ' ', '') AS fields, chr(10) || replace(norm, ' ', chr(10)) AS words
         FROM (
           SELECT s.id, s.name_ja, s.name_kana, s.name_romaji, s.grade, s.department_id, d.name_ja AS dept_ja,
                  d.name_en AS dept_en, s.section_id, sec.name_ja AS sec_ja, sec.name_en AS sec_en,
                  -- each field on a line of its own: NFKC, katakana as hiragana, lower case
                  lower(translate(normalize(concat_ws(chr(10), s.id, s.name_ja, s.name_kana, s.name_romaji,
                    d.name_ja, d.name_en, sec.name_ja, sec.name_en), NFKC), $4, $5)) AS norm
           FROM staff s JOIN departments d ON d.id = s.department_id JOIN sections sec ON sec.id = s.section_id
           WHERE s.active) n) x
       WHERE fields LIKE '%' || $1 || '%' ESCAPE '\\'
       -- the exact id, ids that start so, a field or a word that starts so (aoki before naoki), then by id
       ORDER BY lower(id) = $2 DESC, lower(id) LIKE $1 || '%' ESCAPE '\\' DESC,
         (fields LIKE '%' || chr(10) || $1 || '%' ESCAPE '\\' OR words LIKE '%' || chr(10) || $1 || '%' ESCAPE '\\') DESC,
         id
       LIMIT $3`,
      [likeEscaped(key), key, limit + 1, KATAKANA, HIRAGANA],
    );
    return {
      items: rows.slice(0, limit).map((r) => ({
        id: r.id,
        name: r.name_ja,
        nameKana: r.name_kana,
        nameRomaji: r.name_romaji,
        grade: r.grade,
        department: { id: r.department_id, nameJa: r.dept_ja, nameEn: r.dept_en },
        section: { id: r.section_id, nameJa: r.sec_ja, nameEn: r.sec_en },
      })),
      more: rows.length > limit,
    };
  }

  /** Where staff may work besides home: the registered satellite offices and their seats. */
  satelliteOffices(): Promise<SatelliteOffice[]> {
    return this.db.query<SatelliteOffice>(
      `SELECT id, name_ja AS "nameJa", name_en AS "nameEn", seats FROM satellite_offices ORDER BY id`,
    );
  }
}

function toUser(r: StaffRow): DemoUser {
  return {
    id: r.id,
    name: r.name_ja,
    nameRomaji: r.name_romaji,
    department: { id: r.department_id, nameJa: r.dept_ja, nameEn: r.dept_en },
    section: { id: r.section_id, nameJa: r.sec_ja, nameEn: r.sec_en },
    grade: r.grade,
    employmentType: r.employment_type,
    roles: r.roles,
    supervisorId: r.supervisor_id,
    hasRemoteDevice: r.has_device,
  };
}

const KATAKANA = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join('');
const HIRAGANA = Array.from({ length: KATAKANA.length }, (_, i) => String.fromCharCode(0x3041 + i)).join('');

/**
 * What a directory search compares: NFKC (full-width letters and half-width kana as usual, the
 * ideographic space as a space), katakana as hiragana (names keep their kana in hiragana), lower
 * case, no spaces: 'ヤマダ\u3000タロウ', 'やまだたろう' and 'Yamada Taro' each find 山田 太郎.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u30a1-\u30f6]/g, (c) => HIRAGANA[KATAKANA.indexOf(c)]!)
    .toLowerCase()
    .replace(/\s+/g, '');
}

/** `text` as a LIKE pattern matching itself: its %, _ and \ escaped with \. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
