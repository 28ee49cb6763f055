import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const ABSENCE_KINDS = ['leave', 'trip', 'telework', 'other'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** 不在: leave, a trip, or telework (absent only without the means to act remotely). */
@Entity('absences')
export class AbsenceEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'staff_id' }) staffId!: string;
  @Column('date', { name: 'date_from' }) dateFrom!: string;
  @Column('date', { name: 'date_to' }) dateTo!: string;
  @Column('text') kind!: AbsenceKind;
  @Column('boolean', { name: 'can_act_remotely' }) canActRemotely!: boolean;
  @Column('text') source!: 'manual' | 'telework';
  @Column('uuid', { name: 'request_id', nullable: true }) requestId!: string | null;
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** 代決者: an approver's ordered deputies, optionally for a period and request classes. */
@Entity('delegations')
export class DelegationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'approver_id' }) approverId!: string;
  @Column('text', { name: 'deputy_id' }) deputyId!: string;
  @Column('int') rank!: number;
  @Column('date', { name: 'date_from', nullable: true }) dateFrom!: string | null;
  @Column('date', { name: 'date_to', nullable: true }) dateTo!: string | null;
  @Column('text', { array: true, nullable: true }) classes!: string[] | null;
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** A durable timer: fires once (fired_at), across restarts and processes. */
@Entity('timers')
export class TimerEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'instance_id' }) instanceId!: string;
  @Column('text') machine!: string;
  @Column('text') kind!: string;
  @Column('int', { nullable: true }) step!: number | null;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('jsonb') payload!: unknown;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'fired_at', nullable: true }) firedAt!: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
}
