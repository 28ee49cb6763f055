import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffEntity } from '../org/org.entities';
import { RemoteWorkRequestEntity } from '../requests/request.entity';

/**
 * A teleworker's start and end report (始業・終業報告) to their supervisor, one per person and
 * working day, for a day an approved request covers.
 */
@Entity('work_reports')
export class WorkReportEntity {
  @PrimaryColumn('text', { name: 'staff_id', primaryKeyConstraintName: 'work_reports_pkey' }) staffId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'work_reports_staff_id_fkey' })
  staff?: StaffEntity;
  @PrimaryColumn('date', { name: 'work_date', primaryKeyConstraintName: 'work_reports_pkey' }) workDate!: string;
  @Column('uuid', { name: 'request_id' }) requestId!: string;
  @ManyToOne(() => RemoteWorkRequestEntity)
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'work_reports_request_id_fkey' })
  request?: RemoteWorkRequestEntity;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('text', { name: 'start_note', nullable: true }) startNote!: string | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Column('text', { name: 'end_note', nullable: true }) endNote!: string | null;
}
