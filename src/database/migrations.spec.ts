import { freshDatabase } from '../../test/support/test-app';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { MIGRATIONS } from './migrations';
import { RequestLastDateFollowsEdits1765000000000 } from './migrations/1765000000000-RequestLastDateFollowsEdits';

/** A data source on a fresh copy of the migrated template, closed and dropped afterwards. */
async function onFreshDatabase(fn: (ds: DataSource) => Promise<void>): Promise<void> {
  const fresh = await freshDatabase();
  const ds = createDataSource({ databaseUrl: fresh.databaseUrl, dataDir: 'memory://', loadDataDir: fresh.loadDataDir });
  await ds.initialize();
  try {
    await fn(ds);
  } finally {
    await ds.destroy();
    await fresh.drop();
  }
}

/** Undoes migrations, newest first, down to and including `name`. */
async function undoUntil(ds: DataSource, name: string): Promise<void> {
  const names = MIGRATIONS.map((M) => new M().name);
  for (let i = names.length - 1; i >= names.indexOf(name); i--) await ds.undoLastMigration({ transaction: 'each' });
}

/** The first `n` seeded staff, to own the rows a test writes. */
async function someStaff(ds: DataSource, n: number) {
  return (await ds.query(`SELECT id, department_id, section_id FROM staff ORDER BY id LIMIT $1`, [n])) as {
    id: string;
    department_id: string;
    section_id: string;
  }[];
}

type Staff = Awaited<ReturnType<typeof someStaff>>[number];

/** A machine instance as the runtime wrote it (head_hash: the hash of its last event). */
async function instance(
  ds: DataSource,
  i: { id: string; machine: string; state: string; version: number; head: string; snapshot?: unknown },
): Promise<void> {
  await ds.query(
    `INSERT INTO workflow_instances (id, machine, machine_version, state, snapshot, version, head_hash)
     VALUES ($1, $2, 1, $3, $4, $5, $6)`,
    [i.id, i.machine, i.state, JSON.stringify(i.snapshot ?? {}), i.version, i.head],
  );
}

/** A request's row as the schema before RequestRowIsItsMachine held it (its instance goes in first). */
async function requestRow(
  ds: DataSource,
  r: { id: string; owner: Staff; status: string; version: number; from: string; to: string; outcome?: string },
): Promise<void> {
  await ds.query(
    `INSERT INTO remote_work_requests (id, requester_id, department_id, section_id, status, date_from, date_to, part,
       location, tasks, outcome, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'full', 'home', '[]', $8, $9, now(), now())`,
    [r.id, r.owner.id, r.owner.department_id, r.owner.section_id, r.status, r.from, r.to, r.outcome ?? null, r.version],
  );
}

/** The entities describe exactly what the migrations build, and every migration can be undone. */
describe('migrations', () => {
  it('leave nothing for migration:generate to add: entities and schema agree', () =>
    onFreshDatabase(async (ds) => {
      const diff = await ds.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    }));

  // TypeORM's diff compares an index's columns as a set and ignores its WHERE: check both here
  it('build each index with the columns, order and predicate its entity declares', () =>
    onFreshDatabase(async (ds) => {
      const actual = new Map(
        (
          (await ds.query(
            `SELECT c.relname AS name, pg_get_expr(i.indpred, i.indrelid) AS predicate,
                    ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace s ON s.oid = c.relnamespace
             WHERE s.nspname = 'public'`,
          )) as { name: string; predicate: string | null; columns: string[] }[]
        ).map((r) => [r.name, r]),
      );
      const declared = ds.entityMetadatas.flatMap((e) => e.indices.filter((i) => i.name));
      expect(declared.length).toBeGreaterThan(10);
      const bare = (sql: string | null | undefined) => (sql ?? '').replace(/::\w+|[()\s]/g, '');
      for (const index of declared) {
        const db = actual.get(index.name);
        expect({ name: index.name, columns: db?.columns, predicate: bare(db?.predicate) }).toEqual({
          name: index.name,
          columns: index.columns.map((c) => c.databaseName),
          predicate: bare(index.where),
        });
      }
    }));

  it('give each instance the head of its event chain, and refuse an instance whose chain has no head', () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'LeanEventLog1764600000000');
      const ok = '00000000-0000-4000-8000-000000000001';
      const bad = '00000000-0000-4000-8000-000000000002';
      for (const id of [ok, bad])
        await ds.query(
          `INSERT INTO workflow_instances (id, machine, machine_version, state, snapshot, version)
           VALUES ($1, 'kessai-queue', 1, 'approved', '{}', 2)`,
          [id],
        );
      for (const [seq, hash] of [
        [1, 'h1'],
        [2, 'h2'],
      ] as const)
        await ds.query(
          `INSERT INTO workflow_events (instance_id, seq, type, to_state, at, prev_hash, hash)
           VALUES ($1, $2, 'e', 's', now(), NULL, $3)`,
          [ok, seq, hash],
        );
      await ds.query(
        `INSERT INTO workflow_events (instance_id, seq, type, to_state, at, hash) VALUES ($1, 1, 'e', 's', now(), 'b1')`,
        [bad],
      );
      await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow(
        `1 workflow instance(s) have no event at seq = version, so their chain has no head (e.g. ${bad})`,
      );
      await ds.query(`DELETE FROM workflow_events WHERE instance_id = $1`, [bad]);
      await ds.query(`DELETE FROM workflow_instances WHERE id = $1`, [bad]);
      expect((await ds.runMigrations({ transaction: 'each' })).map((x) => x.name)).toContain(
        'LeanEventLog1764600000000',
      );
      expect(await ds.query(`SELECT id, head_hash FROM workflow_instances`)).toEqual([{ id: ok, head_hash: 'h2' }]);
    }));

  it('mark the step a stored route left when returned or withdrawn as the machine now does, and back', () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'RouteStepStatuses1764700000000');
      const step = (status: string, ...verdicts: string[]) => ({
        status,
        decisions: verdicts.map((verdict) => ({ by: 'S1', verdict, at: '2026-06-01T00:00:00Z' })),
      });
      const route = (state: string, current: number, progress: { status: string }[]) => ({
        state,
        snapshot: { status: 'active', value: state, context: { current, progress } },
      });
      const routes = {
        returned: route('returned', 1, [step('done', 'approve'), step('open', 'return'), step('waiting')]),
        withdrawnAfterReturn: route('withdrawn', 0, [step('open', 'return'), step('waiting')]),
        withdrawn: route('withdrawn', 1, [step('done', 'approve'), step('open'), step('waiting')]),
        rejected: route('rejected', 0, [step('done', 'reject'), step('waiting')]),
        inProgress: route('inProgress', 0, [step('open'), step('waiting')]),
      };
      const ids = Object.keys(routes).map((_, i) => `00000000-0000-4000-8000-00000000000${i + 1}`);
      for (const [i, r] of Object.values(routes).entries())
        await instance(ds, {
          id: ids[i]!,
          machine: 'kessai-queue',
          state: r.state,
          version: 1,
          head: 'h',
          snapshot: r.snapshot,
        });
      const statuses = async () =>
        (
          (await ds.query(
            `SELECT array(SELECT p->>'status' FROM jsonb_array_elements(snapshot->'context'->'progress') p) AS s
             FROM workflow_instances WHERE id = ANY($1::uuid[]) ORDER BY id`,
            [ids],
          )) as { s: string[] }[]
        ).map((r) => r.s);
      await ds.runMigrations({ transaction: 'each' });
      expect(await statuses()).toEqual([
        ['done', 'done', 'waiting'],
        ['done', 'waiting'],
        ['done', 'closed', 'waiting'],
        ['done', 'waiting'],
        ['open', 'waiting'],
      ]);
      await undoUntil(ds, 'RouteStepStatuses1764700000000');
      expect(await statuses()).toEqual(
        Object.values(routes).map((r) => r.snapshot.context.progress.map((p) => p.status)),
      );
    }));

  it('count what the outbox held before the relay as delivered, so that nobody is told of old decisions', () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'Notifications1764800000000');
      const [old] = (await ds.query(
        `INSERT INTO outbox (topic, payload) VALUES ('remote-work-request.notifyRequester', '{}') RETURNING id`,
      )) as { id: string }[];
      await ds.runMigrations({ transaction: 'each' });
      const [row] = (await ds.query(`SELECT delivered_at FROM outbox WHERE id = $1`, [old!.id])) as {
        delivered_at: Date | null;
      }[];
      expect(row!.delivered_at).not.toBeNull();
      const [count] = (await ds.query(`SELECT count(*)::int AS n FROM notifications`)) as { n: number }[];
      expect(Number(count!.n)).toBe(0);
    }));

  it("make each decision task's row its machine's instance, keeping its state and log head, and back", () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'TaskRowIsItsMachine1764900000000');
      const [a, b] = await someStaff(ds, 2);
      const requestId = '00000000-0000-4000-8000-0000000000a1';
      const taskId = '00000000-0000-4000-8000-0000000000b1';
      await instance(ds, { id: requestId, machine: 'remote-work-request', state: 'approved', version: 3, head: 'r3' });
      const day = { from: '2026-06-01', to: '2026-06-01' };
      await requestRow(ds, { id: requestId, owner: a!, status: 'approved', version: 3, ...day, outcome: 'allow' });
      const snapshot = {
        status: 'done',
        value: 'approved',
        historyValue: {},
        children: {},
        context: {
          requestId,
          requesterId: a!.id,
          assigneeId: b!.id,
          kind: 'approval',
          decidedBy: b!.id,
          comment: 'ok',
        },
      };
      await instance(ds, {
        id: taskId,
        machine: 'supervisor-decision',
        state: 'approved',
        version: 2,
        head: 'head-2',
        snapshot,
      });
      await ds.query(
        `INSERT INTO approval_tasks (id, request_id, kind, step, assignee_id, status, requester_id, department_id, flags,
           work_from, work_to, version, created_at, decided_at, decided_by, comment)
         VALUES ($1, $2, 'approval', 0, $3, 'approved', $4, $5, '{}', '2026-06-01', '2026-06-01', 2, now(), now(), $3, 'ok')`,
        [taskId, requestId, b!.id, a!.id, a!.department_id],
      );
      await ds.runMigrations({ transaction: 'each' });
      expect(await ds.query(`SELECT status, version, head_hash FROM approval_tasks WHERE id = $1`, [taskId])).toEqual([
        { status: 'approved', version: 2, head_hash: 'head-2' },
      ]);
      expect(await ds.query(`SELECT id FROM workflow_instances WHERE machine = 'supervisor-decision'`)).toEqual([]);
      await undoUntil(ds, 'TaskRowIsItsMachine1764900000000');
      expect(
        await ds.query(`SELECT state, version, head_hash, snapshot FROM workflow_instances WHERE id = $1`, [taskId]),
      ).toEqual([{ state: 'approved', version: 2, head_hash: 'head-2', snapshot }]);
    }));

  it("give an edited request's machine the last day its row has now", () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'RequestLastDateFollowsEdits1765000000000');
      const [a] = await someStaff(ds, 1);
      const ids = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2'] as const;
      // the first was edited from 12-10 to 12-01 before the fix; the second never moved
      for (const [id, lastDate] of [
        [ids[0], '2026-12-10'],
        [ids[1], '2026-12-01'],
      ] as const) {
        const snapshot = {
          status: 'active',
          value: 'draft',
          context: { requesterId: a!.id, lastDate, submissions: 0 },
        };
        await instance(ds, { id, machine: 'remote-work-request', state: 'draft', version: 2, head: 'h', snapshot });
        await requestRow(ds, { id, owner: a!, status: 'draft', version: 2, from: '2026-12-01', to: '2026-12-01' });
      }
      // this migration alone (the next one moves the snapshots into the rows)
      const runner = ds.createQueryRunner();
      await new RequestLastDateFollowsEdits1765000000000().up(runner);
      await runner.release();
      const rows = (await ds.query(
        `SELECT snapshot->'context'->>'lastDate' AS d, snapshot->'context'->>'requesterId' AS who
         FROM workflow_instances WHERE id = ANY($1::uuid[]) ORDER BY id`,
        [ids],
      )) as { d: string; who: string }[];
      expect(rows).toEqual([
        { d: '2026-12-01', who: a!.id },
        { d: '2026-12-01', who: a!.id },
      ]);
      await ds.runMigrations({ transaction: 'each' });
    }));

  it("make each request's row its machine's instance, keeping its state, context and log head, and back", () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'RequestRowIsItsMachine1765100000000');
      const [a] = await someStaff(ds, 1);
      const id = '00000000-0000-4000-8000-0000000000d1';
      const snapshot = {
        status: 'active',
        value: 'awaitingDecision',
        historyValue: {},
        children: {},
        context: {
          requesterId: a!.id,
          lastDate: '2026-12-04',
          outcome: 'needs_exception',
          route: 'exception',
          submissions: 2,
        },
      };
      await instance(ds, {
        id,
        machine: 'remote-work-request',
        state: 'awaitingDecision',
        version: 5,
        head: 'head-5',
        snapshot,
      });
      const dates = { from: '2026-12-03', to: '2026-12-04' };
      await requestRow(ds, {
        id,
        owner: a!,
        status: 'awaitingDecision',
        version: 5,
        ...dates,
        outcome: 'needs_exception',
      });
      // a row whose instance is no request machine's has no state to take: refused, by id
      const stray = '00000000-0000-4000-8000-0000000000d2';
      await instance(ds, { id: stray, machine: 'kessai-queue', state: 'inProgress', version: 1, head: 'k1' });
      await requestRow(ds, { id: stray, owner: a!, status: 'draft', version: 1, ...dates });
      await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow(
        `RequestRowIsItsMachine: 1 row(s) of remote_work_requests have no machine instance to take their state from (e.g. ${stray})`,
      );
      await ds.query(`DELETE FROM remote_work_requests WHERE id = $1`, [stray]);
      await ds.runMigrations({ transaction: 'each' });
      expect(
        await ds.query(
          `SELECT status, version, head_hash, outcome, submissions FROM remote_work_requests WHERE id = $1`,
          [id],
        ),
      ).toEqual([
        { status: 'awaitingDecision', version: 5, head_hash: 'head-5', outcome: 'needs_exception', submissions: 2 },
      ]);
      expect(await ds.query(`SELECT id FROM workflow_instances WHERE machine = 'remote-work-request'`)).toEqual([]);
      await undoUntil(ds, 'RequestRowIsItsMachine1765100000000');
      expect(
        await ds.query(`SELECT state, version, head_hash, snapshot FROM workflow_instances WHERE id = $1`, [id]),
      ).toEqual([{ state: 'awaitingDecision', version: 5, head_hash: 'head-5', snapshot }]);
    }));

  it("record for whom an approved request was approved as 代決, read from its route's last approval", () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'RequestDecidedOnBehalfOf1765200000000');
      const [a, deputy, approver] = await someStaff(ds, 3);
      const decision = (by: string, onBehalfOf?: string) => ({
        by,
        ...(onBehalfOf ? { onBehalfOf } : {}),
        verdict: 'approve',
      });
      // the route's steps in order; the last approval decides it
      const route = async (id: string, steps: object[][]) =>
        instance(ds, {
          id,
          machine: 'kessai-queue',
          state: 'approved',
          version: 3,
          head: `${id}-3`,
          snapshot: { value: 'approved', context: { progress: steps.map((decisions) => ({ decisions })) } },
        });
      const request = async (id: string, kessaiId: string, decidedBy: string) =>
        ds.query(
          `INSERT INTO remote_work_requests (id, requester_id, department_id, section_id, status, date_from, date_to,
             part, location, tasks, version, head_hash, kessai_id, created_at, updated_at, decided_at, decided_by)
           VALUES ($1, $2, $3, $4, 'approved', '2026-12-03', '2026-12-03', 'full', 'home', '[]', 3, 'h', $5,
             now(), now(), now(), $6)`,
          [id, a!.id, a!.department_id, a!.section_id, kessaiId, decidedBy],
        );
      const ids = ['00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000e2'];
      const routes = ['00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000f2'];
      // approved by the deputy at the last step; approved in person after a 代決 at an earlier step
      await route(routes[0]!, [[decision(approver!.id)], [decision(deputy!.id, approver!.id)]]);
      await route(routes[1]!, [[decision(deputy!.id, a!.id)], [decision(approver!.id)]]);
      await request(ids[0]!, routes[0]!, deputy!.id);
      await request(ids[1]!, routes[1]!, approver!.id);
      await ds.runMigrations({ transaction: 'each' });
      expect(
        await ds.query(
          `SELECT id, decided_by, decided_on_behalf_of FROM remote_work_requests WHERE id = ANY($1::uuid[]) ORDER BY id`,
          [ids],
        ),
      ).toEqual([
        { id: ids[0], decided_by: deputy!.id, decided_on_behalf_of: approver!.id },
        { id: ids[1], decided_by: approver!.id, decided_on_behalf_of: null },
      ]);
    }));

  it('give each absence that runs or is to come, and makes someone absent, its end timer', () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'AbsenceEndTimers1765500000000');
      const [a] = await someStaff(ds, 1);
      const ids = [1, 2, 3, 4].map((n) => `00000000-0000-4000-8000-00000000a0${n}0`);
      const absence = (id: string, from: string, to: string, kind: string, canAct: boolean) =>
        ds.query(
          `INSERT INTO absences (id, staff_id, date_from, date_to, kind, can_act_remotely, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, now())`,
          [id, a!.id, from, to, kind, canAct],
        );
      await absence(ids[0]!, '2099-04-01', '2099-04-03', 'leave', false); // to come: ends 2099-04-04 00:00 JST
      await absence(ids[1]!, '2020-04-01', '2020-04-03', 'trip', false); // over long ago
      await absence(ids[2]!, '2099-05-01', '2099-05-01', 'telework', true); // reachable: not absent
      await absence(ids[3]!, '2099-06-01', '9999-12-31', 'other', false); // no day after its last
      await ds.runMigrations({ transaction: 'each' });
      const timers = (await ds.query(
        `SELECT instance_id, kind, due_at, payload FROM timers WHERE instance_id = ANY($1::uuid[])`,
        [ids],
      )) as { instance_id: string; kind: string; due_at: Date; payload: unknown }[];
      expect(timers).toEqual([
        {
          instance_id: ids[0],
          kind: 'absence-end',
          due_at: new Date('2099-04-03T15:00:00Z'),
          payload: { staffId: a!.id },
        },
      ]);
    }));

  it('start each policy file from the newest version it was loaded as, not from an admin’s', () =>
    onFreshDatabase(async (ds) => {
      await undoUntil(ds, 'PolicyFileLoads1765600000000');
      const version = (name: string, v: number, hash: string, by: string) =>
        ds.query(
          `INSERT INTO policy_versions (name, version, hash, content, activated_at, activated_by)
           VALUES ($1, $2, $3, '', now(), $4)`,
          [name, v, hash, by],
        );
      // (numbered on from any versions the template holds)
      const [{ n }] = (await ds.query(`SELECT coalesce(max(version), 0)::int AS n FROM policy_versions`)) as [
        { n: number },
      ];
      await version('telework', n + 1, 'file-newer', 'file');
      await version('telework', n + 2, 'admins', 'S0045');
      await ds.runMigrations({ transaction: 'each' });
      const loads = (await ds.query(`SELECT name, hash FROM policy_file_loads ORDER BY name`)) as {
        name: string;
        hash: string;
      }[];
      expect(loads.find((l) => l.name === 'telework')).toEqual({ name: 'telework', hash: 'file-newer' });
    }));

  it('undo every migration with its down, then apply them again', () =>
    onFreshDatabase(async (ds) => {
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const left = (await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      )) as unknown[];
      expect(left).toEqual([]);
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
    }));
});
