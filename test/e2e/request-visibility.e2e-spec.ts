import { requestBody } from '../factories/request.factory';
import { as, submitted } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

/** Who may open a request: its requester, its approvers, admins and auditors; nobody else. */
describe('reading one request', () => {
  let t: TestApp;
  let boss: string;
  let member: string;
  let requestId: string;

  beforeAll(async () => {
    t = await startFreshApp();
    const team = await teamOf(t, 2);
    boss = team.supervisor;
    member = team.members[0]!;
    requestId = await submitted(t, member);
  });
  afterAll(() => t.close());

  const read = async (staffId: string) => t.http.get(`/api/v1/requests/${requestId}`).set(await as(t, staffId));

  /** Someone with no part in the request: another section's staff member, not in the line above. */
  async function outsider(): Promise<string> {
    const [row] = await t.db.query<{ id: string }>(
      `WITH RECURSIVE up(id) AS (SELECT supervisor_id FROM staff WHERE id = $1
                                 UNION SELECT s.supervisor_id FROM staff s JOIN up ON s.id = up.id)
       SELECT s.id FROM staff s JOIN staff me ON me.id = $1
       WHERE s.active AND s.section_id <> me.section_id AND s.roles = '{staff}'
         AND s.id NOT IN (SELECT id FROM up WHERE id IS NOT NULL)
       ORDER BY s.id LIMIT 1`,
      [member],
    );
    return row!.id;
  }

  it('opens for the approver who holds its task, with verdict, timeline and route', async () => {
    const [task] = await t.db.query<{ assignee_id: string }>(
      `SELECT assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'pending'`,
      [requestId],
    );
    expect(task!.assignee_id).toBe(boss);
    const res = await read(boss);
    expect(res.status).toBe(200);
    expect(res.body.requester.id).toBe(member);
    expect(res.body.verdict.reasons.length).toBeGreaterThan(0);
    expect(res.body.timeline.map((e: { event: string }) => e.event)).toContain('request.submit');
    expect(res.body.route.steps[0].assignees).toEqual([expect.objectContaining({ staffId: boss })]);
  });

  it('shows the approver the device the request names, not only its id', async () => {
    const [device] = await t.db.query<{ id: string; kind: string; label: string; remote_capable: boolean }>(
      // the member's own device if any, else one of the pool (the policy judges which may be used)
      `SELECT id, kind, label, remote_capable FROM devices WHERE holder_id = $1 OR holder_id IS NULL
       ORDER BY holder_id IS NULL, id LIMIT 1`,
      [member],
    );
    if (!device) throw new Error(`the demo organisation has no device ${member} may name`);
    const id = await submitted(t, member, { date: '2026-12-09', deviceId: device.id });
    const res = await t.http
      .get(`/api/v1/requests/${id}`)
      .set(await as(t, boss))
      .expect(200);
    expect(res.body.deviceId).toBe(device.id);
    expect(res.body.device).toEqual({
      id: device.id,
      kind: device.kind,
      label: device.label,
      remoteCapable: device.remote_capable,
    });
    expect((await read(boss)).body.device).toBeNull(); // a request naming no device
  });

  it('opens for the supervisors above the requester, and for admins and auditors', async () => {
    const [above] = await t.db.query<{ id: string }>(`SELECT supervisor_id AS id FROM staff WHERE id = $1`, [boss]);
    expect(above!.id).toBeTruthy();
    expect((await read(above!.id)).status).toBe(200);
    const [admin] = await t.db.query<{ id: string }>(
      `SELECT id FROM staff WHERE 'admin' = ANY(roles) AND active AND id <> $1 ORDER BY id LIMIT 1`,
      [boss],
    );
    expect((await read(admin!.id)).status).toBe(200);
    const [auditor] = await t.db.query<{ id: string }>(
      `SELECT id FROM staff WHERE 'auditor' = ANY(roles) AND active ORDER BY id LIMIT 1`,
    );
    expect((await read(auditor!.id)).status).toBe(200);
  });

  it('is not found for anyone else, and only its requester may change it (403 to those who read it)', async () => {
    const res = await read(await outsider());
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'REQUEST_NOT_FOUND' });
    // a section head (課長), but of another department
    const [other] = await t.db.query<{ id: string }>(
      `SELECT s.id FROM staff s JOIN staff me ON me.id = $1
       WHERE s.active AND s.grade = 'kacho' AND NOT 'admin' = ANY(s.roles) AND NOT 'auditor' = ANY(s.roles)
         AND s.department_id <> me.department_id ORDER BY s.id LIMIT 1`,
      [member],
    );
    const theirs = await read(other!.id);
    expect({ status: theirs.status, code: theirs.body.code }).toEqual({ status: 404, code: 'REQUEST_NOT_FOUND' });

    // its supervisor, who reads it, is told only its applicant changes it; anyone else that it does not exist
    const h = await as(t, boss);
    const withdraw = await t.http.post(`/api/v1/requests/${requestId}/withdraw`).set(h).send({});
    expect({ status: withdraw.status, code: withdraw.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(withdraw.body.message.en).toBe('Only the applicant may edit, submit, withdraw or cancel a request.');
    const edit = await t.http.patch(`/api/v1/requests/${requestId}`).set(h).send({ part: 'am' });
    expect({ status: edit.status, code: edit.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const unseen = await t.http
      .post(`/api/v1/requests/${requestId}/withdraw`)
      .set(await as(t, await outsider()))
      .send({});
    expect({ status: unseen.status, code: unseen.body.code }).toEqual({ status: 404, code: 'REQUEST_NOT_FOUND' });
    // nor may they pull it forward: they learn no more than that it does not exist
    const pull = await t.http
      .post(`/api/v1/routes/${requestId}/pull-forward`)
      .set(await as(t, await outsider()))
      .send({});
    expect({ status: pull.status, code: pull.body.code }).toEqual({ status: 404, code: 'REQUEST_NOT_FOUND' });
    expect((await read(member)).body.status).toBe('awaitingDecision');
  });

  it('lists a supervisor’s team (everyone below them) without drafts, and everyone’s to admins and auditors only', async () => {
    const colleague = (await teamOf(t, 2)).members[1]!;
    const draftOn = async (date: string) =>
      (
        await t.http
          .post('/api/v1/requests')
          .set(await as(t, colleague))
          .send(requestBody({ date }))
          .expect(201)
      ).body.id as string;
    const draft = await draftOn('2026-12-09');
    // a draft withdrawn without ever being submitted stays its writer's too
    const unsent = await draftOn('2026-12-10');
    await t.http
      .post(`/api/v1/requests/${unsent}/withdraw`)
      .set(await as(t, colleague))
      .send({})
      .expect(200);
    const list = async (who: string, scope: string) =>
      t.http.get(`/api/v1/requests?scope=${scope}&limit=200`).set(await as(t, who));
    const ids = (res: { body: { items: { id: string; requester: { id: string } }[] } }) =>
      res.body.items.map((r) => r.id);
    const team = await list(boss, 'team');
    expect(team.status).toBe(200);
    expect(ids(team)).toContain(requestId);
    expect(ids(team)).not.toContain(draft); // a draft is its writer's alone
    expect(ids(team)).not.toContain(unsent);
    // the one above the supervisor sees it too; the member sees no one's: nobody is below them
    const [above] = await t.db.query<{ supervisor_id: string }>(`SELECT supervisor_id FROM staff WHERE id = $1`, [
      boss,
    ]);
    expect(ids(await list(above!.supervisor_id, 'team'))).toContain(requestId);
    expect(ids(await list(member, 'team'))).toEqual([]);
    // another department's section head sees none of it
    const [other] = await t.db.query<{ id: string }>(
      `SELECT s.id FROM staff s JOIN staff me ON me.id = $1
       WHERE s.active AND s.grade = 'kacho' AND s.department_id <> me.department_id ORDER BY s.id LIMIT 1`,
      [member],
    );
    expect(ids(await list(other!.id, 'team'))).not.toContain(requestId);
    // everyone's: admins and auditors only
    const refused = await list(member, 'all');
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    const [auditor] = await t.db.query<{ id: string }>(`SELECT id FROM staff WHERE 'auditor' = ANY(roles) LIMIT 1`);
    const all = await list(auditor!.id, 'all');
    expect(ids(all)).toContain(requestId);
    expect(ids(all)).not.toContain(draft);
    expect(ids(all)).not.toContain(unsent);
  });
});
