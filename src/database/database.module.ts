import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { seedDemoOrganisation } from '../org/seed/demo-seeder';
import { createDataSource, dataSourceSettings } from './data-source';
import { Db } from './db.service';
import { whileStarting } from './startup-lock';

/** Opens the data source (PGlite or PostgreSQL), runs migrations, seeds a demo, provides Db. */
@Global()
@Module({
  providers: [
    {
      provide: Db,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<Db> => {
        const ds = createDataSource(dataSourceSettings(config));
        await ds.initialize();
        // processes starting together on one database take turns here (see whileStarting)
        const log = new Logger('database');
        let seeded = false;
        const work = async () => {
          if (config.migrate) {
            const done = await ds.runMigrations({ transaction: 'each' });
            if (done.length) log.log(`applied ${done.length} migration(s): ${done.map((x) => x.name).join(', ')}`);
          }
          // demo mode seeds the demo organisation on first start, here, before anything that needs the
          // database starts: the policy files name its sections and offices (PolicyStore loads them at
          // its module's init, and the order of modules' inits is Nest's, not ours)
          if (config.demo) {
            const r = await ds.transaction((m) => seedDemoOrganisation(m));
            if (r.seeded) new Logger('org').log(`seeded the demo organisation: ${r.staff} staff`);
            seeded = r.seeded;
          }
        };
        await whileStarting(ds, work, (line) => log.log(line));
        const db = new Db(ds, config.databaseKind);
        db.startup.demoOrganisationSeeded = seeded;
        return db;
      },
    },
  ],
  exports: [Db],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly db: Db) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.db.dataSource.isInitialized) await this.db.dataSource.destroy();
  }
}
