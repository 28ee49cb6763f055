import { TimersService } from '../../src/kessai/timers.service';
import { as, decide, submitted } from '../factories/inbox.factory';
import { ADMIN, leaveOf, rerouteBox, unitOf } from '../factories/kessai.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * A deputy decides (代決) only while named: when the delegation goes, what they hold for the approver
 * is placed again, under the delegations left.
 */
describe('a delegation removed while its deputy holds 代決 items', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFreshApp();
    t.clock.set('2026-12-07T00:00:00Z'); // Monday 09:00 in Japan
  });
  afterAll(() => t.close());

  const holders = async (requestId: string) =>
    t.db.query<{ id: string; assignee_id: string; on_behalf_of: string | null }>(
      `SELECT id, assignee_id, on_behalf_of FROM approval_tasks
       WHERE request_id = $1 AND status = 'pending' AND kind = 'approval'`,
      [requestId],
    );
  const name = async (approverId: string, deputyId: string, rank: number) =>
    (
      await t.http
        .post('/api/v1/delegations')
        .set(await as(t, ADMIN))
        .send({ approverId, deputyId, rank })
        .expect(201)
    ).body.id as string;
  const unname = async (id: string) =>
    t.http
      .delete(`/api/v1/delegations/${id}`)
      .set(await as(t, ADMIN))
      .expect(204);

  it('moves them to the next deputy named, then back to the approver to wait; the old holder can no longer decide', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    const [first, second] = [await name(unit.approver, unit.deputy, 1), await name(unit.approver, unit.boss, 2)];
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    await leaveOf(t, unit.approver, '2026-12-07', '2026-12-08');
    const [held] = await holders(id);
    expect(held).toMatchObject({ assignee_id: unit.deputy, on_behalf_of: unit.approver });

    await unname(first);
    const [onward] = await holders(id);
    expect(onward).toMatchObject({ assignee_id: unit.boss, on_behalf_of: unit.approver });
    const [refused] = await decide(t, unit.deputy, [{ taskId: held!.id, action: 'approve' }]);
    expect(refused).toMatchObject({ ok: false, code: 'NOT_ASSIGNEE' });

    await unname(second);
    // no deputy left: it waits for the approver (and escalates at its deadline), as any item would
    expect(await holders(id)).toEqual([expect.objectContaining({ assignee_id: unit.approver, on_behalf_of: null })]);
    const [late] = await decide(t, unit.boss, [{ taskId: onward!.id, action: 'approve' }]);
    expect(late).toMatchObject({ ok: false, code: 'NOT_ASSIGNEE' });
    const route = (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, unit.members[0]!))
        .expect(200)
    ).body.route as { events: { event: string; details?: { reason?: string } }[] };
    expect(route.events.at(-1)).toMatchObject({
      event: 'route.reassign',
      details: { reason: 'deputy no longer named / 代決者の指名の取消し' },
    });
  });

  it('leaves them where they are when the holder is still named by another delegation', async () => {
    const unit = await unitOf(t, 'CITZ-02');
    const first = await name(unit.approver, unit.deputy, 1);
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    await leaveOf(t, unit.approver, '2026-12-07', '2026-12-07');
    const [held] = await holders(id);
    expect(held).toMatchObject({ assignee_id: unit.deputy, on_behalf_of: unit.approver });
    // a second deputy named, then the first removed: the item goes on to the second
    await name(unit.approver, unit.boss, 2);
    await unname(first);
    expect(await holders(id)).toEqual([expect.objectContaining({ assignee_id: unit.boss })]);
    const again = await name(unit.approver, unit.deputy, 1);
    const [now] = await holders(id);
    // a new delegation does not pull items back from the deputy holding them
    expect(now).toMatchObject({ assignee_id: unit.boss, on_behalf_of: unit.approver });
    // removing the first again leaves it with the second, who is still named: nothing moves
    await unname(again);
    expect(await holders(id)).toEqual([now]);
  });

  it("leaves alone what an admin's reroute gave someone for the approver", async () => {
    const unit = await unitOf(t, 'CITZ-03');
    const named = await name(unit.approver, unit.deputy, 1);
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    await rerouteBox(t, unit.approver, unit.boss);
    const [moved] = await holders(id);
    expect(moved).toMatchObject({ assignee_id: unit.boss, on_behalf_of: unit.approver });
    await unname(named);
    expect(await holders(id)).toEqual([moved]);
  });

  it('places them again once the delegation is over, at the midnight after its last day', async () => {
    const unit = await unitOf(t, 'CITZ-04');
    const admin = await as(t, ADMIN);
    await t.http
      .post('/api/v1/delegations')
      .set(admin)
      .send({ approverId: unit.approver, deputyId: unit.deputy, rank: 1, to: '2026-12-07' })
      .expect(201);
    await name(unit.approver, unit.boss, 2);
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: '2026-12-07', to: '2026-12-09', kind: 'leave' })
      .expect(201);
    const [held] = await holders(id);
    expect(held).toMatchObject({ assignee_id: unit.deputy, on_behalf_of: unit.approver });
    try {
      t.clock.set('2026-12-07T14:59:00Z'); // 23:59 in Japan: still named
      await t.app.get(TimersService).runDue();
      expect(await holders(id)).toEqual([held]);
      t.clock.set('2026-12-07T15:00:00Z'); // midnight: over
      await t.app.get(TimersService).runDue();
      expect(await holders(id)).toEqual([
        expect.objectContaining({ assignee_id: unit.boss, on_behalf_of: unit.approver }),
      ]);
      const [late] = await decide(t, unit.deputy, [{ taskId: held!.id, action: 'approve' }]);
      expect(late).toMatchObject({ ok: false, code: 'NOT_ASSIGNEE' });
    } finally {
      t.clock.set('2026-12-07T00:00:00Z');
    }
  });

  it("places again what was held down a chain through the deputy's own delegation, once that is removed", async () => {
    const unit = await unitOf(t, 'CITZ-05');
    const admin = await as(t, ADMIN);
    await name(unit.approver, unit.deputy, 1);
    const chain = await name(unit.deputy, unit.boss, 1); // the deputy's own deputy: a chain X → D → E
    for (const staffId of [unit.approver, unit.deputy])
      await t.http
        .post('/api/v1/absences')
        .set(admin)
        .send({ staffId, from: '2026-12-07', to: '2026-12-09', kind: 'leave' })
        .expect(201);
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    expect(await holders(id)).toEqual([
      expect.objectContaining({ assignee_id: unit.boss, on_behalf_of: unit.approver }),
    ]);
    await unname(chain);
    // no present deputy of the approver is left: it waits for them
    expect(await holders(id)).toEqual([expect.objectContaining({ assignee_id: unit.approver, on_behalf_of: null })]);
  });

  it('leaves what a reroute gave someone later named deputy when that delegation goes', async () => {
    const unit = await unitOf(t, 'WELF-02');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    await rerouteBox(t, unit.approver, unit.deputy);
    const [moved] = await holders(id);
    expect(moved).toMatchObject({ assignee_id: unit.deputy, on_behalf_of: unit.approver });
    await unname(await name(unit.approver, unit.deputy, 1));
    expect(await holders(id)).toEqual([moved]); // an admin chose them: the delegation had no part in it
  });

  it('shows on the approver’s box who holds their items, linking only a deputy’s box the caller may open', async () => {
    const unit = await unitOf(t, 'GENL-01');
    const elsewhere = (await unitOf(t, 'URBN-02')).approver; // a 課長 of another department
    await name(unit.approver, elsewhere, 1);
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-10' });
    await leaveOf(t, unit.approver, '2026-12-07', '2026-12-07');
    expect(await holders(id)).toEqual([expect.objectContaining({ assignee_id: elsewhere })]);
    const held = async (who: string) =>
      (
        await t.http
          .get(`/api/v1/backlog/${unit.approver}`)
          .set(await as(t, who))
          .expect(200)
      ).body.heldByDeputies as { deputy: { id: string }; count: number; mayOpen: boolean }[];
    // the approver and their 部長 may not read another department's box; an admin may
    for (const [who, mayOpen] of [
      [unit.approver, false],
      [unit.boss, false],
      [ADMIN, true],
    ] as const)
      expect(await held(who)).toEqual([{ deputy: expect.objectContaining({ id: elsewhere }), count: 1, mayOpen }]);
    const theirs = await t.http.get(`/api/v1/backlog/${elsewhere}`).set(await as(t, unit.approver));
    expect([theirs.status, theirs.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('gives a deputy named while the approver is away what waits for them at once, and a second one what an away deputy holds', async () => {
    const unit = await unitOf(t, 'ENVR-02');
    const leave = (staffId: string) => leaveOf(t, staffId, '2026-12-07');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-14' });
    await leave(unit.approver); // no deputy named yet: the item waits for the approver
    expect(await holders(id)).toEqual([expect.objectContaining({ assignee_id: unit.approver, on_behalf_of: null })]);
    await name(unit.approver, unit.deputy, 1);
    const [held] = await holders(id);
    expect(held).toMatchObject({ assignee_id: unit.deputy, on_behalf_of: unit.approver });
    // the deputy goes away too; a second deputy named then takes it on from them
    await leave(unit.deputy);
    await name(unit.approver, unit.boss, 2);
    expect(await holders(id)).toEqual([
      expect.objectContaining({ assignee_id: unit.boss, on_behalf_of: unit.approver }),
    ]);
  });
});
