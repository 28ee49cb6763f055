import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { OrgController } from './org.controller';
import { OrgService } from './org.service';
import { seedDemoOrganisation } from './seed/demo-seeder';

@Module({
  controllers: [OrgController],
  providers: [OrgService],
  exports: [OrgService],
})
export class OrgModule implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
  ) {}

  /** Demo mode seeds the demo organisation on first start. */
  async onModuleInit(): Promise<void> {
    if (!this.config.demo) return;
    const r = await this.db.tx((m) => seedDemoOrganisation(m));
    if (r.seeded) new Logger('org').log(`seeded the demo organisation: ${r.staff} staff`);
  }
}
