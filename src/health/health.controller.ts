import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/caller';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { ApiErrors } from '../common/api-errors';
import { APP_VERSION } from '../common/version';
import { HealthDto } from './health-responses.dto';

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
  @ApiOkResponse({ type: HealthDto })
  @ApiErrors('INTERNAL')
  async health(): Promise<{ status: 'ok'; database: 'embedded' | 'postgres'; version: string }> {
    await this.db.query('SELECT 1');
    return { status: 'ok', database: this.config.databaseKind, version: APP_VERSION };
  }
}
