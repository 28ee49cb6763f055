import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { Db } from '../database/db.service';
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

/** A device the caller holds: requests name one as `deviceId`. */
export interface DeviceRef {
  id: string;
  kind: string;
  label: string;
  remoteCapable: boolean;
}

/** The caller: their devices, and the approvers who name them as a deputy (代決者), in any period. */
export type Me = DemoUser & { devices: DeviceRef[]; deputyFor: string[] };

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

  async demoUsers(): Promise<DemoUser[]> {
    const rows = await this.db.query<StaffRow>(`${STAFF_SELECT} ORDER BY s.id`);
    return rows.map(toUser);
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
