import { NotificationsService } from '../../src/notifications/notifications.service';
import { approveThroughRoute, as, decide as decideAs, submitted } from '../factories/inbox.factory';
import { awayWithDeputy, pendingTasks, unitOf } from '../factories/kessai.factory';
import { teamOf } from '../factories/org.factory';
import { expectBilingual } from '../support/bilingual';
import { brokenChains } from '../support/event-chains';
import { startFreshApp, type TestApp } from '../support/test-app';

/** "The supervisor approves beforehand and may revoke" (DOMAIN): POST /requests/{id}/revoke. */
describe('revoking an approval', () => {
  let t: TestApp;
  let boss: string;
  let members: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members } = await teamOf(t, 4, 3));
  });
  afterAll(() => t.close());

  const revoke = async (who: string, id: string, body: Record<string, unknown>) =>
    t.http
      .post(`/api/v1/requests/${id}/revoke`)
      .set(await as(t, who))
      .send(body);
  const approved = async (member: string, date: string) => {
    const id = await submitted(t, member, { date });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    return id;
  };

  it('lets the supervisor take an approval back with a reason: the request is revoked and its applicant told', async () => {
    const id = await approved(members[0]!, '2026-12-08');
    const res = await revoke(boss, id, { comment: '窓口応援のため / counter cover needed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'revoked', decidedBy: boss }); // who approved it
    const event = res.body.timeline.at(-1);
    expect(event).toMatchObject({
      event: 'decision.revoked',
      from: 'approved',
      to: 'revoked',
      actor: { id: boss },
      details: { comment: '窓口応援のため / counter cover needed' },
    });
    await t.app.get(NotificationsService).deliverDue();
    const notes = (
      await t.http
        .get('/api/v1/notifications')
        .set(await as(t, members[0]!))
        .expect(200)
    ).body.items as {
      kind: string;
      requestId: string;
      message: { ja: string; en: string };
    }[];
    const note = notes.find((n) => n.requestId === id && n.kind === 'request.revoked')!;
    // who revoked it and why; the request still says who approved it
    expect(note.message.ja).toContain('承認が取り消されました');
    expect(note.message.ja).toContain('理由: 窓口応援のため / counter cover needed');
    expect(note.message.en).toContain('was revoked');
    expect(note.message.en).toContain('Reason: 窓口応援のため / counter cover needed');
    const approvedNote = notes.find((n) => n.requestId === id && n.kind === 'request.approved')!;
    expect(approvedNote.message.en).toMatch(/was approved by \S+ \S+\.$/);
  });

  it('refuses the applicant (403), someone with no part in it (404), a missing reason (400), and changes nothing', async () => {
    const id = await approved(members[1]!, '2026-12-09');
    const [other] = await t.db.query<{ id: string }>(
      `SELECT s.id FROM staff s JOIN staff me ON me.id = $1
       WHERE s.active AND s.section_id <> me.section_id AND s.roles = '{staff}' ORDER BY s.id LIMIT 1`,
      [members[1]],
    );
    const own = await revoke(members[1]!, id, { comment: 'no' });
    expect([own.status, own.body.code]).toEqual([403, 'FORBIDDEN']);
    const outsider = await revoke(other!.id, id, { comment: 'no' });
    expect([outsider.status, outsider.body.code]).toEqual([404, 'REQUEST_NOT_FOUND']);
    // a missing reason is COMMENT_REQUIRED, as for a rejection, a return and a registration's revocation
    for (const body of [{}, { comment: '   ' }]) {
      const bad = await revoke(boss, id, body);
      expect([bad.status, bad.body.code]).toEqual([400, 'COMMENT_REQUIRED']);
      expectBilingual(bad.body.message);
      expect(bad.body.message.en).toContain('Revoking an approval needs a reason');
    }
    const tooLong = await revoke(boss, id, { comment: 'x'.repeat(1001) });
    expect([tooLong.status, tooLong.body.code, tooLong.body.details[0].field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'comment',
    ]);
    const row = (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, boss))
        .expect(200)
    ).body;
    expect(row).toMatchObject({ status: 'approved', mayRevoke: true });
    // the page offers it to those who may: not to the applicant
    const seen = async (who: string) =>
      (
        await t.http
          .get(`/api/v1/requests/${id}`)
          .set(await as(t, who))
          .expect(200)
      ).body.mayRevoke;
    expect(await seen(members[1]!)).toBe(false);
    // the one above its approver may take it back
    const [above] = await t.db.query<{ supervisor_id: string }>(`SELECT supervisor_id FROM staff WHERE id = $1`, [
      boss,
    ]);
    expect(await seen(above!.supervisor_id)).toBe(true);
    const byAbove = await revoke(above!.supervisor_id, id, { comment: '部の判断 / department decision' });
    expect([byAbove.status, byAbove.body.status]).toEqual([200, 'revoked']);
  });

  it('revokes only an approved request up to its last day; of concurrent revokes one wins', async () => {
    const waiting = await submitted(t, members[2]!, { date: '2026-12-10' });
    const early = await revoke(boss, waiting, { comment: 'x' });
    expect([early.status, early.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    const id = await approved(members[3]!, '2026-12-10');
    const tries = await Promise.all([1, 2, 3, 4, 5].map(() => revoke(boss, id, { comment: 'x', expectedVersion: 3 })));
    const codes = tries.map((r) => (r.status === 200 ? 'ok' : r.body.code)).sort();
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.every((c) => c === 'ok' || c === 'VERSION_CONFLICT' || c === 'INVALID_TRANSITION')).toBe(true);
    // after its last day an approval stands as it was
    const later = await approved(members[2]!, '2026-12-11');
    try {
      t.clock.set('2026-12-12T00:30:00Z');
      const view = await t.http
        .get(`/api/v1/requests/${later}`)
        .set(await as(t, boss))
        .expect(200);
      expect(view.body.mayRevoke).toBe(false);
      const past = await revoke(boss, later, { comment: 'x' });
      expect([past.status, past.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
    expect(await brokenChains(t.db)).toEqual([]);
  });

  it('leaves a 代決 approval to the approver stood in for, not to the deputy who made it', async () => {
    const unit = await unitOf(t, 'URBN-01');
    await awayWithDeputy(t, unit.approver, unit.deputy, '2026-11-26');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-14' });
    const [task] = (await pendingTasks(t, unit.deputy)).filter((x) => x.request_id === id);
    expect(task!.on_behalf_of).toBe(unit.approver);
    await decideAs(t, unit.deputy, [{ taskId: task!.id, action: 'approve' }]);
    const view = async (who: string) =>
      (
        await t.http
          .get(`/api/v1/requests/${id}`)
          .set(await as(t, who))
          .expect(200)
      ).body;
    expect(await view(unit.deputy)).toMatchObject({ status: 'approved', mayRevoke: false });
    expect((await revoke(unit.deputy, id, { comment: 'x' })).status).toBe(403);
    expect((await view(unit.approver)).mayRevoke).toBe(true);
  });

  it('closes the 供覧 and 後閲 still open on an approval it revokes: nothing is left to read or review', async () => {
    // the special route ends in 供覧 to personnel, circulated without waiting
    const id = await submitted(t, members[0]!, { date: '2026-12-16', location: 'other', locationText: '実家' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const open = async () =>
      (
        await t.db.query<{ kind: string }>(
          `SELECT kind FROM approval_tasks WHERE request_id = $1 AND status = 'pending' ORDER BY kind`,
          [id],
        )
      ).map((r) => r.kind);
    expect((await open()).length).toBeGreaterThan(0);
    const [decider] = await t.db.query<{ decided_by: string }>(
      `SELECT decided_by FROM remote_work_requests WHERE id = $1`,
      [id],
    );
    await revoke(decider!.decided_by, id, { comment: '再検討 / to be reconsidered' }).then((r) =>
      expect(r.status).toBe(200),
    );
    expect(await open()).toEqual([]);
    expect(await brokenChains(t.db)).toEqual([]);
  });
});
