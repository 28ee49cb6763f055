import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { StaffEntity } from '../org/org.entities';
import { RemoteWorkRequestEntity } from '../requests/request.entity';

/**
 * What the outbox relay delivered to one person in the app: a decision on their request, a
 * reminder of a task. One per outbox row and recipient, so a row delivered twice (two
 * processes, a retried batch) is still one notification.
 */
@Entity('notifications')
@Unique('notifications_outbox_recipient_key', ['outboxId', 'recipientId'])
@Index('notifications_recipient_idx', ['recipientId', 'id'])
@Index('notifications_unread_idx', ['recipientId'], { where: 'read_at IS NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'recipient_id' }) recipientId!: string;
  @ManyToOne(() => StaffEntity)
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'notifications_recipient_id_fkey' })
  recipient?: StaffEntity;
  @Column('bigint', { name: 'outbox_id' }) outboxId!: string;
  @Column('text') kind!: string;
  @Column('uuid', { name: 'request_id', nullable: true }) requestId!: string | null;
  @ManyToOne(() => RemoteWorkRequestEntity)
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'notifications_request_id_fkey' })
  request?: RemoteWorkRequestEntity;
  @Column('jsonb', { default: () => "'{}'" }) details!: unknown;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt!: Date | null;
}
