import { TimersService } from '../../src/kessai/timers.service';
import { approveThroughRoute, as, inboxOf, submitted } from '../factories/inbox.factory';
import { teamOf } from '../factories/org.factory';
import { requestBody } from '../factories/request.factory';
import { expectBilingual } from '../support/bilingual';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * 事後申請: "urgent cases: phone first, file and approve afterwards". The shipped policy gives an
 * urgent request 2 working days after its last day to be filed and decided (urgentGraceWorkingDays);
 * any other request is for today or later. The clock starts on Thu 2026-11-26 (Mon 11-23 is a holiday).
 */
describe('urgent requests filed and decided afterwards (事後申請)', () => {
  let t: TestApp;
  let members: string[];
  let supervisor: string;

  beforeAll(async () => {
    t = await startFreshApp();
    ({ members, supervisor } = await teamOf(t, 4, 2));
  });
  afterAll(() => t.close());

  const status = async (id: string) =>
    (await t.db.query<{ status: string }>(`SELECT status FROM remote_work_requests WHERE id = $1`, [id]))[0]!.status;

  it('takes an urgent request for a day within the grace, refuses one before it and any late request not urgent', async () => {
    const h = await as(t, members[0]!);
    const late = (date: string, urgent: boolean) =>
      t.http.post('/api/v1/requests').set(h).send(requestBody({ date, urgent }));
    expect((await late('2026-11-25', true)).status).toBe(201); // yesterday
    expect((await late('2026-11-24', true)).status).toBe(201); // two working days back
    // three working days back (past the holiday and the weekend): refused, saying from when
    const before = await late('2026-11-20', true);
    expect([before.status, before.body.details[0].field]).toEqual([400, 'date']);
    expect(before.body.details[0].messages[0].en).toContain('an urgent request filed afterwards is for 2026-11-24');
    expectBilingual(before.body.details[0].messages[0]);
    const notUrgent = await late('2026-11-25', false);
    expect([notUrgent.status, notUrgent.body.details[0].field]).toEqual([400, 'date']);
    // an edit that only takes "urgent" off a request for yesterday: the field it sent is the one refused
    const yesterday = (await late('2026-11-25', true)).body;
    const unmark = await t.http.patch(`/api/v1/requests/${yesterday.id}`).set(h).send({ urgent: false });
    expect([unmark.status, unmark.body.details[0].field]).toEqual([400, 'urgent']);
    expect((await t.http.get(`/api/v1/requests/${yesterday.id}`).set(h)).body.urgent).toBe(true);
  });

  it('lets an urgent request for yesterday be submitted and decided, and expires one left undecided after the grace', async () => {
    const decided = await submitted(t, members[1]!, { date: '2026-11-25', urgent: true });
    const left = await submitted(t, members[2]!, { date: '2026-11-25', urgent: true });
    // the supervisor's inbox says it was filed as urgent: the one thing that explains a day in the past
    const item = (await inboxOf(t, supervisor)).find((i) => i.requestId === decided);
    expect(item!.request).toMatchObject({ urgent: true, withLeave: false, from: '2026-11-25' });
    const timers = t.app.get(TimersService);
    try {
      // Friday: still within the grace (its last day is 2 working days back) — nothing expires
      t.clock.set('2026-11-27T00:30:00Z');
      await timers.runDue();
      expect([await status(decided), await status(left)]).toEqual(['awaitingDecision', 'awaitingDecision']);
      expect(await approveThroughRoute(t, decided)).toBe('approved');
      // Monday: past the grace — the undecided one expires, the decided one stays approved
      t.clock.set('2026-11-30T00:30:00Z');
      await timers.runDue();
      expect([await status(decided), await status(left)]).toEqual(['approved', 'expired']);
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
  });

  it('expires a request not marked urgent once its last day has passed, as before', async () => {
    const id = await submitted(t, members[3]!, { date: '2026-11-27' });
    try {
      t.clock.set('2026-11-30T00:30:00Z');
      await t.app.get(TimersService).runDue();
      expect(await status(id)).toBe('expired');
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
  });
});
