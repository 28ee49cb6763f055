import { randomUUID } from 'node:crypto';
import { requestBody } from '../../test/factories/request.factory';
import { startFreshApp, type TestApp } from '../../test/support/test-app';
import type { NewRequest } from '../requests/request-instances';
import { mergeShape } from '../requests/request-shape';
import { WorkflowRuntime, type StepItem } from './workflow-runtime.service';

/** plan/commit: machines stepped once, written later, only what the caller keeps. */
describe('WorkflowRuntime plan and commit', () => {
  let t: TestApp;
  let runtime: WorkflowRuntime;
  const at = new Date('2026-11-26T00:30:00Z');

  beforeAll(async () => {
    t = await startFreshApp();
    runtime = t.app.get(WorkflowRuntime);
  });
  afterAll(() => t.close());

  // requests: their rows are their machines' instances (RequestInstances)
  const started = async (n: number) => {
    const ids = Array.from({ length: n }, () => randomUUID());
    const [who] = await t.db.query<{ id: string; departmentId: string; sectionId: string }>(
      `SELECT id, department_id AS "departmentId", section_id AS "sectionId" FROM staff ORDER BY id LIMIT 1`,
    );
    const shape = mergeShape(null, requestBody({ date: '2026-12-03' }), {
      days: { today: '2026-11-26', urgent: '2026-11-26' },
      levels: ['1', '2', '3'],
    });
    await t.db.tx((m) =>
      runtime.startMany(
        m,
        'remote-work-request',
        ids.map((instanceId) => ({
          instanceId,
          input: { requesterId: who!.id, lastDate: shape.dateTo },
          actorId: who!.id,
          stored: { caller: who!, shape } satisfies NewRequest,
        })),
        at,
      ),
    );
    return ids;
  };
  const edit = (instanceId: string, note: string): StepItem => ({
    instanceId,
    event: { type: 'request.edit' },
    actorId: 'S0001',
    note: { note },
  });
  const stored = (ids: string[]) =>
    t.db.query<{
      id: string;
      version: number;
      events: { seq: number; note: string; prev: string | null; hash: string }[];
    }>(
      `SELECT w.id, w.version,
              (SELECT json_agg(json_build_object('seq', e.seq, 'note', e.payload->>'note', 'prev', e.prev_hash, 'hash', e.hash)
                       ORDER BY e.seq) FROM workflow_events e WHERE e.instance_id = w.id) AS events
       FROM remote_work_requests w WHERE w.id = ANY($1::uuid[])`,
      [ids],
    );

  it('writes nothing at plan; commit writes exactly what stepMany would have', async () => {
    const [a, b] = await started(2);
    const viaCommit = await t.db.tx(async (m) => {
      const plan = await runtime.plan(m, 'remote-work-request', [edit(a!, 'one')], at);
      expect(plan.outcomes.map((o) => o.ok)).toEqual([true]);
      const [row] = (await m.query(`SELECT version FROM remote_work_requests WHERE id = $1`, [a])) as {
        version: number;
      }[];
      expect(Number(row!.version)).toBe(1); // planned, not written
      return runtime.commit(m, plan);
    });
    const viaStep = await t.db.tx((m) => runtime.stepMany(m, 'remote-work-request', [edit(b!, 'one')], at));
    const strip = (o: (typeof viaStep)[number]) => (o.ok ? { ...o.result, instanceId: 'x' } : o);
    expect(viaCommit.map(strip)).toEqual(viaStep.map(strip));
    const rows = await stored([a!, b!]);
    expect(rows.map((r) => [Number(r.version), r.events.length])).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  it('commits a subset: an instance that lost one of its items is stepped again from its locked row', async () => {
    const [a, b] = await started(2);
    const outcomes = await t.db.tx(async (m) => {
      const plan = await runtime.plan(
        m,
        'remote-work-request',
        [
          edit(a!, 'first'),
          edit(b!, 'only'),
          edit(a!, 'second'),
          { ...edit(b!, 'refused'), event: { type: 'nonsense' } },
        ],
        at,
      );
      expect(plan.outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
      return runtime.commit(m, plan, (i) => i !== 0); // the caller refused a's first item
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    const rows = new Map((await stored([a!, b!])).map((r) => [r.id, r]));
    const chainOf = (id: string) => rows.get(id)!.events;
    expect(Number(rows.get(a!)!.version)).toBe(2);
    expect(chainOf(a!).map((e) => [e.seq, e.note])).toEqual([
      [1, null],
      [2, 'second'],
    ]);
    expect(chainOf(a!)[1]!.prev).toBe(chainOf(a!)[0]!.hash);
    expect(chainOf(b!).map((e) => e.note)).toEqual([null, 'only']);
  });
});
