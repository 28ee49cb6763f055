import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/caller';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { APP_VERSION } from '../common/version';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and database check' })
  async health(): Promise<{ status: 'ok'; database: 'embedded' | 'postgres'; version: string }> {
    await this.db.query('SELECT 1');
    return { status: 'ok', database: this.config.databaseKind, version: APP_VERSION };
  }
}
