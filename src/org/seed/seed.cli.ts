import 'reflect-metadata';
import { AppConfig } from '../../config/app-config';
import { createDataSource, dataSourceSettings } from '../../database/data-source';
import { seedDemoOrganisation } from './demo-seeder';

/** npm run seed: migrate, then seed the demo organisation unless staff exist. */
async function main(): Promise<void> {
  process.env.TELEFLOW_DEMO ??= 'true';
  const ds = createDataSource(dataSourceSettings(AppConfig.fromEnv()));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const r = await ds.transaction((m) => seedDemoOrganisation(m));
    console.log(
      r.seeded
        ? `seeded the demo organisation: ${r.staff} staff`
        : `already seeded (${r.staff} staff): nothing changed`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
