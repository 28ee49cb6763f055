import { randomUUID } from 'node:crypto';
import { requestBody } from '../../test/factories/request.factory';
import { startFreshApp, type TestApp } from '../../test/support/test-app';
import type { InstanceWrite } from '../workflow-runtime/instance-store';
import { WorkflowRuntime } from '../workflow-runtime/workflow-runtime.service';
import { RequestInstances, type NewRequest } from './request-instances';
import { mergeShape } from './request-shape';

/** A request's row is its machine's instance: what a write records of the steps it carries. */
describe('RequestInstances', () => {
  let t: TestApp;
  const at = new Date('2026-11-26T00:30:00Z');
  const later = new Date('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  async function draft(): Promise<{ id: string; who: string }> {
    const [who] = await t.db.query<{ id: string; departmentId: string; sectionId: string }>(
      `SELECT id, department_id AS "departmentId", section_id AS "sectionId" FROM staff ORDER BY id LIMIT 1`,
    );
    const id = randomUUID();
    const shape = mergeShape(null, requestBody({ date: '2026-12-03' }), {
      days: { today: '2026-11-26', urgent: '2026-11-26' },
      levels: ['1', '2', '3'],
    });
    await t.db.tx((m) =>
      t.app.get(WorkflowRuntime).start(
        m,
        'remote-work-request',
        {
          instanceId: id,
          input: { requesterId: who!.id, lastDate: shape.dateTo },
          actorId: who!.id,
          stored: { caller: who!, shape } satisfies NewRequest,
        },
        at,
      ),
    );
    return { id, who: who!.id };
  }

  const marks = async (id: string) =>
    (
      await t.db.query<{ submitted_at: Date | null; decided_at: Date | null; decided_by: string | null }>(
        `SELECT submitted_at, decided_at, decided_by, decided_on_behalf_of FROM remote_work_requests WHERE id = $1`,
        [id],
      )
    )[0]!;

  /** Writes what a plan would leave of the request: its new state and the steps that led there. */
  async function write(id: string, state: string, steps: InstanceWrite['steps'], context: object = {}) {
    const [row] = await t.db.tx((m) => t.app.get(RequestInstances).lock(m, [id]));
    const current = (row!.snapshot as { context: object }).context;
    const version = row!.version + steps.length;
    await t.db.tx((m) =>
      t.app
        .get(RequestInstances)
        .update(
          m,
          [{ id, state, version, head: `h${version}`, snap: { context: { ...current, ...context } } as never, steps }],
          later,
        ),
    );
  }

  it('marks a submission and a decision carried in one write, the decider being who sent the decision', async () => {
    const { id, who } = await draft();
    await write(
      id,
      'approved',
      [
        { from: 'draft', to: 'awaitingDecision', actorId: who, event: { type: 'request.submit' } },
        { from: 'awaitingDecision', to: 'approved', actorId: 'S-boss', event: { type: 'decision.approved' } },
      ],
      { outcome: 'allow', submissions: 1 },
    );
    expect(await marks(id)).toEqual({
      submitted_at: later,
      decided_at: later,
      decided_by: 'S-boss',
      decided_on_behalf_of: null,
    });
  });

  it('records for whom a 代決 approval was made', async () => {
    const { id, who } = await draft();
    const approved = { type: 'decision.approved', by: 'S-deputy', onBehalfOf: 'S-boss' };
    await write(id, 'approved', [
      { from: 'draft', to: 'awaitingDecision', actorId: who, event: { type: 'request.submit' } },
      { from: 'awaitingDecision', to: 'approved', actorId: 'S-deputy', event: approved },
    ]);
    expect(await marks(id)).toMatchObject({ decided_by: 'S-deputy', decided_on_behalf_of: 'S-boss' });
  });

  it('does not take an edit of a returned request (returned → returned) for a decision', async () => {
    const { id, who } = await draft();
    await write(id, 'returned', [{ from: 'returned', to: 'returned', actorId: who, event: { type: 'request.edit' } }]);
    expect(await marks(id)).toEqual({
      submitted_at: null,
      decided_at: null,
      decided_by: null,
      decided_on_behalf_of: null,
    });
  });
});
