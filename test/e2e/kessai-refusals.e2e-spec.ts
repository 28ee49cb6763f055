import { as, submitted } from '../factories/inbox.factory';
import { ADMIN, pendingTasks, unitOf } from '../factories/kessai.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

/** Hiragana, katakana or kanji: a message people read in Japanese. */
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** A refusal people can read: both languages, the Japanese one in Japanese. */
function expectBilingual(message: { ja?: string; en?: string } | undefined): void {
  expect(message?.ja).toMatch(JAPANESE);
  expect(message?.en?.trim()).toBeTruthy();
  expect(message?.en).not.toMatch(JAPANESE);
}

describe('kessai refusals: reroute to oneself', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startFreshApp();
  });
  afterAll(() => t.close());

  it('refuses to move an approver’s backlog to the approver, item by item, saying so; a preview and a move alike', async () => {
    const unit = await unitOf(t, 'CITZ-02');
    const ids: string[] = [];
    for (const m of unit.members.slice(0, 2)) ids.push(await submitted(t, m, { date: '2026-12-22' }));
    const mine = async () => (await pendingTasks(t, unit.approver)).filter((x) => ids.includes(x.request_id));
    const before = await mine();
    expect(before).toHaveLength(2);
    const moves = async () =>
      t.db.query(`SELECT count(*)::int AS n FROM workflow_events WHERE type = 'route.reassign'`).then((r) => r[0]);
    const movesBefore = await moves();

    for (const dryRun of [true, false]) {
      const res = await t.http
        .post(`/api/v1/backlog/${unit.approver}/reroute`)
        .set(await as(t, ADMIN))
        .send({ toStaffId: unit.approver, reason: '入院 / in hospital', dryRun, untilReturn: false })
        .expect(200);
      const results = (
        res.body.results as {
          taskId: string;
          ok: boolean;
          code: string;
          details: unknown;
          message: { ja: string; en: string };
        }[]
      ).filter((r) => before.some((b) => b.id === r.taskId));
      expect(results).toHaveLength(2);
      for (const r of results) {
        expect(r).toMatchObject({ ok: false, code: 'DELEGATION_SELF', details: { toStaffId: unit.approver } });
        expectBilingual(r.message);
        expect(r.message.ja).toContain('決裁者本人');
        expect(r.message.en).toMatch(/approver themself/);
      }
    }
    expect(await mine()).toEqual(before); // nothing moved
    expect(await moves()).toEqual(movesBefore);
    const [timers] = await t.db.query(`SELECT count(*)::int AS n FROM timers WHERE machine = 'reroute'`);
    expect(timers).toEqual({ n: 0 });
  });
});
