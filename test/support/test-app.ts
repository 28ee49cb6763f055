import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { Db } from '../../src/database/db.service';
import { adminQuery, withDatabase } from './db-template';
import { FixedClock } from './fixed-clock';

export type Http = ReturnType<typeof request>;

export interface TestApp {
  app: INestApplication;
  http: Http;
  db: Db;
  config: AppConfig;
  clock: FixedClock;
  /** Bearer token of a seeded staff member (demo login). */
  login(staffId: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** A database of this test file's own: a clone of the migrated, seeded template. */
export async function freshDatabase(): Promise<{ databaseUrl?: string; loadDataDir?: Blob; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `teleflow_t_${process.pid}_${++counter}_${Date.now() % 100000}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${process.env.TELEFLOW_TEST_TEMPLATE_DB}`);
    return {
      databaseUrl: withDatabase(url, name),
      drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const file = process.env.TELEFLOW_TEST_TEMPLATE_FILE;
  if (!file) throw new Error('test template missing: run through jest (globalSetup)');
  return { loadDataDir: new Blob([readFileSync(file)]), drop: async () => {} };
}

export interface StartOptions {
  /** Reuse a database (restart tests): the URL, or an embedded data dir on disk. */
  databaseUrl?: string;
  dataDir?: string;
  loadDataDir?: Blob;
  clock?: FixedClock;
  demo?: boolean;
  /** Another folder of policy files than policies/. */
  policyDir?: string;
  /** The token-signing secret (default a fixed one); '' as JWT_SECRET unset: demo mode's shared one. */
  jwtSecret?: string;
}

/** Boots the real app (real database, no mocks) on a fresh or given database. */
export async function startApp(o: StartOptions = {}): Promise<TestApp> {
  const config = new AppConfig();
  config.databaseUrl = o.databaseUrl;
  config.dataDir = o.dataDir ?? 'memory://';
  config.demo = o.demo ?? true;
  if (o.policyDir) config.policyDir = o.policyDir;
  config.jwtSecret = o.jwtSecret ?? 'test-secret';
  config.logLevel = 'silent';
  config.timerIntervalMs = 0; // tests fire timers themselves
  config.outboxIntervalMs = 0; // and deliver the outbox themselves
  config.loadDataDir = o.loadDataDir;
  const clock = o.clock ?? new FixedClock();
  const app = await createApp(config, { clock });
  await app.init();
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    db: app.get(Db),
    config,
    clock,
    async login(staffId: string) {
      const res = await request(app.getHttpServer()).post('/api/v1/auth/demo-login').send({ staffId }).expect(200);
      return (res.body as { token: string }).token;
    },
    close: () => app.close(),
  };
}

/** startApp on a fresh database, dropped again by close(). */
export async function startFreshApp(o: Omit<StartOptions, 'databaseUrl' | 'loadDataDir'> = {}): Promise<TestApp> {
  const fresh = await freshDatabase();
  const t = await startApp({ ...o, databaseUrl: fresh.databaseUrl, loadDataDir: fresh.loadDataDir });
  return {
    ...t,
    async close() {
      await t.close();
      await fresh.drop();
    },
  };
}
