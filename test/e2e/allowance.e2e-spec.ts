import { readFileSync } from 'node:fs';
import { approveThroughRoute, as, submitted } from '../factories/inbox.factory';
import { demoUsers, teamOf } from '../factories/org.factory';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

/**
 * The telework allowance (在宅勤務等手当) as a derived figure: "more than 10 a month on average over
 * 3 months" in the shipped policy (telework.yaml `allowance`). The clock reads 2026-11-26.
 */
describe('telework allowance figure', () => {
  let t: TestApp;
  let boss: string;
  let members: string[];
  let admin: string;
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];

  beforeAll(async () => {
    t = await startFreshApp();
    ({ supervisor: boss, members } = await teamOf(t, 2, 5));
    admin = (await demoUsers(t)).find((u) => u.roles.includes('admin'))!.id;
    ({ conforms } = await openApiOf(t));
    const me = members[0]!;
    // 14 working days at home (Tue 12-01 to Fri 12-18), a morning at home, a day at a satellite office
    const satellite = (await t.http.get('/api/v1/satellite-offices').set(await as(t, me))).body[0].id as string;
    for (const over of [
      { date: undefined, from: '2026-12-01', to: '2026-12-18' },
      { date: '2026-12-21', part: 'am' },
      { date: '2026-12-22', location: 'satellite', satelliteOfficeId: satellite },
    ])
      expect(await approveThroughRoute(t, await submitted(t, me, over))).toBe('approved');
    await submitted(t, me, { date: '2026-12-23' }); // pending: not counted
  });
  afterAll(() => t.close());

  const figure = async (who: string, query: Record<string, string>) => {
    const res = await t.http
      .get('/api/v1/allowance')
      .query(query)
      .set(await as(t, who));
    conforms('get', '/api/v1/allowance', res.status, res.body);
    return res;
  };

  it('counts approved home days per month (a morning half) over the policy’s three months', async () => {
    const res = await figure(members[0]!, { month: '2026-12' });
    expect(res.status).toBe(200);
    expect(res.body.months).toEqual([
      { month: '2026-10', days: 0 },
      { month: '2026-11', days: 0 },
      { month: '2026-12', days: 14.5 },
    ]);
    expect(res.body).toMatchObject({
      average: 4.83,
      due: false,
      rule: { minDaysPerMonth: 10, months: 3, locations: ['home'], label: { ja: '在宅勤務等手当' } },
      staff: { id: members[0] },
    });
    // three months back from February of year 1 would begin before the calendar does
    const early = await figure(members[0]!, { month: '0001-02' });
    expect([early.status, early.body.details[0].field]).toEqual([400, 'month']);
    // this month (the default) is November: nothing yet
    expect((await figure(members[0]!, {})).body.months.at(-1)).toEqual({ month: '2026-11', days: 0 });
  });

  it('follows the policy an admin edits: over one month, 14.5 days are above 10', async () => {
    const file = readFileSync('policies/telework.yaml', 'utf8');
    await t.http
      .put('/api/v1/policies/telework')
      .set(await as(t, admin))
      .send({ content: file.replace('  months: 3\n', '  months: 1\n') })
      .expect(200);
    const res = await figure(members[0]!, { month: '2026-12' });
    expect([res.body.months, res.body.average, res.body.due]).toEqual([[{ month: '2026-12', days: 14.5 }], 14.5, true]);
  });

  it('is one’s own, one’s staff’s for a supervisor, anyone’s for an admin; others get 403', async () => {
    expect((await figure(boss, { staffId: members[0]!, month: '2026-12' })).status).toBe(200);
    expect((await figure(admin, { staffId: members[0]!, month: '2026-12' })).status).toBe(200);
    // someone of another section, in no role that reads everyone's
    const users = await demoUsers(t);
    const mine = users.find((u) => u.id === members[0])!;
    const peer_ = users.find((u) => u.section.id !== mine.section.id && u.roles.join() === 'staff')!;
    const peer = await figure(peer_.id, { staffId: members[0]! });
    expect([peer.status, peer.body.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await figure(admin, { staffId: 'S9999' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'STAFF_NOT_FOUND']);
    for (const month of ['2026-13', '2026-1']) {
      const bad = await figure(members[0]!, { month });
      expect([bad.status, bad.body.details[0].field]).toEqual([400, 'month']);
    }
  });

  it('figures everyone’s for the personnel section, each as one person’s figure, as JSON or a spreadsheet', async () => {
    const report = async (who: string, query: Record<string, string>) => {
      const res = await t.http
        .get('/api/v1/allowance/report')
        .query(query)
        .set(await as(t, who));
      if (query.format !== 'csv') conforms('get', '/api/v1/allowance/report', res.status, res.body);
      return res;
    };
    const res = await report(admin, { month: '2026-12' });
    expect(res.status).toBe(200);
    const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM staff WHERE active`)) as [{ n: number }];
    type Item = { staff: { id: string }; department: { id: string }; months: unknown; average: number; due: unknown };
    const items = res.body.items as Item[];
    expect(items).toHaveLength(n);
    // by department, then id
    const keys = items.map((x) => `${x.department.id} ${x.staff.id}`);
    expect(keys).toEqual([...keys].sort());
    // each as GET /api/v1/allowance figures one, under the same policy
    for (const who of members) {
      const one = (await figure(admin, { staffId: who, month: '2026-12' })).body;
      const item = items.find((x) => x.staff.id === who)!;
      expect([item.months, item.average, item.due]).toEqual([one.months, one.average, one.due]);
      expect(res.body).toMatchObject({ months: one.months.map((x: { month: string }) => x.month), month: '2026-12' });
      expect(res.body.policyVersion).toBe(one.policyVersion);
      expect([res.body.policyLabel, one.policyLabel]).toEqual(['2026.11', '2026.11']); // (telework.yaml `version:`)
    }
    expect(items.find((x) => x.staff.id === members[0])!.months).toContainEqual({ month: '2026-12', days: 14.5 });
    // one department's
    const dept = items.find((x) => x.staff.id === members[0])!.department.id;
    const own = (await report(admin, { month: '2026-12', department: dept })).body.items as Item[];
    expect(own.map((x) => x.staff.id)).toEqual(items.filter((x) => x.department.id === dept).map((x) => x.staff.id));
    const none = await report(admin, { department: 'NOPE' });
    expect([none.status, none.body.code]).toEqual([404, 'NOT_FOUND']);
    // a spreadsheet: a row a person, with a byte order mark for Excel
    const csv = await report(admin, { month: '2026-12', format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="telework-allowance-2026-12.csv"');
    const lines = csv.text.split('\r\n');
    expect(lines[0]!.startsWith('\uFEFF職員ID / Staff ID,氏名 / Name,')).toBe(true);
    expect(lines[0]).toContain(`,${res.body.months.join(',')},月平均 / Average,支給対象 / Due,在職 / On the staff`);
    expect(lines).toHaveLength(n + 2); // the head, a row each, and the last line's end
    const row = lines.find((l) => l.startsWith(`${members[0]},`))!;
    const mine = items.find((x) => x.staff.id === members[0])!;
    expect(row.endsWith(`,14.5,${mine.average},${mine.due ? '対象 / due' : '対象外 / not due'},在職 / yes`)).toBe(true);
    // one who left is paid for the days worked in those months: listed still, as having left
    await t.db.query(`UPDATE staff SET active = false WHERE id = $1`, [members[0]]);
    try {
      const after = (await report(admin, { month: '2026-12' })).body.items as (Item & { active: boolean })[];
      expect(after).toHaveLength(n);
      expect(after.find((x) => x.staff.id === members[0])).toMatchObject({ active: false, average: mine.average });
      // (nor is anyone who left without such days)
      const later = (await report(admin, { month: '2027-06' })).body.items as Item[];
      expect(later.map((x) => x.staff.id)).not.toContain(members[0]);
      const sheet = (await report(admin, { month: '2026-12', format: 'csv' })).text;
      expect(sheet.split('\r\n').find((l) => l.startsWith(`${members[0]},`))).toMatch(/,退職 \/ left$/);
      // one who left with approved days only where the allowance counts none (a satellite office) is owed nothing
      const other = members[1]!;
      const office = (await t.http.get('/api/v1/satellite-offices').set(await as(t, other))).body[0].id as string;
      const away = { date: '2026-12-23', location: 'satellite', satelliteOfficeId: office };
      expect(await approveThroughRoute(t, await submitted(t, other, away))).toBe('approved');
      await t.db.query(`UPDATE staff SET active = false WHERE id = $1`, [other]);
      const listed = (await report(admin, { month: '2026-12' })).body.items as Item[];
      expect(listed.map((x) => x.staff.id)).not.toContain(other);
    } finally {
      await t.db.query(`UPDATE staff SET active = true WHERE id = ANY($1)`, [members]);
    }
    // for admins and auditors: a supervisor or anyone else gets 403
    const users = await demoUsers(t);
    const reads = (u: { roles: string[] }) => u.roles.includes('admin') || u.roles.includes('auditor');
    const supervisor = users.find((u) => u.roles.includes('supervisor') && !reads(u))!;
    const staff = users.find((u) => u.roles.join() === 'staff')!;
    for (const who of [supervisor.id, staff.id]) {
      const refused = await report(who, {});
      expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    for (const [query, field] of [
      [{ month: '2026-13' }, 'month'],
      [{ format: 'xlsx' }, 'format'],
    ] as const) {
      const bad = await report(admin, query);
      expect([bad.status, bad.body.details[0].field]).toEqual([400, field]);
    }
  });
});
