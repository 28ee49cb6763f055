import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffEntity } from '../org/org.entities';

export const REGISTRATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'revoked'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * A telework registration (テレワーク登録): a period and the places its holder teleworks from,
 * approved once by their supervisor. While it stands, a day filed within it that the policy
 * allows is approved on filing (届出) instead of waiting in the supervisor's box.
 */
@Entity('telework_registrations')
@Check('telework_registrations_period_check', 'date_from <= date_to')
@Check('telework_registrations_status_check', `status IN ('pending', 'approved', 'rejected', 'withdrawn', 'revoked')`)
@Index('telework_registrations_staff_idx', ['staffId', 'dateTo'])
@Index('telework_registrations_approver_idx', ['approverId'], { where: `status = 'pending'` })
export class TeleworkRegistrationEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'telework_registrations_pkey' }) id!: string;
  @Column('text', { name: 'staff_id' }) staffId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'telework_registrations_staff_id_fkey' })
  staff?: StaffEntity;
  @Column('text', { name: 'approver_id' }) approverId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'approver_id', foreignKeyConstraintName: 'telework_registrations_approver_id_fkey' })
  approver?: StaffEntity;
  @Column('date', { name: 'date_from' }) dateFrom!: string;
  @Column('date', { name: 'date_to' }) dateTo!: string;
  @Column('text', { array: true }) locations!: string[];
  @Column('text', { nullable: true }) note!: string | null;
  @Column('text') status!: RegistrationStatus;
  @Column('int', { default: 1 }) version!: number;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'telework_registrations_decided_by_fkey' })
  decider?: StaffEntity;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { nullable: true }) comment!: string | null;
  @Column('text', { name: 'ended_by', nullable: true }) endedBy!: string | null;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'ended_by', foreignKeyConstraintName: 'telework_registrations_ended_by_fkey' })
  ender?: StaffEntity;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Column('text', { name: 'end_comment', nullable: true }) endComment!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
