import type { EmploymentType, Grade } from '../org/org.entities';

/** Where the work is done. `other` = a registered place such as a family home (locationText says which). */
export const LOCATIONS = ['home', 'satellite', 'other'] as const;
export type Location = (typeof LOCATIONS)[number];

/** Whole day, morning, afternoon, or a span of hours (startTime–endTime). */
export const PARTS = ['full', 'am', 'pm', 'hours'] as const;
export type Part = (typeof PARTS)[number];

/** 三層の対策: the network segment a task runs on. */
export const NETWORK_TIERS = ['internet', 'lgwan', 'mynumber'] as const;
export type NetworkTier = (typeof NETWORK_TIERS)[number];

export const DEVICE_KINDS = ['loaned', 'private'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** One task the requester plans to do remotely. */
export interface TaskFact {
  description: string;
  networkTier: NetworkTier;
  /** 機密性: a level of the policy's `confidentialityLevels` (default 1, 2, 3). */
  confidentiality: number | string;
  /** System id the task needs (e.g. `payroll`), if any. */
  system?: string;
}

/** The device the requester will use. */
export interface DeviceFact {
  id: string;
  kind: DeviceKind;
  /** Can reach LGWAN through screen transfer (画面転送) from outside. */
  remoteCapable: boolean;
  /** Staff id holding it permanently; null = a shared pool device booked per day. */
  holderId: string | null;
}

/** Staff counts of one unit on one day. */
export interface Attendance {
  /** Active staff of the unit. */
  headcount: number;
  /**
   * Staff expected in the office that day: headcount minus those teleworking (approved or
   * pending requests, any part of the day) minus those on leave if known — counting the
   * requester as in the office, whatever else they asked for that day. The rule subtracts the
   * requester itself.
   */
  inOffice: number;
}

export interface Capacity {
  capacity: number;
  /** Already booked that day by other approved or pending requests, not counting this one. */
  inUse: number;
}

/** Collective facts of one requested day. */
export interface DayFacts {
  /** The requester's section (課). */
  section: Attendance;
  /** The requester's department (部). */
  department: Attendance;
  /**
   * Remote-capable loaned devices of the shared pool; `deviceBooked`: the pool device the request
   * names is booked that day by another approved or pending request (absent: it is not).
   */
  devicePool: Capacity & { deviceBooked?: boolean };
  /** Seats of the chosen satellite office; required when location is `satellite`. */
  satelliteSeats?: Capacity;
}

/**
 * Everything a policy evaluation needs, gathered by the database service before it calls
 * `evaluate`. All dates are 'YYYY-MM-DD' in Japan time. Every field can be filled by a
 * handful of set-based queries: see `factsWindow` for the history range to read.
 */
export interface PolicyFacts {
  requester: {
    id: string;
    departmentId: string;
    sectionId: string;
    grade: Grade;
    employmentType: EmploymentType;
    /** Free flags from the staff record: `childcare`, `nursing_care`, `health_risk`, … */
    flags: readonly string[];
    /** Holds a remote-capable loaned device of their own (not one of the pool). Absent: not known (no). */
    holdsRemoteDevice?: boolean;
    section: {
      /** The section runs a counter (窓口) for residents. */
      counterService: boolean;
      /** The section does 個人番号利用事務 (My Number work). */
      handlesMyNumber: boolean;
    };
  };
  request: {
    /** The days asked for, each a working day in the requester's intent. */
    dates: readonly string[];
    part: Part;
    /** 'HH:MM'; required for `hours`, optional otherwise. */
    startTime?: string;
    endTime?: string;
    location: Location;
    /** Required when location is `satellite` (e.g. SAT-KITA). */
    satelliteOfficeId?: string;
    /** The satellite office's name, for messages (`{satelliteOffice}`); its id where none is known. */
    satelliteOffice?: { ja: string; en: string };
    /** Free text for `other` (e.g. 実家). */
    locationText?: string;
    tasks: readonly TaskFact[];
    /** The device used; absent when none is named (internet-only work on one's own PC). */
    device?: DeviceFact | null;
    /** Hourly telework combined with hourly leave (時間休) for a private absence. */
    withLeave?: boolean;
    /** Marked urgent: phoned in first, filed late (事後申請). */
    urgent?: boolean;
  };
  /** The Japan date on which the request is evaluated (filed). */
  submittedOn: string;
  /**
   * The requester's OTHER telework days (approved or pending), within `factsWindow`.
   * The evaluator derives week, month and rolling counts and office days from it.
   */
  history: readonly HistoryDay[];
  /**
   * The requester's own days on leave or a business trip (registered absences), within
   * `factsWindow`: no office days. Absent: none known.
   */
  awayDays?: readonly string[];
  /** Collective facts for each requested date, keyed by that date. */
  perDay: Readonly<Record<string, DayFacts>>;
}

/** One of the requester's other telework days. */
export interface HistoryDay {
  date: string;
  part: Part;
  /**
   * `date` as a day number (dates.ts parseDay), when the gatherer already has it: a
   * simulation hands the same day to thousands of evaluations, which then need not parse it.
   */
  day?: number;
}
