import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffEntity } from '../org/org.entities';
import { RemoteWorkRequestEntity } from '../requests/request.entity';

const PENDING = `status = 'pending'`;

/**
 * One decision task, and the instance of its supervisor-decision machine: state = status,
 * version, head of its event log (workflow_events, instance_id = id), context in columns.
 */
@Entity('approval_tasks')
// every read by assignee, step or deadline wants pending tasks: those indexes hold only them
@Index('approval_tasks_inbox_idx', ['assigneeId', 'createdAt', 'id'], { where: PENDING })
@Index('approval_tasks_inbox_workdate_idx', ['assigneeId', 'workFrom', 'id'], { where: PENDING })
@Index('approval_tasks_request_idx', ['requestId'])
@Index('approval_tasks_kessai_idx', ['kessaiId', 'step'], { where: PENDING })
@Index('approval_tasks_backlog_idx', ['assigneeId', 'dueAt'], { where: PENDING })
// what deputies hold in an approver's place (代決), by that approver
@Index('approval_tasks_held_idx', ['onBehalfOf'], { where: PENDING })
// what goes back to an approver present again (KessaiRouter.returnPresent), by that approver
@Index('approval_tasks_returns_idx', ['returnsTo'], { where: PENDING })
export class ApprovalTaskEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'request_id' }) requestId!: string;
  @ManyToOne(() => RemoteWorkRequestEntity)
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'approval_tasks_request_id_fkey' })
  request?: RemoteWorkRequestEntity;
  @Column('text') kind!: string;
  @Column('int', { default: 1 }) step!: number;
  @Column('text', { name: 'assignee_id' }) assigneeId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'approval_tasks_assignee_id_fkey' })
  assignee?: StaffEntity;
  @Column('text', { name: 'on_behalf_of', nullable: true }) onBehalfOf!: string | null;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'on_behalf_of', foreignKeyConstraintName: 'approval_tasks_on_behalf_of_fkey' })
  onBehalfOfStaff?: StaffEntity;
  @Column('text') status!: string;
  @Column('text', { name: 'requester_id' }) requesterId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'approval_tasks_requester_id_fkey' })
  requester?: StaffEntity;
  @Column('text', { name: 'department_id' }) departmentId!: string;
  @Column('text', { nullable: true }) outcome!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) flags!: string[];
  @Column('date', { name: 'work_from' }) workFrom!: string;
  @Column('date', { name: 'work_to' }) workTo!: string;
  @Column('int') version!: number;
  /** Hash of the task's last event (seq = version): where its chain goes on. */
  @Column('text', { name: 'head_hash' }) headHash!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column('text', { nullable: true }) comment!: string | null;
  @Column('uuid', { name: 'kessai_id', nullable: true }) kessaiId!: string | null;
  @Column('text', { name: 'step_id', nullable: true }) stepId!: string | null;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column('text', { name: 'returns_to', nullable: true }) returnsTo!: string | null;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'returns_to', foreignKeyConstraintName: 'approval_tasks_returns_to_fkey' })
  returnsToStaff?: StaffEntity;
  @Column('jsonb', { name: 'routing_note', nullable: true }) routingNote!: unknown;
}
