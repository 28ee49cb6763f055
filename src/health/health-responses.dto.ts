import { ApiProperty } from '@nestjs/swagger';
import type { DatabaseKind } from '../config/app-config';

/** The databases Teleflow runs on, checked against DatabaseKind by the compiler. */
const DATABASE_KINDS = Object.keys({ embedded: 0, postgres: 0 } satisfies Record<DatabaseKind, 0>);

/** GET /health. */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: string;
  @ApiProperty({ enum: DATABASE_KINDS, description: 'embedded PGlite, or a PostgreSQL server' }) database!: string;
  @ApiProperty({ example: '0.1.0', description: 'The version of package.json' }) version!: string;
}
