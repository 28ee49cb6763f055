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
  private readonly byDeptDay = new Map<string, DayRow[]>();
  private readonly bySectionDay = new Map<string, DayRow[]>();
  private readonly poolByDay = new Map<string, DayRow[]>();
  private readonly seatsByDay = new Map<string, DayRow[]>();

  constructor(
    private readonly org: OrgFacts,
    days: readonly DayRow[],
  ) {
    this.add(days);
  }

  /** Counts more days (e.g. approvals granted earlier in the same batch). */
  add(days: readonly DayRow[]): void {
    for (const d of days) {
      push(this.byRequester, d.requesterId, d);
      push(this.byDeptDay, `${d.departmentId}|${d.date}`, d);
      push(this.bySectionDay, `${d.sectionId}|${d.date}`, d);
      if (d.poolDeviceId) push(this.poolByDay, d.date, d);
      if (d.satelliteOfficeId) push(this.seatsByDay, `${d.satelliteOfficeId}|${d.date}`, d);
    }
  }

  build(r: RequestFactsInput, submittedOn: string): PolicyFacts {
    const s = this.org.staff.get(r.requesterId);
    if (!s) throw new Error(`unknown requester ${r.requesterId}`);
    const device = r.deviceId ? (this.org.devices.get(r.deviceId) ?? null) : null;
    const usesPool = device !== null && device.holderId === null;
    const others = (rows: DayRow[] | undefined) => (rows ?? []).filter((x) => x.requestId !== r.requestId);
    // a person teleworking twice that day is still one person out of the office
    const away = (rows: DayRow[] | undefined) => new Set(others(rows).map((x) => x.requesterId)).size;
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
        devicePool: { capacity: this.org.poolCapacity, inUse: usesPool ? others(this.poolByDay.get(date)).length : 0 },
        ...(r.satelliteOfficeId
          ? {
              satelliteSeats: {
                capacity: this.org.seats.get(r.satelliteOfficeId) ?? 0,
                inUse: others(this.seatsByDay.get(`${r.satelliteOfficeId}|${date}`)).length,
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
      history: (this.byRequester.get(r.requesterId) ?? [])
        .filter((x) => x.requestId !== r.requestId)
        .map((x) => ({ date: x.date, part: x.part })),
      perDay,
    };
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
