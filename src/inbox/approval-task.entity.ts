import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Projection of one decision task (its supervisor-decision instance has the same id). */
@Entity('approval_tasks')
export class ApprovalTaskEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'request_id' }) requestId!: string;
  @Column('text') kind!: string;
  @Column('int') step!: number;
  @Column('text', { name: 'assignee_id' }) assigneeId!: string;
  @Column('text', { name: 'on_behalf_of', nullable: true }) onBehalfOf!: string | null;
  @Column('text') status!: string;
  @Column('text', { name: 'requester_id' }) requesterId!: string;
  @Column('text', { name: 'department_id' }) departmentId!: string;
  @Column('text', { nullable: true }) outcome!: string | null;
  @Column('text', { array: true }) flags!: string[];
  @Column('date', { name: 'work_from' }) workFrom!: string;
  @Column('date', { name: 'work_to' }) workTo!: string;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column('text', { nullable: true }) comment!: string | null;
  @Column('uuid', { name: 'kessai_id', nullable: true }) kessaiId!: string | null;
  @Column('text', { name: 'step_id', nullable: true }) stepId!: string | null;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column('text', { name: 'returns_to', nullable: true }) returnsTo!: string | null;
  @Column('jsonb', { name: 'routing_note', nullable: true }) routingNote!: unknown;
}
