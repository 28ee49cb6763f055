import type { EmploymentType, Grade } from '../../org/org.entities';
import { parseDay } from '../dates';
import type { DayFacts, DeviceFact, HistoryDay, Part, PolicyFacts, TaskFact } from '../policy.facts';

/** The organisation as facts need it (small: loaded whole). */
export interface OrgFacts {
  staff: Map<string, StaffFacts>;
  sectionHeadcount: Map<string, number>;
  departmentHeadcount: Map<string, number>;
  devices: Map<string, DeviceFact>;
  /** Staff holding a remote-capable loaned device of their own. */
  remoteHolders: ReadonlySet<string>;
  poolCapacity: number;
  seats: Map<string, number>;
  /** Satellite offices' names, by id (messages name an office, not its code). */
  satelliteNames: Map<string, { ja: string; en: string }>;
}

export interface StaffFacts {
  id: string;
  departmentId: string;
  sectionId: string;
  grade: Grade;
  employmentType: EmploymentType;
  flags: string[];
  counterService: boolean;
  handlesMyNumber: boolean;
}

/** One counted telework day of a stored request (request_days). */
export interface DayRow {
  requestId: string;
  requesterId: string;
  departmentId: string;
  sectionId: string;
  date: string;
  part: Part;
  poolDeviceId: string | null;
  satelliteOfficeId: string | null;
}

/** A person out of the office on leave or a trip on one day, in their unit (see FactsRepository.loadAway). */
export interface AwayDay {
  staffId: string;
  departmentId: string;
  sectionId: string;
  date: string;
}

/** A request as the policy sees it (stored or not yet saved). */
export interface RequestFactsInput {
  /** Absent for a preview: nothing to exclude. */
  requestId?: string;
  requesterId: string;
  dates: string[];
  part: Part;
  startTime: string | null;
  endTime: string | null;
  location: 'home' | 'satellite' | 'other';
  satelliteOfficeId: string | null;
  locationText: string | null;
  tasks: TaskFact[];
  deviceId: string | null;
  withLeave: boolean;
  urgent: boolean;
}

/** A requester's counted days, sorted by day once they are read. */
interface RequesterDays {
  /** Parallel: the request (a number: see FactsBuilder.requestNo), the day number, and the
   * history entry handed out (shared, never copied). */
  requests: number[];
  days: number[];
  entries: HistoryDay[];
  sorted: boolean;
}

/**
 * Turns loaded rows into PolicyFacts for any number of requests, in memory. The same
 * builder serves a submission (rows of one requester and a few days), the approval
 * re-check (approved rows only) and a simulation over a whole period, where it builds
 * 100,000 facts: dates are parsed once per row, and buckets are found by id then date.
 */
export class FactsBuilder {
  private readonly byRequester = new Map<string, RequesterDays>();
  /** Requests whose days are counted here, numbered (comparing numbers beats comparing uuids). */
  private readonly requestNo = new Map<string, number>();
  private readonly byDeptDay = new Map<string, Map<string, Bucket>>();
  private readonly bySectionDay = new Map<string, Map<string, Bucket>>();
  private readonly poolByDay = new Map<string, Bucket>();
  /** The pool's days by device: one device is lent to one person a day. */
  private readonly poolDeviceByDay = new Map<string, Map<string, Bucket>>();
  private readonly seatsByDay = new Map<string, Map<string, Bucket>>();
  /** Days each person is on leave or a trip (as loaded), for their own office days. */
  private readonly awayByStaff = new Map<string, Set<string>>();

  /**
   * `away`: people on leave or a trip those days. They are out of the office as a teleworker is
   * (attendance counts), once however many reasons they have; they take no device and no seat.
   */
  constructor(
    private readonly org: OrgFacts,
    days: readonly DayRow[],
    away: readonly AwayDay[] = [],
  ) {
    this.add(days);
    for (const a of away) {
      bucket(this.byDeptDay, a.departmentId, a.date).addPerson(a.staffId);
      bucket(this.bySectionDay, a.sectionId, a.date).addPerson(a.staffId);
      let mine = this.awayByStaff.get(a.staffId);
      if (!mine) this.awayByStaff.set(a.staffId, (mine = new Set()));
      mine.add(a.date);
    }
  }

  /** The requester's other days in the window: binary search in their day-sorted days. */
  private historyOf(r: RequestFactsInput, w: { from: string; to: string }): HistoryDay[] {
    const mine = this.byRequester.get(r.requesterId);
    if (!mine) return [];
    if (!mine.sorted) sortDays(mine);
    const { requests, days, entries } = mine;
    const self = r.requestId === undefined ? -1 : (this.requestNo.get(r.requestId) ?? -1);
    const from = parseDay(w.from);
    const to = parseDay(w.to);
    let lo = 0;
    let hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (days[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    const out: HistoryDay[] = [];
    for (let i = lo; i < days.length && days[i]! <= to; i++) {
      if (requests[i] !== self) out.push(entries[i]!);
    }
    return out;
  }

  /** The requester's days on leave or a trip in the window, sorted; none: no field (none known). */
  private awayDaysOf(staffId: string, w: { from: string; to: string }): { awayDays?: string[] } {
    const mine = this.awayByStaff.get(staffId);
    if (!mine) return {};
    const days = [...mine].filter((d) => d >= w.from && d <= w.to).sort();
    return days.length ? { awayDays: days } : {};
  }

  /** Counts more days (e.g. approvals granted earlier in the same batch). */
  add(days: readonly DayRow[]): void {
    for (const d of days) {
      let mine = this.byRequester.get(d.requesterId);
      if (!mine) this.byRequester.set(d.requesterId, (mine = { requests: [], days: [], entries: [], sorted: true }));
      const day = parseDay(d.date);
      let no = this.requestNo.get(d.requestId);
      if (no === undefined) this.requestNo.set(d.requestId, (no = this.requestNo.size));
      mine.sorted &&= mine.days.length === 0 || mine.days[mine.days.length - 1]! <= day;
      mine.requests.push(no);
      mine.days.push(day);
      mine.entries.push({ date: d.date, part: d.part, day });
      bucket(this.byDeptDay, d.departmentId, d.date).add(d);
      bucket(this.bySectionDay, d.sectionId, d.date).add(d);
      if (d.poolDeviceId) {
        dayBucket(this.poolByDay, d.date).add(d);
        bucket(this.poolDeviceByDay, d.poolDeviceId, d.date).add(d);
      }
      if (d.satelliteOfficeId) bucket(this.seatsByDay, d.satelliteOfficeId, d.date).add(d);
    }
  }

  /**
   * Facts of one request. `historyWindow` bounds the requester's other days to what the
   * rules can see (factsWindow); `null`: none (collective rules need only the day's counts).
   */
  build(r: RequestFactsInput, submittedOn: string, historyWindow: { from: string; to: string } | null): PolicyFacts {
    const s = this.org.staff.get(r.requesterId);
    if (!s) throw new Error(`unknown requester ${r.requesterId}`);
    const device = r.deviceId ? (this.org.devices.get(r.deviceId) ?? null) : null;
    const usesPool = device !== null && device.holderId === null;
    // a counted request has a row for each of its dates in each of its buckets
    const own = r.requestId !== undefined && this.requestNo.has(r.requestId);
    const away = (b: Bucket | undefined) => b?.peopleExcept(r.requesterId) ?? 0;
    const others = (b: Bucket | undefined) => b?.requestsExcept(own) ?? 0;
    const sectionHeads = this.org.sectionHeadcount.get(s.sectionId) ?? 0;
    const deptHeads = this.org.departmentHeadcount.get(s.departmentId) ?? 0;
    const sectionDays = this.bySectionDay.get(s.sectionId);
    const deptDays = this.byDeptDay.get(s.departmentId);
    const seatDays = r.satelliteOfficeId ? this.seatsByDay.get(r.satelliteOfficeId) : undefined;
    const deviceDays = usesPool ? this.poolDeviceByDay.get(device.id) : undefined;
    const perDay: Record<string, DayFacts> = {};
    for (const date of r.dates) {
      perDay[date] = {
        section: { headcount: sectionHeads, inOffice: sectionHeads - away(sectionDays?.get(date)) },
        department: { headcount: deptHeads, inOffice: deptHeads - away(deptDays?.get(date)) },
        devicePool: {
          capacity: this.org.poolCapacity,
          inUse: usesPool ? others(this.poolByDay.get(date)) : 0,
          ...(usesPool ? { deviceBooked: others(deviceDays?.get(date)) > 0 } : {}),
        },
        ...(r.satelliteOfficeId
          ? {
              satelliteSeats: {
                capacity: this.org.seats.get(r.satelliteOfficeId) ?? 0,
                inUse: others(seatDays?.get(date)),
              },
            }
          : {}),
      };
    }
    return {
      requester: { ...requesterFacts(s), holdsRemoteDevice: this.org.remoteHolders.has(s.id) },
      request: {
        dates: r.dates,
        part: r.part,
        ...(r.startTime ? { startTime: r.startTime } : {}),
        ...(r.endTime ? { endTime: r.endTime } : {}),
        location: r.location,
        ...(r.satelliteOfficeId ? { satelliteOfficeId: r.satelliteOfficeId } : {}),
        ...(r.satelliteOfficeId && this.org.satelliteNames.has(r.satelliteOfficeId)
          ? { satelliteOffice: this.org.satelliteNames.get(r.satelliteOfficeId)! }
          : {}),
        ...(r.locationText ? { locationText: r.locationText } : {}),
        tasks: r.tasks,
        device,
        withLeave: r.withLeave,
        urgent: r.urgent,
      },
      submittedOn,
      history: historyWindow ? this.historyOf(r, historyWindow) : [],
      ...(historyWindow ? this.awayDaysOf(r.requesterId, historyWindow) : {}),
      perDay,
    };
  }
}

/** Sorts a requester's rows, day numbers and entries together, by day. */
function sortDays(d: RequesterDays): void {
  const order = d.days.map((_, i) => i).sort((a, b) => d.days[a]! - d.days[b]!);
  d.requests = order.map((i) => d.requests[i]!);
  d.entries = order.map((i) => d.entries[i]!);
  d.days = order.map((i) => d.days[i]!);
  d.sorted = true;
}

/** The requests of one unit-day (or pool-day, seat-day), counted by request, and the people away. */
class Bucket {
  private count = 0;
  private readonly people = new Map<string, number>();

  /** A day row is unique per (request, date): each is added once. */
  add(d: DayRow): void {
    this.count++;
    this.addPerson(d.requesterId);
  }

  /** Someone away that day without a request of this bucket (on leave, on a trip). */
  addPerson(staffId: string): void {
    this.people.set(staffId, (this.people.get(staffId) ?? 0) + 1);
  }

  /** Requests that day; `own`: the request being judged is among them (its row is in this bucket). */
  requestsExcept(own: boolean): number {
    return this.count - (own ? 1 : 0);
  }

  /**
   * People away that day other than the requester (someone with two requests is one person): the
   * rule takes the requester out of the office itself, so one already away for another request
   * (the morning, when this asks for the afternoon) must not be taken out twice.
   */
  peopleExcept(requesterId: string): number {
    return this.people.size - (this.people.has(requesterId) ? 1 : 0);
  }
}

function dayBucket(m: Map<string, Bucket>, date: string): Bucket {
  let b = m.get(date);
  if (!b) m.set(date, (b = new Bucket()));
  return b;
}

/** The bucket of a unit (department, section, satellite office) on a date. */
function bucket(m: Map<string, Map<string, Bucket>>, unit: string, date: string): Bucket {
  let days = m.get(unit);
  if (!days) m.set(unit, (days = new Map()));
  return dayBucket(days, date);
}

/** A staff record as the policy's facts describe a requester. */
export function requesterFacts(s: StaffFacts): PolicyFacts['requester'] {
  return {
    id: s.id,
    departmentId: s.departmentId,
    sectionId: s.sectionId,
    grade: s.grade,
    employmentType: s.employmentType,
    flags: s.flags,
    section: { counterService: s.counterService, handlesMyNumber: s.handlesMyNumber },
  };
}
