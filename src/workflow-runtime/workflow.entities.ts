import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One running machine: its snapshot and an optimistic-concurrency version. */
@Entity('workflow_instances')
export class WorkflowInstanceEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') machine!: string;
  @Column('int', { name: 'machine_version' }) machineVersion!: number;
  @Column('text') state!: string;
  @Column('jsonb') snapshot!: unknown;
  @Column('int') version!: number;
  /** Hash of the instance's last event (seq = version): where its chain goes on. */
  @Column('text', { name: 'head_hash' }) headHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/**
 * Append-only event log; each entry hashes the previous one (tamper-evident chain). Written
 * only by WorkflowRuntime, for instances it has just created or holds locked: no foreign key
 * (see migration LeanEventLog).
 */
@Entity('workflow_events')
export class WorkflowEventEntity {
  @PrimaryColumn('uuid', { name: 'instance_id', primaryKeyConstraintName: 'workflow_events_pkey' })
  instanceId!: string;
  @PrimaryColumn('int', { primaryKeyConstraintName: 'workflow_events_pkey' }) seq!: number;
  @Column('text') type!: string;
  @Column('text', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('text', { name: 'from_state', nullable: true }) fromState!: string | null;
  @Column('text', { name: 'to_state' }) toState!: string;
  @Column('jsonb', { default: () => "'{}'" }) payload!: unknown;
  @Column('timestamptz') at!: Date;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash!: string | null;
  @Column('text') hash!: string;
}

/** Side effects to deliver after commit (notifications, webhooks), with retries. */
@Entity('outbox')
@Index('outbox_pending_idx', ['availableAt'], { where: 'delivered_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') topic!: string;
  @Column('uuid', { name: 'aggregate_id', nullable: true }) aggregateId!: string | null;
  @Column('jsonb') payload!: unknown;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'available_at', default: () => 'now()' }) availableAt!: Date;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt!: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
}
