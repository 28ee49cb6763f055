import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceSettings {
  databaseUrl?: string;
  dataDir: string;
  /** A tarball of a data dir (PGlite dumpDataDir) to start from: tests use a migrated template. */
  loadDataDir?: Blob;
}

/** One data source factory for both modes: PGlite in-process, or PostgreSQL via `pg`. */
export function createDataSource(s: DataSourceSettings): DataSource {
  const common = {
    entities: [...ENTITIES],
    migrations: [...MIGRATIONS],
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    logging: false,
  } satisfies Partial<DataSourceOptions>;
  if (s.databaseUrl) {
    return new DataSource({ ...common, type: 'postgres', url: s.databaseUrl, extra: { max: 10 } });
  }
  const dataDir = s.dataDir === 'memory://' ? undefined : resolve(s.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const driver = new PGliteDriver({ dataDir, loadDataDir: s.loadDataDir }).driver;
  return new DataSource({ ...common, type: 'postgres', driver, extra: { max: 1 } });
}

export function dataSourceSettings(config: AppConfig): DataSourceSettings {
  return { databaseUrl: config.databaseUrl, dataDir: config.dataDir, loadDataDir: config.loadDataDir };
}
