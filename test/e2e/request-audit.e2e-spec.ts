import { approveThroughRoute, as, submitted } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { seedRequests } from '../bench/fixtures';
import { startFreshApp, type TestApp } from '../support/test-app';
import type { ChainReport } from '../../src/workflow-runtime/event-chain-audit';

interface Audit {
  requestId: string;
  intact: boolean;
  instances: ChainReport[];
}

/** Working days a week apart (caps), none a holiday or in a blackout of the shipped policy. */
const THURSDAYS = [
  '2027-04-08',
  '2027-04-15',
  '2027-04-22',
  '2027-05-06',
  '2027-05-13',
  '2027-05-20',
  '2027-05-27',
].concat(['2027-06-03', '2027-06-10', '2027-06-17', '2027-06-24', '2027-07-01', '2027-07-08']);

describe('request audit: the event logs as stored', () => {
  let t: TestApp;
  let requester: string;
  let other: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await startFreshApp();
    const team = await teamOf(t, 2);
    supervisor = team.supervisor;
    [requester, other] = team.members as [string, string];
  });
  afterAll(() => t.close());

  let day = 0;
  /** A request of the requester's, submitted and approved through its route; a week of its own (caps). */
  const approved = async () => {
    const date = THURSDAYS[day++]!;
    const id = await submitted(t, requester, { date });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    return id;
  };
  const audit = async (id: string, by = requester) =>
    (
      await t.http
        .get(`/api/v1/requests/${id}/audit`)
        .set(await as(t, by))
        .expect(200)
    ).body as Audit;
  /** The report of an instance of the request, by machine (for tasks: the decided one, which its route names). */
  const instanceOf = (a: Audit, machine: string) =>
    a.instances.find((i) => i.machine === machine && (machine !== 'supervisor-decision' || i.version >= 2))!;

  it('finds a request decided through Teleflow intact, every entry hashed again from its row', async () => {
    const id = await approved();
    const a = await audit(id);
    expect(a).toMatchObject({ requestId: id, intact: true });
    expect(a.instances.map((i) => i.machine)).toEqual(['remote-work-request', 'kessai-queue', 'supervisor-decision']);
    for (const i of a.instances) {
      expect(i).toMatchObject({ intact: true, problems: [], linkedOnly: 0, entries: i.version });
      expect(i.recomputed).toBe(i.entries);
      expect(i.entries).toBeGreaterThanOrEqual(2);
    }
    // the database gives the payloads' keys back in an order of its own (jsonb: shorter keys first),
    // and the hashes still agree
    const [{ keys }] = (await t.db.query(
      `SELECT array(SELECT jsonb_object_keys(payload)) AS keys FROM workflow_events
       WHERE instance_id = $1 AND type = 'decision.approved'`,
      [id],
    )) as [{ keys: string[] }];
    expect(keys).toEqual(expect.arrayContaining(['by', 'kessaiId', 'routeId']));
    expect(keys).not.toEqual([...keys].sort());
  });

  it('shows a payload changed in the database as HASH_MISMATCH of that entry', async () => {
    const id = await approved();
    const task = instanceOf(await audit(id), 'supervisor-decision');
    await t.db.query(
      `UPDATE workflow_events SET payload = payload || '{"comment": "後から書き換え"}'
       WHERE instance_id = $1 AND seq = $2`,
      [task.id, task.version],
    );
    const a = await audit(id);
    expect(a.intact).toBe(false);
    expect(instanceOf(a, 'supervisor-decision')).toMatchObject({
      intact: false,
      recomputed: task.entries - 1,
      problems: [{ seq: task.version, code: 'HASH_MISMATCH' }],
    });
    const [problem] = instanceOf(a, 'supervisor-decision').problems;
    expect(problem!.message.ja).toContain('書き換えられた');
    expect(problem!.message.en).toContain('altered');
    // the others stand as they were
    expect(a.instances.filter((i) => i.machine !== 'supervisor-decision').every((i) => i.intact)).toBe(true);
  });

  it('shows who decided changed in the row as HASH_MISMATCH too: every field of the entry is covered', async () => {
    const id = await approved();
    const route = instanceOf(await audit(id), 'kessai-queue');
    await t.db.query(`UPDATE workflow_events SET actor_id = $3 WHERE instance_id = $1 AND seq = $2`, [
      route.id,
      route.version,
      other,
    ]);
    expect(instanceOf(await audit(id), 'kessai-queue').problems).toEqual([
      expect.objectContaining({ seq: route.version, code: 'HASH_MISMATCH' }),
    ]);
  });

  it('shows a removed entry as MISSING_ENTRY, and one added beyond the version as EXTRA_ENTRY', async () => {
    const id = await approved();
    const request = instanceOf(await audit(id), 'remote-work-request');
    expect(request.version).toBeGreaterThanOrEqual(3);
    await t.db.query(`DELETE FROM workflow_events WHERE instance_id = $1 AND seq = 2`, [id]);
    await t.db.query(
      `INSERT INTO workflow_events (instance_id, seq, type, actor_id, from_state, to_state, payload, at, prev_hash, hash)
       SELECT instance_id, seq + 1, type, actor_id, from_state, to_state, payload, at, hash, hash
       FROM workflow_events WHERE instance_id = $1 AND seq = $2`,
      [id, request.version],
    );
    const a = await audit(id);
    expect(instanceOf(a, 'remote-work-request').problems.map((p) => [p.seq, p.code])).toEqual([
      [2, 'MISSING_ENTRY'],
      [request.version + 1, 'EXTRA_ENTRY'],
      [request.version + 1, 'HASH_MISMATCH'],
    ]);
    expect(a.intact).toBe(false);
  });

  it('shows an entry linked to the wrong one as UNLINKED, and a head the item no longer matches as HEAD_MISMATCH', async () => {
    const id = await approved();
    const task = instanceOf(await audit(id), 'supervisor-decision');
    await t.db.query(`UPDATE workflow_events SET prev_hash = 'forged' WHERE instance_id = $1 AND seq = 2`, [task.id]);
    await t.db.query(`UPDATE approval_tasks SET head_hash = 'forged' WHERE id = $1`, [task.id]);
    // (a forged link is part of the entry's hash too)
    const after = (await audit(id)).instances.find((i) => i.id === task.id)!;
    expect(after.problems.map((p) => [p.seq, p.code])).toEqual([
      [2, 'UNLINKED'],
      [2, 'HASH_MISMATCH'],
      [task.version, 'HEAD_MISMATCH'],
    ]);
  });

  it('shows a hash stripped of its mark, to escape being hashed again, as OLD_FORMAT_AFTER_NEW', async () => {
    const id = await approved();
    const request = instanceOf(await audit(id), 'remote-work-request');
    // the last entry changed, then passed off as one of the old format, the row's head to match
    await t.db.query(
      `UPDATE workflow_events SET payload = payload || '{"comment": "後から"}', hash = substr(hash, 4)
       WHERE instance_id = $1 AND seq = $2`,
      [id, request.version],
    );
    await t.db.query(`UPDATE remote_work_requests SET head_hash = substr(head_hash, 4) WHERE id = $1`, [id]);
    expect(instanceOf(await audit(id), 'remote-work-request')).toMatchObject({
      intact: false,
      linkedOnly: 1,
      problems: [{ seq: request.version, code: 'OLD_FORMAT_AFTER_NEW' }],
    });
  });

  it('shows a task removed with its log as MISSING_INSTANCE where the route names it, and finds one moved', async () => {
    const removed = await approved();
    const task = instanceOf(await audit(removed), 'supervisor-decision');
    const route = instanceOf(await audit(removed), 'kessai-queue');
    const [{ seq }] = (await t.db.query(
      `SELECT seq FROM workflow_events WHERE instance_id = $1 AND payload->>'taskId' = $2`,
      [route.id, task.id],
    )) as [{ seq: number }];
    await t.db.query(`DELETE FROM workflow_events WHERE instance_id = $1`, [task.id]);
    await t.db.query(`DELETE FROM approval_tasks WHERE id = $1`, [task.id]);
    const a = await audit(removed);
    expect(a.intact).toBe(false);
    expect(a.instances.some((i) => i.id === task.id)).toBe(false);
    expect(instanceOf(a, 'kessai-queue').problems).toEqual([
      expect.objectContaining({ seq: Number(seq), code: 'MISSING_INSTANCE' }),
    ]);
    // a task whose row now says it belongs to another request is still found where its route names it
    const moved = await approved();
    const movedTask = instanceOf(await audit(moved), 'supervisor-decision');
    await t.db.query(`UPDATE approval_tasks SET request_id = $2 WHERE id = $1`, [movedTask.id, removed]);
    const b = await audit(moved);
    expect(b.instances.find((i) => i.id === movedTask.id)).toMatchObject({ intact: true });
    expect(b.intact).toBe(true);
  });

  it('checks only the links of entries written before hashes could be computed again', async () => {
    // rows written around the runtime, as the bench fixture writes them: plain sha256 hex, no mark
    const [requestId] = (
      await t.db.tx((m) =>
        seedRequests(m, { approverId: supervisor, requesters: [requester], count: 1, dates: ['2027-05-06'] }),
      )
    ).requestIds;
    const a = await audit(requestId!);
    expect(a.intact).toBe(true);
    for (const i of a.instances) expect(i).toMatchObject({ recomputed: 0, linkedOnly: i.entries, problems: [] });
    // a broken link still shows
    await t.db.query(`UPDATE workflow_events SET prev_hash = 'forged' WHERE instance_id = $1 AND seq = 2`, [requestId]);
    expect(instanceOf(await audit(requestId!), 'remote-work-request').problems).toEqual([
      expect.objectContaining({ seq: 2, code: 'UNLINKED' }),
    ]);
  });

  it('answers only those who may read the request: anyone else, and an id that is none, get 404', async () => {
    const id = await approved();
    expect((await audit(id, supervisor)).intact).toBe(true); // its approver
    const stranger = await t.http
      .get(`/api/v1/requests/${id}/audit`)
      .set(await as(t, other))
      .expect(404);
    expect(stranger.body).toMatchObject({ code: 'REQUEST_NOT_FOUND' });
    await t.http
      .get(`/api/v1/requests/not-a-uuid/audit`)
      .set(await as(t, requester))
      .expect(404);
    await t.http.get(`/api/v1/requests/${id}/audit`).expect(401);
  });
});
