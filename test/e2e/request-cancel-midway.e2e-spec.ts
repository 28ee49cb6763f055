import { NotificationsService } from '../../src/notifications/notifications.service';
import { approveThroughRoute, as, submitted } from '../factories/inbox.factory';
import { ADMIN, unitOf } from '../factories/kessai.factory';
import { teamOf } from '../factories/org.factory';
import { brokenChains } from '../support/event-chains';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * A multi-day approval given up after its first day (取消 by the applicant, or revoked): the days
 * before today were worked and stay approved; only what is left goes.
 */
describe('cancelling or revoking an approval after its first day', () => {
  let t: TestApp;
  let boss: string;
  let members: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members } = await teamOf(t, 3, 3));
  });
  afterAll(() => t.close());

  /** An approved request over Monday 12-07 to Wednesday 12-09. */
  const approvedRange = async (who: string) => {
    const id = await submitted(t, who, { date: undefined, from: '2026-12-07', to: '2026-12-09' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    return id;
  };
  const days = async (id: string) =>
    (
      await t.db.query<{ d: string }>(
        `SELECT work_date::text AS d FROM request_days WHERE request_id = $1 ORDER BY 1`,
        [id],
      )
    ).map((r) => r.d);
  const allowanceDays = async (who: string) => {
    const res = await t.http
      .get('/api/v1/allowance?month=2026-12')
      .set(await as(t, who))
      .expect(200);
    return (res.body.months as { month: string; days: number }[]).find((x) => x.month === '2026-12')!.days;
  };
  /** Runs fn on Tuesday 12-08, 09:30 in Japan: the Monday has been worked. */
  const onTuesday = async <T>(fn: () => Promise<T>): Promise<T> => {
    t.clock.set('2026-12-08T00:30:00Z');
    try {
      return await fn();
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
  };

  it("keeps the applicant's days worked when they cancel on a later day: the request ends on the last of them", async () => {
    const id = await approvedRange(members[0]!);
    expect(await days(id)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
    const before = await allowanceDays(members[0]!);
    const h = await as(t, members[0]!);
    const res = await onTuesday(() =>
      t.http.post(`/api/v1/requests/${id}/cancel`).set(h).send({ comment: '体調不良 / unwell' }).expect(200),
    );
    expect(res.body).toMatchObject({ status: 'approved', from: '2026-12-07', to: '2026-12-07' });
    expect(res.body.timeline.at(-1)).toMatchObject({
      event: 'request.cancel',
      from: 'approved',
      to: 'approved',
      actor: { id: members[0] },
      details: { today: '2026-12-08', keptUntil: '2026-12-07', comment: '体調不良 / unwell' },
    });
    expect(await days(id)).toEqual(['2026-12-07']);
    const [row] = await t.db.query<{ work_days: number }>(`SELECT work_days FROM remote_work_requests WHERE id = $1`, [
      id,
    ]);
    expect(row!.work_days).toBe(1);
    expect(await allowanceDays(members[0]!)).toBe(before - 2);
    // nothing is left to give up, and the page offers nothing more
    const again = await onTuesday(() => t.http.post(`/api/v1/requests/${id}/cancel`).set(h).send({}));
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    const view = await onTuesday(() => t.http.get(`/api/v1/requests/${id}`).set(h).expect(200));
    expect(view.body).toMatchObject({ mayCancel: false });
    expect(await brokenChains(t.db)).toEqual([]);
  });

  it('leaves its open 供覧 with the days it keeps, as the inbox lists them', async () => {
    const {
      members: [who],
    } = await teamOf(t, 1, 9);
    // a place other than home or a satellite office takes the special route, which ends in 供覧 (circulated)
    const id = await submitted(t, who!, {
      date: undefined,
      from: '2026-12-07',
      to: '2026-12-09',
      location: 'other',
      locationText: '実家',
    });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const informs = async () =>
      t.db.query<{ assignee_id: string; work_to: string }>(
        `SELECT assignee_id, work_to::text AS work_to FROM approval_tasks
         WHERE request_id = $1 AND kind = 'inform' AND status = 'pending' ORDER BY id`,
        [id],
      );
    const before = await informs();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((x) => x.work_to === '2026-12-09')).toBe(true);
    await onTuesday(async () =>
      t.http
        .post(`/api/v1/requests/${id}/cancel`)
        .set(await as(t, who!))
        .send({})
        .expect(200),
    );
    const after = await informs();
    expect(after.map((x) => x.work_to)).toEqual(before.map(() => '2026-12-07'));
    const item = (
      await t.http
        .get('/api/v1/inbox?kind=inform')
        .set(await as(t, after[0]!.assignee_id))
        .expect(200)
    ).body.items.find((i: { requestId: string }) => i.requestId === id);
    expect([item.workFrom, item.workTo]).toEqual(['2026-12-07', '2026-12-07']);
  });

  it('still cancels the whole request before its first day', async () => {
    const id = await approvedRange(members[1]!);
    const res = await t.http
      .post(`/api/v1/requests/${id}/cancel`)
      .set(await as(t, members[1]!))
      .send({})
      .expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', from: '2026-12-07', to: '2026-12-09' });
    expect(res.body.timeline.at(-1)).toMatchObject({ event: 'request.cancel', to: 'cancelled' });
    expect(res.body.timeline.at(-1).details).not.toHaveProperty('keptUntil');
  });

  it('tells whose approval it was when the applicant cancels it, whole or after the days worked', async () => {
    const { members: team } = await teamOf(t, 2, 12);
    const [whole, rest] = [await approvedRange(team[0]!), await approvedRange(team[1]!)];
    const approversOf = async (id: string) =>
      (
        await t.db.query<{ id: string }>(
          `SELECT DISTINCT COALESCE(on_behalf_of, assignee_id) AS id FROM approval_tasks
           WHERE request_id = $1 AND kind = 'approval' AND status = 'approved' ORDER BY 1`,
          [id],
        )
      ).map((r) => r.id);
    expect((await approversOf(whole)).length).toBeGreaterThan(0);
    await t.http
      .post(`/api/v1/requests/${whole}/cancel`)
      .set(await as(t, team[0]!))
      .send({ comment: '家族の通院 / family hospital visit' })
      .expect(200);
    await onTuesday(async () =>
      t.http
        .post(`/api/v1/requests/${rest}/cancel`)
        .set(await as(t, team[1]!))
        .send({})
        .expect(200),
    );
    await onTuesday(() => t.app.get(NotificationsService).deliverDue()); // (the second written on the Tuesday)
    const toldOf = async (staffId: string, id: string) =>
      (
        (
          await t.http
            .get('/api/v1/notifications')
            .set(await as(t, staffId))
            .expect(200)
        ).body.items as { kind: string; requestId: string; message: { ja: string; en: string } }[]
      ).filter((n) => n.requestId === id && n.kind === 'approval.cancelled');
    for (const approver of await approversOf(whole)) {
      const [note, ...more] = await toldOf(approver, whole);
      expect(more).toEqual([]);
      expect(note!.message.ja).toContain('承認済みの 2026-12-07〜2026-12-09 のテレワークを取り消しました');
      expect(note!.message.en).toContain('cancelled their approved telework for 2026-12-07 to 2026-12-09');
      expect(note!.message.ja).toContain('理由: 家族の通院 / family hospital visit'); // why, as the timeline says
    }
    for (const approver of await approversOf(rest)) {
      const [note, ...more] = await toldOf(approver, rest);
      expect(more).toEqual([]);
      expect(note!.message.ja).toContain('2026-12-07 より後の日を取り消しました。2026-12-07 は実施済みです');
      expect(note!.message.en).toContain('cancelled their approved telework after 2026-12-07; 2026-12-07 stays');
    }
    // the applicant is told nothing of their own cancel
    expect(await toldOf(team[0]!, whole)).toEqual([]);
  });

  it('keeps the days worked when the supervisor revokes on a later day, and tells the applicant after which', async () => {
    const id = await approvedRange(members[2]!);
    const [{ decided_by: approver }] = (await t.db.query(`SELECT decided_by FROM remote_work_requests WHERE id = $1`, [
      id,
    ])) as [{ decided_by: string }];
    const res = await onTuesday(async () =>
      t.http
        .post(`/api/v1/requests/${id}/revoke`)
        .set(await as(t, approver))
        .send({ comment: '窓口応援 / counter cover' })
        .expect(200),
    );
    expect(res.body).toMatchObject({ status: 'approved', to: '2026-12-07', mayRevoke: false });
    expect(res.body.timeline.at(-1)).toMatchObject({
      event: 'decision.revoked',
      from: 'approved',
      to: 'approved',
      actor: { id: approver },
      details: { keptUntil: '2026-12-07', comment: '窓口応援 / counter cover' },
    });
    expect(await days(id)).toEqual(['2026-12-07']);
    await onTuesday(() => t.app.get(NotificationsService).deliverDue()); // (written on the Tuesday)
    const notes = (
      await t.http
        .get('/api/v1/notifications')
        .set(await as(t, members[2]!))
        .expect(200)
    ).body.items as { kind: string; requestId: string; message: { ja: string; en: string } }[];
    const mine = notes.filter((n) => n.requestId === id).map((n) => n.kind);
    expect(mine.filter((k) => k === 'request.approved')).toHaveLength(1); // the approval, not the revocation
    const note = notes.find((n) => n.requestId === id && n.kind === 'request.revoked')!;
    expect(note.message.ja).toContain('2026-12-07 より後のテレワークの承認が取り消されました');
    expect(note.message.ja).toContain('2026-12-07 は承認済みのままです');
    expect(note.message.en).toContain('after 2026-12-07 was revoked');
    expect(note.message.en).toContain('Reason: 窓口応援 / counter cover');
    expect(await brokenChains(t.db)).toEqual([]);
  });

  it('gives today back too once its work began (taken ill at noon): its report stands, the day shown cancelled', async () => {
    const {
      members: [who],
    } = await teamOf(t, 1, 6);
    const id = await approvedRange(who!);
    const h = await as(t, who!);
    const at = (iso: string) => t.clock.set(iso);
    try {
      at('2026-12-08T00:30:00Z'); // Tuesday 09:30 in Japan
      await t.http.post('/api/v1/work-reports/start').set(h).send({}).expect(200);
      at('2026-12-08T03:00:00Z'); // 12:00: unwell, the rest of Tuesday and Wednesday are given up
      const res = await t.http.post(`/api/v1/requests/${id}/cancel`).set(h).send({}).expect(200);
      expect(res.body).toMatchObject({ status: 'approved', to: '2026-12-07' });
      expect(await days(id)).toEqual(['2026-12-07']);
      // the morning's report stands, and says the day was cancelled (as for a whole request taken back)
      const today = await t.http.get('/api/v1/work-reports').set(h).expect(200);
      expect(today.body.items).toEqual([expect.objectContaining({ requestId: id, requestStatus: 'cancelled' })]);
      at('2026-12-08T08:00:00Z'); // 17:00: the day that was begun still ends
      await t.http.post('/api/v1/work-reports/end').set(h).send({}).expect(200);
    } finally {
      at('2026-11-26T00:30:00Z');
    }
  });

  it('refuses a cancel or a revocation when every day has been worked (a Friday-to-Sunday request on its Saturday)', async () => {
    const {
      supervisor,
      members: [who],
    } = await teamOf(t, 1, 7);
    const id = await submitted(t, who!, { date: undefined, from: '2026-12-11', to: '2026-12-13' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const [{ decided_by: approver }] = (await t.db.query(`SELECT decided_by FROM remote_work_requests WHERE id = $1`, [
      id,
    ])) as [{ decided_by: string }];
    t.clock.set('2026-12-12T00:30:00Z');
    try {
      const view = await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, who!))
        .expect(200);
      expect(view.body).toMatchObject({ status: 'approved', mayCancel: false });
      const cancel = await t.http
        .post(`/api/v1/requests/${id}/cancel`)
        .set(await as(t, who!))
        .send({});
      expect([cancel.status, cancel.body.code]).toEqual([409, 'INVALID_TRANSITION']);
      expect(cancel.body.message.en).toBe('No day of this request is left to cancel or revoke (none from today on).');
      const revoke = await t.http
        .post(`/api/v1/requests/${id}/revoke`)
        .set(await as(t, approver ?? supervisor))
        .send({ comment: 'x' });
      expect([revoke.status, revoke.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
    expect(await days(id)).toEqual(['2026-12-11']);
  });

  it('gives back to the approver, cutting their own telework short, what a deputy held for them meanwhile', async () => {
    // a 課長 without a device reaching the office network (every seeded 課長 holds one: the test hands it
    // back to the pool): away while teleworking, so their 課長補佐 decides for them (代決)
    const unit = await unitOf(t, 'ENVR-02');
    await t.db.query(`UPDATE devices SET holder_id = NULL WHERE holder_id = $1`, [unit.approver]);
    await t.http
      .post('/api/v1/delegations')
      .set(await as(t, ADMIN))
      .send({ approverId: unit.approver, deputyId: unit.deputy })
      .expect(201);
    const own = await approvedRange(unit.approver);
    try {
      t.clock.set('2026-12-08T00:30:00Z');
      const asked = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
      const holder = async () =>
        (
          await t.db.query<{ assignee_id: string }>(
            `SELECT assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'pending' AND kind = 'approval'`,
            [asked],
          )
        ).map((r) => r.assignee_id);
      expect(await holder()).toEqual([unit.deputy]); // 代決 while the approver teleworks
      await t.http
        .post(`/api/v1/requests/${own}/cancel`)
        .set(await as(t, unit.approver))
        .send({})
        .expect(200);
      expect(await holder()).toEqual([unit.approver]); // back in the office today: theirs again
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
  });

  it('sends a day a revocation took back the approval route when filed again, not through as a notice (届出)', async () => {
    const {
      supervisor,
      members: [holder],
    } = await teamOf(t, 1, 8);
    const g = (
      await t.http
        .post('/api/v1/registrations')
        .set(await as(t, holder!))
        .send({ from: '2026-12-01', to: '2026-12-31', locations: ['home'] })
        .expect(201)
    ).body;
    await t.http
      .post(`/api/v1/registrations/${g.id}/decision`)
      .set(await as(t, supervisor))
      .send({ action: 'approve' })
      .expect(200);
    const status = async (id: string) =>
      (
        await t.http
          .get(`/api/v1/requests/${id}`)
          .set(await as(t, holder!))
          .expect(200)
      ).body.status;
    const filed = await submitted(t, holder!, { date: undefined, from: '2026-12-10', to: '2026-12-15' });
    expect(await status(filed)).toBe('approved'); // a notice
    t.clock.set('2026-12-11T00:30:00Z'); // Friday: the supervisor takes the days from today back
    try {
      await t.http
        .post(`/api/v1/requests/${filed}/revoke`)
        .set(await as(t, supervisor))
        .send({ comment: '窓口応援 / counter cover' })
        .expect(200);
      // the Tuesday it took back is the supervisor's to decide again; a day it did not take still a notice
      expect(await status(await submitted(t, holder!, { date: '2026-12-15' }))).toBe('awaitingDecision');
      expect(await status(await submitted(t, holder!, { date: '2026-12-17' }))).toBe('approved');
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
  });

  it("ends an approver's own telework absence on the last day kept, and its timers with it", async () => {
    const id = await approvedRange(boss);
    const absence = async () =>
      (
        await t.db.query<{ id: string; date_to: string }>(
          `SELECT id, date_to::text AS date_to FROM absences WHERE request_id = $1`,
          [id],
        )
      )[0];
    const made = await absence();
    expect(made?.date_to).toBe('2026-12-09');
    await onTuesday(async () =>
      t.http
        .post(`/api/v1/requests/${id}/cancel`)
        .set(await as(t, boss))
        .send({})
        .expect(200),
    );
    expect((await absence())?.date_to).toBe('2026-12-07');
    const [{ n }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM timers WHERE instance_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
      [made!.id],
    )) as [{ n: number }];
    expect(n).toBe(0);
  });
});
