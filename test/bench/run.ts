import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { Db } from '../../src/database/db.service';
import { evaluate } from '../../src/policy/evaluate';
import { loadPolicyDir } from '../../src/policy/policy.loader';
import { OVERVIEW_SQL } from '../../src/kessai/backlog.service';
import { PolicySimulation } from '../../src/policy/policy-simulation.service';
import { sampleFacts } from '../../src/policy/testing/facts.builder';
import { seedHistory, seedRequests, weekdays } from './fixtures';
import { percentile, report, timed, type BenchRow } from './harness';

/**
 * npm run bench: the speed targets of the issues, measured on this machine against the
 * PostgreSQL server (BENCH_DATABASE_URL, else DATABASE_URL, else 127.0.0.1:5432), in a
 * database of its own that is dropped afterwards. Prints a table and writes JSON.
 */
async function main(): Promise<void> {
  // BENCH_ONLY=eval,bulk,simulation runs a subset
  const only = new Set((process.env.BENCH_ONLY ?? 'eval,bulk,simulation,reroute,backlog').split(','));
  const rows: BenchRow[] = [];
  if (only.has('eval')) rows.push(policyEvaluation());
  const base =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `teleflow_bench_${process.pid}`;
  await admin(base, `CREATE DATABASE ${name}`);
  const app = await startApp(withDb(base, name));
  try {
    const url = await app.getUrl();
    // the simulation first: its target is stated for 100,000 stored requests, and the bulk
    // benchmarks would add 20,000 approved ones inside its period
    if (only.has('simulation')) rows.push(await simulation(app));
    if (only.has('bulk')) rows.push(...(await bulkApproval(app, url.replace('[::1]', '127.0.0.1'))));
    if (only.has('reroute')) rows.push(await reroute(app, url.replace('[::1]', '127.0.0.1')));
    if (only.has('backlog')) rows.push(...(await backlog(app, url.replace('[::1]', '127.0.0.1'))));
  } finally {
    await app.close();
    await admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  report(rows, { node: process.version, database: 'postgres' });
}

/**
 * Between seeding and measuring: statistics as autovacuum would have them by now, and the
 * seeding's dirty pages flushed, so that the measured call is not charged with writing them.
 */
async function settle(db: Db): Promise<void> {
  await db.query('ANALYZE');
  await db.query('CHECKPOINT');
}

function policyEvaluation(): BenchRow {
  const loaded = loadPolicyDir('policies');
  if (!loaded.ok) throw new Error('shipped policy invalid: ' + JSON.stringify(loaded.errors));
  const history = weekdays('2026-11-02', 20)
    .filter((_, i) => i % 3 === 0)
    .map((date) => ({ date, part: 'full' as const }));
  const facts = sampleFacts({ history });
  for (let i = 0; i < 5_000; i++) evaluate(loaded.policy, facts); // warm up
  const t0 = process.hrtime.bigint();
  let n = 0;
  while (process.hrtime.bigint() - t0 < 2_000_000_000n) {
    for (let i = 0; i < 1000; i++) evaluate(loaded.policy, facts);
    n += 1000;
  }
  const perSecond = n / (Number(process.hrtime.bigint() - t0) / 1e9);
  return {
    name: 'policy: evaluations per second (shipped policy, one core)',
    value: perSecond,
    unit: '/s',
    target: '≥ 20000/s',
    met: perSecond >= 20_000,
  };
}

async function bulkApproval(app: INestApplication, url: string): Promise<BenchRow[]> {
  const db = app.get(Db);
  // one approver (a 副市長 clearing a backlog) with requests from every section without a counter,
  // so that no attendance floor refuses any of them and all 10,000 are really approved
  const [boss] = await db.query<{ id: string }>(`SELECT id FROM staff WHERE grade = 'fukushicho' ORDER BY id LIMIT 1`);
  const team = (
    await db.query<{ id: string }>(
      `SELECT s.id FROM staff s JOIN sections c ON c.id = s.section_id WHERE NOT c.counter_service AND s.id <> $1`,
      [boss!.id],
    )
  ).map((r) => r.id);
  const token = await login(url, boss!.id);
  const post = (body: unknown) =>
    fetch(`${url}/api/v1/inbox/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  const approveAll = async (taskIds: string[]) => {
    const res = await post({ decisions: taskIds.map((taskId) => ({ taskId, action: 'approve' })) });
    return (await res.json()) as { results: { ok: boolean }[] };
  };
  // a server that has been running has compiled this path: warm up on 1,000 tasks of their own
  const warm = await db.tx((m) =>
    seedRequests(m, { approverId: boss!.id, requesters: team, count: 1_000, dates: weekdays('2028-06-05', 40) }),
  );
  await approveAll(warm.taskIds);
  // three calls of 10,000, each over its own 80 working days, so that no call meets the
  // attendance counts of another; the median is reported
  const runs: { ms: number; busyMs: number; serverCpuMs: number | null; ok: number; approved: number }[] = [];
  for (const from of ['2028-09-04', '2029-01-08', '2029-05-07']) {
    const bulk = await db.tx((m) =>
      seedRequests(m, { approverId: boss!.id, requesters: team, count: 10_000, dates: weekdays(from, 80) }),
    );
    await settle(db);
    const one = await timed(() => approveAll(bulk.taskIds));
    const [{ n: approved }] = (await db.query(
      `SELECT count(*)::int AS n FROM remote_work_requests r JOIN approval_tasks t ON t.request_id = r.id
       WHERE t.id = ANY($1::uuid[]) AND r.status = 'approved'`,
      [bulk.taskIds],
    )) as [{ n: number }];
    runs.push({
      ms: one.ms,
      busyMs: one.busyMs,
      serverCpuMs: one.serverCpuMs,
      ok: one.result.results.filter((r) => r.ok).length,
      approved: Number(approved),
    });
  }
  console.log(`bulk approval: ${runs.map((r) => `${r.ok} tasks ok, ${r.approved} requests approved`).join('; ')}`);
  const median = [...runs].sort((a, b) => a.ms - b.ms)[1]!;
  // what the three calls left in the outbox (a decision notice per request) reaches the requesters
  const delivery = await timed(() => app.get(NotificationsService).deliverDue());
  const [{ n: notified }] = (await db.query(`SELECT count(*)::int AS n FROM notifications`)) as [{ n: number }];

  // BENCH_SINGLE_COUNT lowers the per-item run (profiling); the ratio is per item either way
  const singleCount = Number(process.env.BENCH_SINGLE_COUNT ?? 10_000);
  const single = await db.tx((m) =>
    seedRequests(m, { approverId: boss!.id, requesters: team, count: singleCount, dates: weekdays('2028-02-07', 80) }),
  );
  await settle(db);
  const each = await timed(async () => {
    let ok = 0;
    for (const taskId of single.taskIds) {
      const res = await post({ decisions: [{ taskId, action: 'approve' }] });
      ok += ((await res.json()) as { results: { ok: boolean }[] }).results[0]!.ok ? 1 : 0;
    }
    return ok;
  });
  return [
    {
      name: `inbox: one bulk call approving 10,000 tasks (${median.ok} ok), median of 3`,
      value: median.ms,
      unit: 'ms',
      target: '≤ 1500 ms',
      met: median.ms <= 1500,
      notes:
        `runs: ${runs.map((r) => Math.round(r.ms)).join(', ')} ms; ` +
        `this process busy ${runs.map((r) => Math.round(r.busyMs)).join(', ')} ms` +
        (runs.every((r) => r.serverCpuMs !== null)
          ? `; local postgres CPU ${runs.map((r) => r.serverCpuMs).join(', ')} ms`
          : ''),
    },
    { name: `inbox: ${singleCount} approvals, one HTTP call each (${each.result} ok)`, value: each.ms, unit: 'ms' },
    {
      name: `outbox: deliver what the bulk calls left (${delivery.result} rows, ${notified} notifications)`,
      value: delivery.ms,
      unit: 'ms',
    },
    {
      name: 'inbox: per-item calls / bulk call (time per item ratio)',
      value: each.ms / singleCount / (median.ms / 10_000),
      unit: 'x',
    },
  ];
}

async function simulation(app: INestApplication): Promise<BenchRow> {
  const db = app.get(Db);
  const staff = (
    await db.query<{ id: string; supervisor_id: string }>(
      `SELECT id, supervisor_id FROM staff WHERE supervisor_id IS NOT NULL`,
    )
  ).map((r) => r.id);
  // working days of two years, each person in turn: ~1 telework day in 2.3 per person
  const calendar = loadPolicyDir('policies');
  if (!calendar.ok) throw new Error('shipped policy invalid');
  const dates = weekdays('2025-01-06', 600).filter((d) => calendar.policy.calendar.isWorkingDay(d));
  for (let i = 0; i < 10; i++) {
    await db.tx((m) =>
      seedRequests(m, {
        approverId: 'S0001',
        requesters: staff,
        count: 10_000,
        dates,
        status: 'approved',
        offset: i * 10_000,
      }),
    );
  }
  await settle(db);
  const sim = app.get(PolicySimulation);
  const [{ content }] = (await db.query<{ content: string }>(
    `SELECT content FROM policy_versions WHERE name = 'telework' ORDER BY version DESC LIMIT 1`,
  )) as [{ content: string }];
  // the draft relaxes the weekly cap from 2 to 3 days
  const draft = content.replace('maxDays: 2', 'maxDays: 3');
  // an admin previews a draft several times while editing it: the median of three runs
  const runs: Awaited<ReturnType<typeof timed<Awaited<ReturnType<PolicySimulation['run']>>>>>[] = [];
  for (let i = 0; i < 3; i++)
    runs.push(await timed(() => sim.run('telework', draft, dates[0]!, dates[dates.length - 1]!, 100)));
  const r = runs[0]!;
  console.log(
    'simulation totals',
    JSON.stringify(r.result.totals),
    JSON.stringify(r.result.changed[0]?.newReasons?.map((x) => x.ruleId)),
  );
  const ms = runs.map((x) => x.ms).sort((a, b) => a - b);
  const median = ms[1]!;
  return {
    name: `policy: simulate a draft over ${r.result.totals.requests} stored requests (${r.result.totals.outcomeChanged} change), median of 3`,
    value: median,
    unit: 'ms',
    target: '≤ 5000 ms',
    met: median <= 5000,
    notes: `runs: ${runs.map((x) => Math.round(x.ms)).join(', ')} ms`,
  };
}

async function reroute(app: INestApplication, url: string): Promise<BenchRow> {
  const db = app.get(Db);
  // four sections with a 課長 and a 課長補佐: one to warm up on (a server that has been running
  // has compiled this path), three timed backlogs of 5,000; the median is reported
  const units = await db.query<{ approver: string; deputy: string }>(
    `SELECT k.id AS approver, h.id AS deputy FROM staff k JOIN staff h ON h.section_id = k.section_id AND h.grade = 'kacho_hosa'
     WHERE k.grade = 'kacho' ORDER BY k.id LIMIT 4`,
  );
  if (units.length < 4) throw new Error('the demo organisation has fewer than four units with a deputy');
  for (const [i, unit] of units.entries()) {
    // the deputy's own requests would be refused (DEPUTY_IS_REQUESTER): the team without them
    const requesters = (
      await db.query<{ id: string }>(`SELECT id FROM staff WHERE supervisor_id = $1 AND id <> $2`, [
        unit.approver,
        unit.deputy,
      ])
    ).map((r) => r.id);
    const count = i === 0 ? 500 : 5_000;
    await db.tx((m) =>
      seedRequests(m, { approverId: unit.approver, requesters, count, dates: weekdays('2027-04-05', 60) }),
    );
  }
  const token = await login(url, 'S0045'); // an admin
  await settle(db);
  const move = async (unit: { approver: string; deputy: string }) => {
    const res = await fetch(`${url}/api/v1/backlog/${unit.approver}/reroute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ toStaffId: unit.deputy, reason: 'bench' }),
    });
    return (await res.json()) as { results: { ok: boolean }[] };
  };
  await move(units[0]!);
  await settle(db);
  const runs: { ms: number; ok: number }[] = [];
  for (const unit of units.slice(1)) {
    const r = await timed(() => move(unit));
    const ok = r.result.results.filter((x) => x.ok).length;
    if (ok === 0) console.log('reroute answered', JSON.stringify(r.result).slice(0, 300));
    runs.push({ ms: r.ms, ok });
    await settle(db);
  }
  // the deputies then clear what they received (代決) and the approvers acknowledge it (後閲), so that
  // the backlog benchmark starts near the 10,000 pending items its target is stated for
  const decideAll = async (staffId: string, sql: string) => {
    const ids = (await db.query<{ id: string }>(sql, [staffId])).map((r) => r.id);
    if (ids.length === 0) return;
    const res = await fetch(`${url}/api/v1/inbox/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(url, staffId)}` },
      body: JSON.stringify({ decisions: ids.map((taskId) => ({ taskId, action: 'approve' })) }),
    });
    if (!res.ok) throw new Error(`decisions answered ${res.status}`);
  };
  for (const unit of units) {
    const pending = `SELECT id FROM approval_tasks WHERE assignee_id = $1 AND status = 'pending' AND kind = `;
    await decideAll(unit.deputy, `${pending}'approval' ORDER BY created_at, id`);
    await decideAll(unit.approver, `${pending}'kouetsu' ORDER BY created_at, id`);
  }
  const median = [...runs].sort((a, b) => a.ms - b.ms)[1]!;
  return {
    name: `kessai: reroute a backlog of 5,000 items, one call (${median.ok} ok), median of 3`,
    value: median.ms,
    unit: 'ms',
    target: '≤ 2000 ms',
    met: median.ms <= 2000,
    notes: `runs: ${runs.map((x) => Math.round(x.ms)).join(', ')} ms`,
  };
}

async function backlog(app: INestApplication, url: string): Promise<BenchRow[]> {
  const db = app.get(Db);
  const approvers = (
    await db.query<{ id: string }>(`SELECT id FROM staff WHERE 'supervisor' = ANY(roles) ORDER BY id`)
  ).map((r) => r.id);
  const staff = (await db.query<{ id: string }>(`SELECT id FROM staff WHERE supervisor_id IS NOT NULL`)).map(
    (r) => r.id,
  );
  await db.tx((m) => seedHistory(m, 1_000_000, staff, approvers));
  // 10,000 more pending items: 200 with each approver who has a team, plus what earlier benchmarks left
  for (const a of approvers.slice(0, 50)) {
    const team = (await db.query<{ id: string }>(`SELECT id FROM staff WHERE supervisor_id = $1`, [a])).map(
      (r) => r.id,
    );
    if (team.length)
      await db.tx((m) =>
        seedRequests(m, { approverId: a, requesters: team, count: 200, dates: weekdays('2027-06-07', 20) }),
      );
  }
  await settle(db);
  const [{ pending, total }] = (await db.query(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*)::int AS total FROM approval_tasks`,
  )) as [{ pending: number; total: number }];
  const token = await login(url, 'S0045');
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const r = await timed(async () => {
      const res = await fetch(`${url}/api/v1/backlog`, { headers: { authorization: `Bearer ${token}` } });
      return (await res.json()) as { items: unknown[] };
    });
    if (i >= 20) times.push(r.ms); // the first calls warm caches
  }
  times.sort((a, b) => a - b);
  if (process.env.BENCH_EXPLAIN) {
    const plan = await db.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${OVERVIEW_SQL}`, [
      null,
      new Date(),
      '2026-11-26',
      '2026-12-01',
      [],
    ]);
    console.log(plan.map((r) => Object.values(r)[0]).join('\n'));
  }
  const p99 = percentile(times, 99);
  const label = `${Number(pending)} pending among ${Number(total)} tasks`;
  return [
    { name: `kessai: backlog overview p50 (${label})`, value: percentile(times, 50), unit: 'ms' },
    { name: `kessai: backlog overview p99 (${label})`, value: p99, unit: 'ms', target: '≤ 50 ms', met: p99 <= 50 },
  ];
}

async function startApp(databaseUrl: string): Promise<INestApplication> {
  const config = new AppConfig();
  config.databaseUrl = databaseUrl;
  config.demo = true;
  config.jwtSecret = 'bench';
  config.logLevel = 'warn';
  // the outbox is delivered when a row says so (below), not in the middle of a measured call
  config.outboxIntervalMs = 0;
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  return app;
}

async function login(url: string, staffId: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/demo-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId }),
  });
  return ((await res.json()) as { token: string }).token;
}

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
