import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { RemoteWorkRequestEntity } from '../requests/request.entity';

/** One version of one policy file; the newest per name is active. */
@Entity('policy_versions')
@Unique('policy_versions_name_version_key', ['name', 'version'])
export class PolicyVersionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') name!: string;
  @Column('int') version!: number;
  @Column('text') hash!: string;
  @Column('text') content!: string;
  @Column('timestamptz', { name: 'activated_at' }) activatedAt!: Date;
  @Column('text', { name: 'activated_by' }) activatedBy!: string;
  @Column('text', { nullable: true }) comment!: string | null;
}

/** Per policy file, the content last read from it at start and found valid (its hash): what is news. */
@Entity('policy_file_loads')
export class PolicyFileLoadEntity {
  @PrimaryColumn('text') name!: string;
  @Column('text') hash!: string;
  @Column('timestamptz', { name: 'loaded_at' }) loadedAt!: Date;
}

/** A submitted request's working days: what caps, attendance, device and seat counts read. */
@Entity('request_days')
@Index('request_days_requester_idx', ['requesterId', 'workDate'])
@Index('request_days_department_idx', ['departmentId', 'workDate'])
@Index('request_days_date_idx', ['workDate'])
export class RequestDayEntity {
  @PrimaryColumn('uuid', { name: 'request_id' }) requestId!: string;
  @ManyToOne(() => RemoteWorkRequestEntity)
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'request_days_request_id_fkey' })
  request?: RemoteWorkRequestEntity;
  @PrimaryColumn('date', { name: 'work_date' }) workDate!: string;
  @Column('text') part!: string;
  @Column('text', { name: 'requester_id' }) requesterId!: string;
  @Column('text', { name: 'department_id' }) departmentId!: string;
  @Column('text', { name: 'section_id' }) sectionId!: string;
  @Column('text', { name: 'pool_device_id', nullable: true }) poolDeviceId!: string | null;
  @Column('text', { name: 'satellite_office_id', nullable: true }) satelliteOfficeId!: string | null;
}
