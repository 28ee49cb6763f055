import type { EmploymentType, Grade } from '../../org/org.entities';
import type { DayFacts, DeviceFact, Part, PolicyFacts, TaskFact } from '../policy.facts';

/** The organisation as facts need it (small: loaded whole). */
export interface OrgFacts {
  staff: Map<string, StaffFacts>;
  sectionHeadcount: Map<string, number>;
  departmentHeadcount: Map<string, number>;
  devices: Map<string, DeviceFact>;
  poolCapacity: number;
  seats: Map<string, number>;
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

/**
 * Turns loaded rows into PolicyFacts for any number of requests, in memory. The same
 * builder serves a submission (rows of one requester and a few days), the approval
 * re-check (approved rows only) and a simulation over a whole period.
 */
export class FactsBuilder {
  private readonly byRequester = new Map<string, DayRow[]>();
  /** Requests whose days are counted here. */
  private readonly counted = new Set<string>();
  /** Requesters whose day list changed since it was last sorted. */
  private readonly unsorted = new Set<string>();
  private readonly byDeptDay = new Map<string, Bucket>();
  private readonly bySectionDay = new Map<string, Bucket>();
  private readonly poolByDay = new Map<string, Bucket>();
  private readonly seatsByDay = new Map<string, Bucket>();

  constructor(
    private readonly org: OrgFacts,
    days: readonly DayRow[],
  ) {
    this.add(days);
  }

  /** The requester's other days in the window: binary search in their date-sorted days. */
  private historyOf(r: RequestFactsInput, w: { from: string; to: string }): { date: string; part: Part }[] {
    const days = this.byRequester.get(r.requesterId);
    if (!days) return [];
    if (this.unsorted.delete(r.requesterId)) days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    let lo = 0;
    let hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (days[mid]!.date < w.from) lo = mid + 1;
      else hi = mid;
    }
    const out: { date: string; part: Part }[] = [];
    for (let i = lo; i < days.length && days[i]!.date <= w.to; i++) {
      const x = days[i]!;
      if (x.requestId !== r.requestId) out.push({ date: x.date, part: x.part });
    }
    return out;
  }

  /** Counts more days (e.g. approvals granted earlier in the same batch). */
  add(days: readonly DayRow[]): void {
    for (const d of days) {
      push(this.byRequester, d.requesterId, d);
      this.unsorted.add(d.requesterId);
      this.counted.add(d.requestId);
      bucket(this.byDeptDay, `${d.departmentId}|${d.date}`).add(d);
      bucket(this.bySectionDay, `${d.sectionId}|${d.date}`).add(d);
      if (d.poolDeviceId) bucket(this.poolByDay, d.date).add(d);
      if (d.satelliteOfficeId) bucket(this.seatsByDay, `${d.satelliteOfficeId}|${d.date}`).add(d);
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
    const own = r.requestId !== undefined && this.counted.has(r.requestId);
    const away = (b: Bucket | undefined) => b?.peopleExcept(own, r.requesterId) ?? 0;
    const others = (b: Bucket | undefined) => b?.requestsExcept(own) ?? 0;
    const sectionHeads = this.org.sectionHeadcount.get(s.sectionId) ?? 0;
    const deptHeads = this.org.departmentHeadcount.get(s.departmentId) ?? 0;
    const perDay: Record<string, DayFacts> = {};
    for (const date of r.dates) {
      perDay[date] = {
        section: {
          headcount: sectionHeads,
          inOffice: sectionHeads - away(this.bySectionDay.get(`${s.sectionId}|${date}`)),
        },
        department: {
          headcount: deptHeads,
          inOffice: deptHeads - away(this.byDeptDay.get(`${s.departmentId}|${date}`)),
        },
        devicePool: { capacity: this.org.poolCapacity, inUse: usesPool ? others(this.poolByDay.get(date)) : 0 },
        ...(r.satelliteOfficeId
          ? {
              satelliteSeats: {
                capacity: this.org.seats.get(r.satelliteOfficeId) ?? 0,
                inUse: others(this.seatsByDay.get(`${r.satelliteOfficeId}|${date}`)),
              },
            }
          : {}),
      };
    }
    return {
      requester: {
        id: s.id,
        departmentId: s.departmentId,
        sectionId: s.sectionId,
        grade: s.grade,
        employmentType: s.employmentType,
        flags: s.flags,
        section: { counterService: s.counterService, handlesMyNumber: s.handlesMyNumber },
      },
      request: {
        dates: r.dates,
        part: r.part,
        ...(r.startTime ? { startTime: r.startTime } : {}),
        ...(r.endTime ? { endTime: r.endTime } : {}),
        location: r.location,
        ...(r.satelliteOfficeId ? { satelliteOfficeId: r.satelliteOfficeId } : {}),
        ...(r.locationText ? { locationText: r.locationText } : {}),
        tasks: r.tasks,
        device,
        withLeave: r.withLeave,
        urgent: r.urgent,
      },
      submittedOn,
      history: historyWindow ? this.historyOf(r, historyWindow) : [],
      perDay,
    };
  }
}

/** The requests of one unit-day (or pool-day, seat-day), counted by request and by person. */
class Bucket {
  private count = 0;
  private readonly people = new Map<string, number>();

  /** A day row is unique per (request, date): each is added once. */
  add(d: DayRow): void {
    this.count++;
    this.people.set(d.requesterId, (this.people.get(d.requesterId) ?? 0) + 1);
  }

  /** Requests that day; `own`: the request being judged is among them (its row is in this bucket). */
  requestsExcept(own: boolean): number {
    return this.count - (own ? 1 : 0);
  }

  /** People away that day, not counting this request (someone with two requests is one person). */
  peopleExcept(own: boolean, requesterId: string): number {
    return this.people.size - (own && this.people.get(requesterId) === 1 ? 1 : 0);
  }
}

function bucket(m: Map<string, Bucket>, k: string): Bucket {
  let b = m.get(k);
  if (!b) m.set(k, (b = new Bucket()));
  return b;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
