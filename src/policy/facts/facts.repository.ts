import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeviceFact, Part } from '../policy.facts';
import type { AwayDay, DayRow, OrgFacts, RequestFactsInput, StaffFacts } from './facts.builder';

/** The columns of a stored request the policy reads (alias `r`), for `storedFacts`. */
export const STORED_REQUEST_COLUMNS = `r.id, r.requester_id, r.department_id, r.section_id, r.part, r.start_time, r.end_time,
  r.location, r.satellite_office_id, r.location_text, r.tasks, r.device_id, r.with_leave, r.urgent,
  to_char(r.submitted_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') AS submitted_on`;

export interface StoredRequestRow {
  id: string;
  requester_id: string;
  department_id: string;
  section_id: string;
  part: RequestFactsInput['part'];
  start_time: string | null;
  end_time: string | null;
  location: RequestFactsInput['location'];
  satellite_office_id: string | null;
  location_text: string | null;
  tasks: RequestFactsInput['tasks'];
  device_id: string | null;
  with_leave: boolean;
  urgent: boolean;
  submitted_on: string;
}

/** A stored request as the facts builder takes it (dates are added by the caller). */
export function storedFacts(r: StoredRequestRow): Omit<RequestFactsInput, 'dates'> & {
  departmentId: string;
  sectionId: string;
  submittedOn: string;
} {
  return {
    requestId: r.id,
    requesterId: r.requester_id,
    departmentId: r.department_id,
    sectionId: r.section_id,
    part: r.part,
    startTime: r.start_time,
    endTime: r.end_time,
    location: r.location,
    satelliteOfficeId: r.satellite_office_id,
    locationText: r.location_text,
    tasks: r.tasks,
    deviceId: r.device_id,
    withLeave: r.with_leave,
    urgent: r.urgent,
    submittedOn: r.submitted_on,
  };
}

/** Absences that take someone out of the office for attendance (SQL list): leave and business trips. */
export const AWAY_KINDS = `('leave', 'trip')`;

/** Request statuses whose days count against caps and limits. */
export const COUNTED = ['awaitingDecision', 'approved'] as const;

export interface DaySelection {
  statuses: readonly string[];
  /** The requester's days in [from, to] (history for caps). */
  requester?: { id: string; from: string; to: string };
  /** Everyone's days on these dates (attendance, device pool, seats). */
  dates?: string[];
  /** Everyone's days in [from, to] (simulation). */
  period?: { from: string; to: string };
}

/** Set-based reads of everything policy facts are made of. */
@Injectable()
export class FactsRepository {
  /** The organisation's facts; `staffIds` limits the staff records loaded (headcounts stay whole). */
  async loadOrg(m: EntityManager, staffIds?: string[]): Promise<OrgFacts> {
    const staff: {
      id: string;
      department_id: string;
      section_id: string;
      grade: StaffFacts['grade'];
      employment_type: StaffFacts['employmentType'];
      flags: string[];
      counter_service: boolean;
      handles_my_number: boolean;
    }[] = await m.query(
      `SELECT s.id, s.department_id, s.section_id, s.grade, s.employment_type, s.flags, c.counter_service, c.handles_my_number
       FROM staff s JOIN sections c ON c.id = s.section_id WHERE s.active AND ($1::text[] IS NULL OR s.id = ANY($1))`,
      [staffIds ?? null],
    );
    const heads: { section_id: string; department_id: string; n: number }[] = await m.query(
      `SELECT section_id, department_id, count(*)::int AS n FROM staff WHERE active GROUP BY section_id, department_id`,
    );
    const devices: { id: string; kind: DeviceFact['kind']; remote_capable: boolean; holder_id: string | null }[] =
      await m.query(`SELECT id, kind, remote_capable, holder_id FROM devices`);
    const seats: { id: string; seats: number; name_ja: string; name_en: string }[] = await m.query(
      `SELECT id, seats, name_ja, name_en FROM satellite_offices`,
    );
    const org: OrgFacts = {
      staff: new Map(),
      sectionHeadcount: new Map(),
      departmentHeadcount: new Map(),
      devices: new Map(
        devices.map((d) => [d.id, { id: d.id, kind: d.kind, remoteCapable: d.remote_capable, holderId: d.holder_id }]),
      ),
      remoteHolders: new Set(devices.flatMap((d) => (d.holder_id !== null && d.remote_capable ? [d.holder_id] : []))),
      poolCapacity: devices.filter((d) => d.holder_id === null && d.remote_capable).length,
      seats: new Map(seats.map((s) => [s.id, Number(s.seats)])),
      satelliteNames: new Map(seats.map((s) => [s.id, { ja: s.name_ja, en: s.name_en }])),
    };
    for (const s of staff) {
      org.staff.set(s.id, {
        id: s.id,
        departmentId: s.department_id,
        sectionId: s.section_id,
        grade: s.grade,
        employmentType: s.employment_type,
        flags: s.flags,
        counterService: s.counter_service,
        handlesMyNumber: s.handles_my_number,
      });
    }
    for (const h of heads) {
      org.sectionHeadcount.set(h.section_id, Number(h.n));
      org.departmentHeadcount.set(h.department_id, (org.departmentHeadcount.get(h.department_id) ?? 0) + Number(h.n));
    }
    return org;
  }

  async loadDays(m: EntityManager, sel: DaySelection): Promise<DayRow[]> {
    const params: unknown[] = [sel.statuses];
    const any: string[] = [];
    if (sel.requester) {
      any.push(
        `(d.requester_id = $${params.push(sel.requester.id)} AND d.work_date BETWEEN $${params.push(sel.requester.from)}::date AND $${params.push(sel.requester.to)}::date)`,
      );
    }
    if (sel.dates?.length) any.push(`d.work_date = ANY($${params.push(sel.dates)}::date[])`);
    if (sel.period)
      any.push(`work_date BETWEEN $${params.push(sel.period.from)}::date AND $${params.push(sel.period.to)}::date`);
    if (any.length === 0) return [];
    const rows: {
      request_id: string;
      requester_id: string;
      department_id: string;
      section_id: string;
      work_date: string;
      part: Part;
      pool_device_id: string | null;
      satellite_office_id: string | null;
    }[] = await m.query(
      `SELECT d.request_id, d.requester_id, d.department_id, d.section_id, d.work_date::text AS work_date, d.part,
              d.pool_device_id, d.satellite_office_id
       FROM request_days d JOIN remote_work_requests r ON r.id = d.request_id
       WHERE r.status = ANY($1::text[]) AND (${any.join(' OR ')})`,
      params,
    );
    return rows.map((r) => ({
      requestId: r.request_id,
      requesterId: r.requester_id,
      departmentId: r.department_id,
      sectionId: r.section_id,
      date: r.work_date,
      part: r.part,
      poolDeviceId: r.pool_device_id,
      satelliteOfficeId: r.satellite_office_id,
    }));
  }

  /**
   * Staff away from the office on leave or a business trip (absences of kind leave or trip), one
   * row per person and day, in their current unit: everyone's on the `dates` given or every day of
   * `period`, and the requester's own in [from, to] (their office days), in one statement (as loadDays).
   * What the absences register knows, no more: leave no one registered is not counted. (Days are
   * stepped as timestamps without a time zone: with one, a daylight-saving change at midnight in the
   * session's zone would step past the last day.)
   */
  async loadAway(
    m: EntityManager,
    sel: {
      dates?: readonly string[];
      period?: { from: string; to: string };
      requester?: { id: string; from: string; to: string };
    },
  ): Promise<AwayDay[]> {
    const dates = sel.dates?.length ? [...sel.dates].sort() : null;
    const spans = [
      ...(dates ? [{ from: dates[0]!, to: dates.at(-1)! }] : []),
      ...(sel.period ? [sel.period] : []),
      ...(sel.requester ? [sel.requester] : []),
    ];
    if (spans.length === 0) return [];
    // the days of every selection lie in [from, to]: absences outside it are not read
    const from = spans.map((x) => x.from).sort()[0]!;
    const to = spans
      .map((x) => x.to)
      .sort()
      .at(-1)!;
    const rows: { staff_id: string; department_id: string; section_id: string; date: string }[] = await m.query(
      `SELECT DISTINCT a.staff_id, s.department_id, s.section_id, g.day::date::text AS date
       FROM absences a JOIN staff s ON s.id = a.staff_id AND s.active
       CROSS JOIN LATERAL generate_series(greatest(a.date_from, $1::date)::timestamp, least(a.date_to, $2::date)::timestamp, interval '1 day') AS g(day)
       WHERE a.kind IN ${AWAY_KINDS} AND a.date_to >= $1::date AND a.date_from <= $2::date
         AND (g.day::date = ANY($3::date[])
              OR g.day::date BETWEEN $4::date AND $5::date
              OR (a.staff_id = $6 AND g.day::date BETWEEN $7::date AND $8::date))`,
      [
        from,
        to,
        dates ?? [],
        sel.period?.from ?? null,
        sel.period?.to ?? null,
        sel.requester?.id ?? null,
        sel.requester?.from ?? null,
        sel.requester?.to ?? null,
      ],
    );
    return rows.map((r) => ({
      staffId: r.staff_id,
      departmentId: r.department_id,
      sectionId: r.section_id,
      date: r.date,
    }));
  }

  /** Replaces a request's days (at submission, when its dates are fixed). */
  async writeDays(
    m: EntityManager,
    r: {
      id: string;
      requesterId: string;
      departmentId: string;
      sectionId: string;
      part: Part;
      poolDeviceId: string | null;
      satelliteOfficeId: string | null;
    },
    dates: string[],
  ): Promise<void> {
    await m.query(`DELETE FROM request_days WHERE request_id = $1`, [r.id]);
    await m.query(
      `INSERT INTO request_days (request_id, work_date, part, requester_id, department_id, section_id, pool_device_id, satellite_office_id)
       SELECT $1, d, $2, $3, $4, $5, $6, $7 FROM unnest($8::date[]) AS d`,
      [r.id, r.part, r.requesterId, r.departmentId, r.sectionId, r.poolDeviceId, r.satelliteOfficeId, dates],
    );
  }
}
