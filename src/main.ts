import 'reflect-metadata';
import { createApp } from './bootstrap';
import { AppConfig } from './config/app-config';
import { startDemoActivity } from './demo/demo-activity';

async function main(): Promise<void> {
  const config = AppConfig.fromEnv();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const mode = config.databaseKind === 'embedded' ? `embedded PGlite (${config.dataDir})` : 'PostgreSQL';
  // eslint-disable-next-line no-console
  console.log(
    `Teleflow on http://localhost:${config.port}  (database: ${mode}${config.demo ? ', demo mode' : ''}; API docs: /api/docs)`,
  );
  // (the demo's first start: some days of telework filed through the API, while it already serves)
  void startDemoActivity(app, config);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
