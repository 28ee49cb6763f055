import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DeviceEntity, SatelliteOfficeEntity, StaffEntity } from '../org/org.entities';

export type RequestPart = 'full' | 'am' | 'pm' | 'hours';
export type RequestLocation = 'home' | 'satellite' | 'other';
export type NetworkTier = 'internet' | 'lgwan' | 'mynumber';

export interface RequestTask {
  description: string;
  networkTier: NetworkTier;
  /** A level of the policy's confidentialityLevels, as sent: 1, 2, 3 (or "3A"… where the policy splits 3). */
  confidentiality: number | string;
  system?: string;
}

/**
 * A remote-work request, and the instance of its remote-work-request machine: state = status,
 * version, head of its event log, and the context in columns (requester, date_to as the last
 * day, outcome: the verdict's at the last submission, submissions). See RequestInstances.
 */
@Entity('remote_work_requests')
@Check('remote_work_requests_check', 'date_from <= date_to')
@Index('rwr_requester_idx', ['requesterId', 'dateFrom', 'id'])
@Index('rwr_department_day_idx', ['departmentId', 'dateFrom', 'dateTo'])
@Index('rwr_status_idx', ['status', 'dateTo'])
export class RemoteWorkRequestEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'requester_id' }) requesterId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'remote_work_requests_requester_id_fkey' })
  requester?: StaffEntity;
  @Column('text', { name: 'department_id' }) departmentId!: string;
  @Column('text', { name: 'section_id' }) sectionId!: string;
  @Column('text') status!: string;
  @Column('date', { name: 'date_from' }) dateFrom!: string;
  @Column('date', { name: 'date_to' }) dateTo!: string;
  @Column('text') part!: RequestPart;
  @Column('text', { name: 'start_time', nullable: true }) startTime!: string | null;
  @Column('text', { name: 'end_time', nullable: true }) endTime!: string | null;
  @Column('text') location!: RequestLocation;
  @Column('text', { name: 'satellite_office_id', nullable: true }) satelliteOfficeId!: string | null;
  @ManyToOne(() => SatelliteOfficeEntity)
  @JoinColumn({
    name: 'satellite_office_id',
    foreignKeyConstraintName: 'remote_work_requests_satellite_office_id_fkey',
  })
  satelliteOffice?: SatelliteOfficeEntity;
  @Column('text', { name: 'location_text', nullable: true }) locationText!: string | null;
  @Column('jsonb') tasks!: RequestTask[];
  @Column('text', { name: 'device_id', nullable: true }) deviceId!: string | null;
  @ManyToOne(() => DeviceEntity)
  @JoinColumn({ name: 'device_id', foreignKeyConstraintName: 'remote_work_requests_device_id_fkey' })
  device?: DeviceEntity;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { nullable: true }) contact!: string | null;
  @Column('boolean', { name: 'with_leave', default: false }) withLeave!: boolean;
  @Column('boolean', { default: false }) urgent!: boolean;
  /** The verdict outcome at the last submission (null before the first). */
  @Column('text', { nullable: true }) outcome!: string | null;
  @Column('jsonb', { nullable: true }) verdict!: unknown;
  @Column('text', { name: 'policy_version', nullable: true }) policyVersion!: string | null;
  @Column('int', { name: 'work_days', nullable: true }) workDays!: number | null;
  @Column('uuid', { name: 'kessai_id', nullable: true }) kessaiId!: string | null;
  @Column('int') version!: number;
  /** Hash of the request's last event (seq = version): where its chain goes on. */
  @Column('text', { name: 'head_hash' }) headHash!: string;
  @Column('int', { default: 0 }) submissions!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt!: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  /** 代決: the approver `decided_by` approved for (null: decided as themself). */
  @Column('text', { name: 'decided_on_behalf_of', nullable: true }) decidedOnBehalfOf!: string | null;
}
