import { approveThroughRoute, as } from '../factories/inbox.factory';
import { demoUsers } from '../factories/org.factory';
import { requestBody } from '../factories/request.factory';
import { startFreshApp, type TestApp } from '../support/test-app';

/** A pool device (貸与PC, held by no one) is lent to one person a day, whatever else the pool has free. */
describe('pool devices: one device, one person a day', () => {
  let t: TestApp;
  let staff: string[];
  let pool: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    // regular staff of a department without counters, none holding a device of their own
    staff = (await demoUsers(t))
      .filter((u) => u.department.id === 'PLAN' && u.grade === 'staff' && !u.hasRemoteDevice)
      .map((u) => u.id);
    expect(staff.length).toBeGreaterThanOrEqual(3);
    pool = (
      (
        await t.http
          .get('/api/v1/pool-devices')
          .set(await as(t, staff[0]!))
          .expect(200)
      ).body as { id: string }[]
    ).map((d) => d.id);
    expect(pool.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(() => t.close());

  /** Submits a request for internal-network work on `deviceId`; the submission's answer. */
  const submitOn = async (who: string, deviceId: string, date: string) => {
    const h = await as(t, who);
    const body = requestBody({
      date,
      deviceId,
      tasks: [{ description: '庁内システムで起案 / drafting on the LGWAN', networkTier: 'lgwan', confidentiality: 2 }],
    });
    const id = (await t.http.post('/api/v1/requests').set(h).send(body).expect(201)).body.id as string;
    const res = await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({});
    return { id, res };
  };

  it('refuses a device someone else booked that day, saying which and when; another device or day is fine', async () => {
    const [a, b] = staff as [string, string];
    const first = await submitOn(a, pool[0]!, '2026-12-08');
    expect(first.res.status).toBe(200);
    const same = await submitOn(b, pool[0]!, '2026-12-08');
    expect([same.res.status, same.res.body.code]).toEqual([422, 'POLICY_DENIED']);
    const fired = (
      same.res.body.details.verdict.reasons as { ruleId: string; outcome: string; message: { en: string } }[]
    ).filter((r) => r.outcome === 'deny');
    expect(fired.map((r) => r.ruleId)).toEqual(['pool-device-booked']);
    expect(fired[0]!.message.en).toBe(
      `Pool device ${pool[0]} is booked by someone else on 2026-12-08; choose another pool device.`,
    );
    // the draft stays: naming another device of the pool, it goes through; so does the same device another day
    expect((await submitOn(b, pool[1]!, '2026-12-08')).res.status).toBe(200);
    expect((await submitOn(staff[2]!, pool[0]!, '2026-12-09')).res.status).toBe(200);
    // and once approved, the device's day stays taken
    expect(await approveThroughRoute(t, first.id)).toBe('approved');
    expect((await submitOn(staff[2]!, pool[0]!, '2026-12-08')).res.status).toBe(422);
  });

  // (on PostgreSQL the submissions meet; the embedded database runs one transaction at a time, so there
  // they are one by one already, and the test only shows the answers agree)
  it('judges submissions of one device for one day made at once as one by one: one goes, the others are refused', async () => {
    const drafts = await Promise.all(
      staff.map(async (who) => {
        const h = await as(t, who);
        const body = requestBody({
          date: '2026-12-10',
          deviceId: pool[0],
          tasks: [
            { description: '庁内システムで起案 / drafting on the LGWAN', networkTier: 'lgwan', confidentiality: 2 },
          ],
        });
        return { h, id: (await t.http.post('/api/v1/requests').set(h).send(body).expect(201)).body.id as string };
      }),
    );
    const answers = await Promise.all(
      drafts.map(({ h, id }) => t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({})),
    );
    const codes = answers.map((r) => (r.status === 200 ? `ok:${r.body.verdict.outcome}` : r.body.code)).sort();
    expect(codes).toEqual([...Array(staff.length - 1).fill('POLICY_DENIED'), 'ok:allow']);
  });

  it('asks a special approval of one who holds a device of their own and takes one of the pool', async () => {
    // one of the staff above is lent a remote-capable PC of their own
    const holder = staff[2]!;
    await t.db.query(
      `INSERT INTO devices (id, kind, label, holder_id, remote_capable) VALUES ('PC-OWN-1', 'loaned', 'test PC', $1, true)`,
      [holder],
    );
    const taken = await submitOn(holder, pool[1]!, '2026-12-15');
    expect(taken.res.status).toBe(200);
    const reasons = taken.res.body.verdict.reasons as { ruleId: string; outcome: string; message: { en: string } }[];
    expect(taken.res.body.verdict.outcome).toBe('needs_exception');
    expect(reasons.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skipped').map((r) => r.ruleId)).toEqual([
      'own-device-first',
    ]);
    expect(reasons.find((r) => r.ruleId === 'own-device-first')!.message.en).toContain(
      `using pool device ${pool[1]} needs a special approval`,
    );
    // without a device of one's own, the same pool device another day passes that rule
    const free = await submitOn(staff[1]!, pool[1]!, '2026-12-16');
    const rule = (free.res.body.verdict.reasons as { ruleId: string; outcome: string }[]).find(
      (r) => r.ruleId === 'own-device-first',
    );
    expect(rule!.outcome).toBe('pass');
  });

  it('lists the days of a period each pool device is booked on, so that a form says so before anyone submits', async () => {
    const [a, b, c] = staff as [string, string, string];
    const booked = async (who: string, query: string) => {
      const res = await t.http
        .get(`/api/v1/pool-devices?${query}`)
        .set(await as(t, who))
        .expect(200);
      return new Map((res.body as { id: string; bookedOn: string[] }[]).map((d) => [d.id, d.bookedOn]));
    };
    const mine = await submitOn(a, pool[0]!, '2027-01-12');
    expect(mine.res.status).toBe(200);
    expect((await submitOn(b, pool[1]!, '2027-01-13')).res.status).toBe(200);
    // a draft books nothing (the policy counts requests awaiting decision and approved ones)
    await t.http
      .post('/api/v1/requests')
      .set(await as(t, c))
      .send(requestBody({ date: '2027-01-14', deviceId: pool[0] }))
      .expect(201);
    const week = await booked(c, 'from=2027-01-11&to=2027-01-15');
    expect(week.get(pool[0]!)).toEqual(['2027-01-12']);
    expect(week.get(pool[1]!)).toEqual(['2027-01-13']);
    expect([...week.keys()].sort()).toEqual([...pool].sort());
    for (const id of pool.slice(2)) expect(week.get(id)).toEqual([]);
    // one day: `from` alone
    expect((await booked(c, 'from=2027-01-13')).get(pool[0]!)).toEqual([]);
    // whoever asks: the applicant sees their own booking as well
    expect((await booked(a, 'from=2027-01-12')).get(pool[0]!)).toEqual(['2027-01-12']);
    // withdrawn, it books nothing
    await t.http
      .post(`/api/v1/requests/${mine.id}/withdraw`)
      .set(await as(t, a))
      .send({})
      .expect(200);
    expect((await booked(c, 'from=2027-01-12')).get(pool[0]!)).toEqual([]);
    // without a period, the devices as before: no bookedOn
    const plain = await t.http
      .get('/api/v1/pool-devices')
      .set(await as(t, c))
      .expect(200);
    expect((plain.body as object[]).every((d) => !('bookedOn' in d))).toBe(true);
    // a period that is none: 400, naming the field
    for (const [query, field] of [
      ['to=2027-01-12', 'from'],
      ['from=2027-01-12&to=2027-01-11', 'to'],
      ['from=2027-01-01&to=2028-01-02', 'to'],
      ['from=2027-02-30', 'from'],
      ['from=', 'from'],
    ]) {
      const res = await t.http
        .get(`/api/v1/pool-devices?${query}`)
        .set(await as(t, c))
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field }] });
      expect(res.body.details[0].messages[0]).toEqual({ ja: expect.any(String), en: expect.any(String) });
    }
  });
});
