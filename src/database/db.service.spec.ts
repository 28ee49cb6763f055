import { freshDatabase } from '../../test/support/test-app';
import { createDataSource } from './data-source';
import { Db } from './db.service';

/** Isolation on both databases: a rolled-back transaction is never visible to anyone. */
describe('Db transactions', () => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    const ds = createDataSource({
      databaseUrl: fresh.databaseUrl,
      dataDir: 'memory://',
      loadDataDir: fresh.loadDataDir,
    });
    await ds.initialize();
    db = new Db(ds, fresh.databaseUrl ? 'postgres' : 'embedded');
    await db.query(`CREATE TABLE iso_probe (id serial PRIMARY KEY, tag text NOT NULL)`);
  });
  afterAll(async () => {
    await db.dataSource.destroy();
    await drop();
  });

  it('never shows work rolled back in one transaction, even while another commits', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const aInserted = new Promise<void>((r) => (inserted = r));

    // A: writes, waits while others run, then fails → must roll back
    const a = db.tx(async (m) => {
      await m.query(`INSERT INTO iso_probe (tag) VALUES ('rolled-back')`);
      inserted();
      await gate;
      throw new Error('boom');
    });
    // A is in flight with its row written; embedded mode must queue B and the read behind it.
    await aInserted;
    const b = db.tx(async (m) => {
      await m.query(`INSERT INTO iso_probe (tag) VALUES ('committed')`);
    });
    const seenDuring = db.query<{ tag: string }>(`SELECT tag FROM iso_probe ORDER BY id`);
    setTimeout(release, 50);

    await expect(a).rejects.toThrow('boom');
    await b;
    expect((await seenDuring).map((r) => r.tag)).not.toContain('rolled-back');
    const after = await db.query<{ tag: string }>(`SELECT tag FROM iso_probe ORDER BY id`);
    expect(after.map((r) => r.tag)).toEqual(['committed']);
  });

  it('joins an open transaction when tx is nested, and rolls back both parts together', async () => {
    await expect(
      db.tx(async (m) => {
        await m.query(`INSERT INTO iso_probe (tag) VALUES ('outer')`);
        await db.tx((inner) => inner.query(`INSERT INTO iso_probe (tag) VALUES ('inner')`));
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    const rows = await db.query<{ tag: string }>(`SELECT tag FROM iso_probe WHERE tag IN ('outer', 'inner')`);
    expect(rows).toEqual([]);
  });

  it('runs many concurrent transactions without losing an increment', async () => {
    await db.query(`CREATE TABLE iso_counter (id int PRIMARY KEY, n int NOT NULL)`);
    await db.query(`INSERT INTO iso_counter VALUES (1, 0)`);
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.tx(async (m) => {
          const [row] = (await m.query(`SELECT n FROM iso_counter WHERE id = 1 FOR UPDATE`)) as [{ n: number }];
          await m.query(`UPDATE iso_counter SET n = $1 WHERE id = 1`, [Number(row.n) + 1]);
        }),
      ),
    );
    const [r] = await db.query<{ n: number }>(`SELECT n FROM iso_counter WHERE id = 1`);
    expect(Number(r!.n)).toBe(25);
  });

  it('runs parts in transactions of their own, side by side on PostgreSQL, results in order', async () => {
    await db.query(`CREATE TABLE iso_parts (part int PRIMARY KEY, backend int NOT NULL)`);
    let inFlight = 0;
    let most = 0;
    const results = await db.txEach([1, 2, 3, 4, 5], async (m, part) => {
      most = Math.max(most, ++inFlight);
      await m.query(`INSERT INTO iso_parts VALUES ($1, pg_backend_pid())`, [part]);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return part * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50].map((value) => ({ ok: true, value })));
    expect(most).toBe(db.parallelism);
    const backends = await db.query<{ n: number }>(`SELECT count(DISTINCT backend)::int AS n FROM iso_parts`);
    expect(backends[0]!.n).toBe(db.kind === 'postgres' ? 2 : 1);
  });

  it('keeps the parts that committed when one fails and says which failed; none starts after it', async () => {
    await db.query(`CREATE TABLE iso_fail (part int PRIMARY KEY)`);
    const finished: number[] = [];
    const outcomes = await db.txEach([1, 2, 3, 4], async (m, part) => {
      await m.query(`INSERT INTO iso_fail VALUES ($1)`, [part]);
      if (part === 2) throw new Error('part 2 failed');
      await new Promise((r) => setTimeout(r, 30));
      finished.push(part);
      return part;
    });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      started: true,
      error: expect.objectContaining({ message: 'part 2 failed' }),
    });
    // part 1 ran (and on PostgreSQL, side by side, so may part 3 have); part 4 never started
    expect(outcomes[0]).toEqual({ ok: true, value: 1 });
    expect(outcomes[3]).toMatchObject({ ok: false, started: false });
    const rows = await db.query<{ part: number }>(`SELECT part FROM iso_fail ORDER BY part`);
    expect(rows.map((r) => r.part)).toEqual(finished.sort());
    expect(rows.map((r) => r.part)).not.toContain(2);
    expect(outcomes.flatMap((o) => (o.ok ? [o.value] : []))).toEqual(finished.sort());
  });

  it('runs a transaction again when the database aborted it for a deadlock or a serialization failure', async () => {
    await db.query(`CREATE TABLE retry_probe (tag text NOT NULL)`);
    const raise = (code: string) => `DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '${code}'; END $$`;
    const before = db.transientAborts;
    let calls = 0;
    const result = await db.tx(async (m) => {
      calls++;
      await m.query(`INSERT INTO retry_probe VALUES ($1)`, [`attempt ${calls}`]);
      if (calls === 1) await m.query(raise('40P01')); // deadlock detected
      if (calls === 2) await m.query(raise('40001')); // serialization failure
      return calls;
    });
    expect(result).toBe(3);
    expect(db.transientAborts - before).toBe(2);
    // what the aborted attempts wrote is gone
    expect((await db.query<{ tag: string }>(`SELECT tag FROM retry_probe`)).map((r) => r.tag)).toEqual(['attempt 3']);

    // other errors are not run again; nor is a transaction aborted as often as it may run
    let other = 0;
    await expect(
      db.tx(async (m) => {
        other++;
        await m.query(`SELECT 1 / 0`);
      }),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '22012' }) });
    expect(other).toBe(1);
    let always = 0;
    await expect(
      db.tx(
        async (m) => {
          always++;
          await m.query(raise('40P01'));
        },
        { attempts: 2 },
      ),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '40P01' }) });
    expect(always).toBe(2);
  });
});
