import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** Grades from 主事 (staff) up to 市長; order matters for authority checks. */
export const GRADES = [
  'staff', // 主事・主事補
  'shunin', // 主任
  'kakaricho', // 係長
  'kacho_hosa', // 課長補佐
  'kacho', // 課長
  'bucho', // 部長
  'fukushicho', // 副市長・教育長
  'shicho', // 市長
] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Grade, { ja: string; en: string }> = {
  staff: { ja: '主事', en: 'Staff' },
  shunin: { ja: '主任', en: 'Senior staff' },
  kakaricho: { ja: '係長', en: 'Subsection chief' },
  kacho_hosa: { ja: '課長補佐', en: 'Deputy section chief' },
  kacho: { ja: '課長', en: 'Section chief' },
  bucho: { ja: '部長', en: 'Department director' },
  fukushicho: { ja: '副市長', en: 'Deputy mayor' },
  shicho: { ja: '市長', en: 'Mayor' },
};

export function gradeRank(g: Grade): number {
  return GRADES.indexOf(g);
}

export const EMPLOYMENT_TYPES = ['regular', 'fixed_term'] as const; // 正規 / 会計年度任用
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const ROLES = ['staff', 'supervisor', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

@Entity('departments')
export class DepartmentEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @Column('text', { name: 'head_id', nullable: true }) headId!: string | null;
  @Column('int') sort!: number;
}

@Entity('sections')
export class SectionEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'department_id' }) departmentId!: string;
  @ManyToOne(() => DepartmentEntity)
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'sections_department_id_fkey' })
  department?: DepartmentEntity;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @Column('boolean', { name: 'counter_service' }) counterService!: boolean;
  @Column('boolean', { name: 'handles_my_number' }) handlesMyNumber!: boolean;
  @Column('text', { name: 'head_id', nullable: true }) headId!: string | null;
  @Column('int') headcount!: number;
}

@Entity('staff')
@Index('staff_department_idx', ['departmentId'])
@Index('staff_supervisor_idx', ['supervisorId'])
export class StaffEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_kana' }) nameKana!: string;
  @Column('text', { name: 'name_romaji' }) nameRomaji!: string;
  @Column('text', { name: 'department_id' }) departmentId!: string;
  @ManyToOne(() => DepartmentEntity)
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'staff_department_id_fkey' })
  department?: DepartmentEntity;
  @Column('text', { name: 'section_id' }) sectionId!: string;
  @ManyToOne(() => SectionEntity)
  @JoinColumn({ name: 'section_id', foreignKeyConstraintName: 'staff_section_id_fkey' })
  section?: SectionEntity;
  @Column('text') grade!: Grade;
  @Column('text', { name: 'employment_type' }) employmentType!: EmploymentType;
  @Column('text', { array: true }) roles!: Role[];
  @Column('text', { array: true, default: () => "'{}'" }) flags!: string[];
  @Column('text', { name: 'supervisor_id', nullable: true }) supervisorId!: string | null;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'supervisor_id', foreignKeyConstraintName: 'staff_supervisor_id_fkey' })
  supervisor?: StaffEntity;
  @Column('boolean', { default: true }) active!: boolean;
}

@Entity('devices')
@Index('devices_holder_idx', ['holderId'])
export class DeviceEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') kind!: 'loaned' | 'private';
  @Column('text') label!: string;
  @Column('text', { name: 'holder_id', nullable: true }) holderId!: string | null;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'holder_id', foreignKeyConstraintName: 'devices_holder_id_fkey' })
  holder?: StaffEntity;
  @Column('boolean', { name: 'remote_capable' }) remoteCapable!: boolean;
}

@Entity('satellite_offices')
@Check('satellite_offices_seats_check', 'seats >= 0')
export class SatelliteOfficeEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @Column('int') seats!: number;
}
