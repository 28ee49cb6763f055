import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { StaffEntity } from '../org/org.entities';
import { RemoteWorkRequestEntity } from '../requests/request.entity';

export const ABSENCE_KINDS = ['leave', 'trip', 'telework', 'other'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** 不在: leave, a trip, or telework (absent only without the means to act remotely). */
@Entity('absences')
@Check('absences_kind_check', `kind IN ('leave', 'trip', 'telework', 'other')`)
@Check('absences_check', 'date_from <= date_to')
@Index('absences_staff_idx', ['staffId', 'dateTo', 'dateFrom'])
// who is out of the office on some days (attendance counts leave and trips): FactsRepository.loadAway
@Index('absences_away_days_idx', ['dateTo', 'dateFrom'], { where: `kind = ANY (ARRAY['leave', 'trip'])` })
@Index('absences_request_day_idx', ['requestId'], { unique: true, where: 'request_id IS NOT NULL' })
export class AbsenceEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'staff_id' }) staffId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'absences_staff_id_fkey' })
  staff?: StaffEntity;
  @Column('date', { name: 'date_from' }) dateFrom!: string;
  @Column('date', { name: 'date_to' }) dateTo!: string;
  @Column('text') kind!: AbsenceKind;
  @Column('boolean', { name: 'can_act_remotely', default: false }) canActRemotely!: boolean;
  @Column('text', { default: 'manual' }) source!: 'manual' | 'telework';
  @Column('uuid', { name: 'request_id', nullable: true }) requestId!: string | null;
  @ManyToOne(() => RemoteWorkRequestEntity)
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'absences_request_id_fkey' })
  request?: RemoteWorkRequestEntity;
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** 代決者: an approver's ordered deputies, optionally for a period and request classes. */
@Entity('delegations')
@Check('delegations_check', 'approver_id <> deputy_id')
@Index('delegations_approver_idx', ['approverId', 'rank'])
export class DelegationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'approver_id' }) approverId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'approver_id', foreignKeyConstraintName: 'delegations_approver_id_fkey' })
  approver?: StaffEntity;
  @Column('text', { name: 'deputy_id' }) deputyId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'deputy_id', foreignKeyConstraintName: 'delegations_deputy_id_fkey' })
  deputy?: StaffEntity;
  @Column('int') rank!: number;
  @Column('date', { name: 'date_from', nullable: true }) dateFrom!: string | null;
  @Column('date', { name: 'date_to', nullable: true }) dateTo!: string | null;
  @Column('text', { array: true, nullable: true }) classes!: string[] | null;
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** A durable timer: fires once (fired_at), across restarts and processes. */
@Entity('timers')
@Index('timers_due_idx', ['dueAt'], { where: 'fired_at IS NULL AND cancelled_at IS NULL' })
@Index('timers_instance_idx', ['instanceId', 'step'])
export class TimerEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'instance_id' }) instanceId!: string;
  @Column('text') machine!: string;
  @Column('text') kind!: string;
  @Column('int', { nullable: true }) step!: number | null;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('jsonb', { default: () => "'{}'" }) payload!: unknown;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'fired_at', nullable: true }) firedAt!: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  /** Failed tries (each waits 2^attempts s more: TimersService), and the last one's error. */
  @Column('int', { default: 0 }) attempts!: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
}
