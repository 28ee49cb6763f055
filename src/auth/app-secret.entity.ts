import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A secret the processes of one database share: the demo mode's token-signing secret (AppSecrets). */
@Entity('app_secrets')
export class AppSecretEntity {
  @PrimaryColumn('text') name!: string;
  @Column('text') value!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
