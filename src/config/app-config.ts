export type DatabaseKind = 'embedded' | 'postgres';

/**
 * Every setting Teleflow reads, typed, with its default. Read once at boot from the
 * environment (see README "Configuration"); nothing else in src/ touches process.env.
 */
export class AppConfig {
  /** HTTP port. */
  port = 3000;
  /** Interface to listen on. */
  host = '0.0.0.0';
  /** postgres://… URL of a PostgreSQL server; unset = embedded PGlite. */
  databaseUrl: string | undefined = undefined;
  /** Data directory of the embedded database; `memory://` keeps it in memory only. */
  dataDir = '.teleflow/db';
  /** Demo mode: seeds the demo organisation and offers the demo login. Default on for embedded. */
  demo = true;
  /**
   * Demo mode's first start also files some days of telework through the API (requests waiting in
   * inboxes, a few decided, an approver away), so that the demo shows itself in use. Off unless asked
   * (tests); TELEFLOW_DEMO_ACTIVITY, default on in demo mode.
   */
  demoActivity = false;
  /**
   * Secret that signs bearer tokens. Empty in demo mode when unset: the database then keeps one
   * made up for all its processes (sharedDemoSecret).
   */
  jwtSecret = '';
  /** Lifetime of a bearer token. */
  jwtTtlSeconds = 8 * 3600;
  /** Largest JSON body accepted; larger → 413. */
  bodyLimit = '1mb';
  /** Folder of the admin-edited policy files. */
  policyDir = 'policies';
  /** pino log level (fatal, error, warn, info, debug, trace, silent). */
  logLevel = 'info';
  /** Tests only: a PGlite data-dir dump (a migrated template) to start the embedded database from. */
  loadDataDir: Blob | undefined = undefined;
  /** How often due timers (reminders, escalations, absences) are fired; 0 = never (tests fire them). */
  timerIntervalMs = 15_000;
  /** How often the outbox is delivered (in-app notifications); 0 = never (tests deliver it themselves). */
  outboxIntervalMs = 5_000;
  /** Run migrations at start (both databases). */
  migrate = true;

  get databaseKind(): DatabaseKind {
    return this.databaseUrl ? 'postgres' : 'embedded';
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
    const c = new AppConfig();
    c.port = intSetting(env, 'PORT', c.port);
    c.host = env.HOST ?? c.host;
    c.databaseUrl = env.DATABASE_URL || undefined;
    c.dataDir = env.TELEFLOW_DATA_DIR ?? c.dataDir;
    c.demo = boolSetting(env, 'TELEFLOW_DEMO', c.databaseKind === 'embedded');
    c.demoActivity = boolSetting(env, 'TELEFLOW_DEMO_ACTIVITY', c.demo);
    c.jwtTtlSeconds = intSetting(env, 'JWT_TTL_SECONDS', c.jwtTtlSeconds);
    c.bodyLimit = env.BODY_LIMIT ?? c.bodyLimit;
    c.policyDir = env.TELEFLOW_POLICY_DIR ?? c.policyDir;
    c.logLevel = env.LOG_LEVEL ?? c.logLevel;
    c.migrate = boolSetting(env, 'TELEFLOW_MIGRATE', c.migrate);
    c.timerIntervalMs = intSetting(env, 'TELEFLOW_TIMER_INTERVAL_MS', c.timerIntervalMs);
    c.outboxIntervalMs = intSetting(env, 'TELEFLOW_OUTBOX_INTERVAL_MS', c.outboxIntervalMs);
    const secret = env.JWT_SECRET;
    if (secret) c.jwtSecret = secret;
    else if (!c.demo) throw new Error('JWT_SECRET must be set outside demo mode (TELEFLOW_DEMO=false).');
    return c;
  }
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}".`);
  return n;
}

function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}".`);
}
