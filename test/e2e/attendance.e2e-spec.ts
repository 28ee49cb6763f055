import type { UnitDayOutlook } from '../../src/policy/attendance-outlook';
import { FactsRepository } from '../../src/policy/facts/facts.repository';
import { approveThroughRoute, as, submitted } from '../factories/inbox.factory';
import { demoUsers, type SeededUser } from '../factories/org.factory';
import { expectBilingual } from '../support/bilingual';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

type UnitDay = UnitDayOutlook;
interface Outlook {
  from: string;
  to: string;
  dates: string[];
  policyVersion: string;
  organisation: { headcount: number; days: UnitDay[] } | null;
  departments: { id: string; days: UnitDay[]; sections: { id: string; counterService: boolean; days: UnitDay[] }[] }[];
  choices: { id: string }[];
}

/**
 * The attendance outlook (出勤率): what each unit's office attendance is on each working day, and
 * where it stands against the floors and ceilings of the policy. 公民館 (EDUC-05) has a counter
 * and 6 staff: counter-floor keeps 3 in the office. The clock reads Thu 2026-11-26.
 */
describe('attendance outlook', () => {
  let t: TestApp;
  let users: SeededUser[];
  let members: string[];
  let admin: string;
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];
  const day = '2026-12-02';

  beforeAll(async () => {
    t = await startFreshApp();
    users = await demoUsers(t);
    const section = users.filter((u) => u.section.id === 'EDUC-05');
    const head = section.find((u) => u.grade === 'kacho')!.id;
    members = section.filter((u) => u.supervisorId === head && u.employmentType === 'regular').map((u) => u.id);
    admin = users.find((u) => u.roles.includes('admin'))!.id;
    ({ conforms } = await openApiOf(t));
  });
  afterAll(() => t.close());

  const read = async (who: string, query: Record<string, string>) =>
    t.http
      .get('/api/v1/attendance')
      .query(query)
      .set(await as(t, who));
  const outlook = async (who: string, query: Record<string, string>) => {
    const res = await read(who, query);
    expect(res.status).toBe(200);
    conforms('get', '/api/v1/attendance', 200, res.body); // every answer as the OpenAPI document says
    return res.body as Outlook;
  };
  const counterSection = (o: Outlook) => o.departments[0]!.sections.find((s) => s.id === 'EDUC-05')!;

  it('counts approved and pending telework per unit and says how many more the counter floor lets go', async () => {
    const before = await outlook(members[0]!, { from: day, to: day });
    expect(before.departments.map((d) => d.id)).toEqual(['EDUC']); // one's own department
    expect(before.organisation).toBeNull();
    const [empty] = counterSection(before).days;
    expect(empty).toMatchObject({ date: day, headcount: 6, approved: 0, pending: 0, inOffice: 6, percent: 100 });
    expect(empty!.limits).toEqual([
      expect.objectContaining({ ruleId: 'counter-floor', appliesTo: 'all', breached: false, required: 3, room: 3 }),
    ]);
    // a section without a counter is outside the counter floor's scope
    const noCounter = before.departments[0]!.sections.find((s) => !s.counterService)!;
    expect(noCounter.days[0]!.limits).toEqual([]);
    // the department: the 40% ceiling of the shipped policy counts only in an emergency
    expect(before.departments[0]!.days[0]!.limits).toEqual([]);

    const approved = await submitted(t, members[0]!, { date: day });
    expect(await approveThroughRoute(t, approved)).toBe('approved');
    await submitted(t, members[1]!, { date: day });
    const [after] = counterSection(await outlook(members[0]!, { from: day, to: day })).days;
    expect(after).toMatchObject({ approved: 1, pending: 1, inOffice: 4, percent: 66.7 });
    expect(after!.limits[0]).toMatchObject({ required: 3, room: 1, breached: false });
    const dept = (await outlook(members[0]!, { from: day, to: day })).departments[0]!.days[0]!;
    expect([dept.approved, dept.pending]).toEqual([1, 1]);
  });

  it('agrees with the verdicts: once no room is left, the next request needs an exception', async () => {
    await submitted(t, members[2]!, { date: day });
    const [full] = counterSection(await outlook(members[2]!, { from: day, to: day })).days;
    expect(full!.limits[0]).toMatchObject({ room: 0, breached: false });
    const next = await submitted(t, members[3]!, { date: day });
    const verdict = (
      await t.http
        .get(`/api/v1/requests/${next}`)
        .set(await as(t, members[3]!))
        .expect(200)
    ).body.verdict;
    expect(verdict.reasons.find((r: { ruleId: string }) => r.ruleId === 'counter-floor').outcome).toBe(
      'needs_exception',
    );
    const [below] = counterSection(await outlook(members[3]!, { from: day, to: day })).days;
    expect(below!.limits[0]).toMatchObject({ room: -1, breached: true, required: 3 });
    expect(below!.inOffice).toBe(2);
  });

  it('counts someone already away once: their second request for the same day changes nothing', async () => {
    const other = '2026-12-09';
    // three mornings away leave exactly the 3 the counter needs
    for (const m of members.slice(0, 3)) await submitted(t, m, { date: other, part: 'am' });
    const [full] = counterSection(await outlook(members[0]!, { from: other, to: other })).days;
    expect(full).toMatchObject({ inOffice: 3, pending: 3 });
    expect(full!.limits[0]).toMatchObject({ room: 0, breached: false });
    // one of them asks for the afternoon too: still 3 in the office, so the floor holds
    const afternoon = await submitted(t, members[0]!, { date: other, part: 'pm' });
    const verdict = (
      await t.http
        .get(`/api/v1/requests/${afternoon}`)
        .set(await as(t, members[0]!))
        .expect(200)
    ).body.verdict;
    const floor = verdict.reasons.find((r: { ruleId: string }) => r.ruleId === 'counter-floor');
    expect([floor.outcome, floor.facts.inOffice]).toEqual(['pass', 3]);
    const [after] = counterSection(await outlook(members[0]!, { from: other, to: other })).days;
    expect(after).toMatchObject({ inOffice: 3, pending: 3 });
  });

  const absence = async (staffId: string, from: string, to: string, kind: string) =>
    t.http
      .post('/api/v1/absences')
      .set(await as(t, admin))
      .send({ staffId, from, to, kind })
      .expect(201);
  const reasonOf = async (requestId: string, who: string, ruleId: string) =>
    (
      (
        await t.http
          .get(`/api/v1/requests/${requestId}`)
          .set(await as(t, who))
          .expect(200)
      ).body.verdict.reasons as { ruleId: string; outcome: string; facts: Record<string, unknown> }[]
    ).find((r) => r.ruleId === ruleId)!;

  it('counts staff on leave or a trip as out of the office, in the outlook and in the verdicts alike', async () => {
    const wed = '2026-12-16';
    await absence(members[0]!, '2026-12-15', '2026-12-17', 'leave');
    await absence(members[1]!, wed, wed, 'trip');
    // on leave and teleworking the same day: counted once, as telework
    await absence(members[2]!, wed, wed, 'leave');
    await submitted(t, members[2]!, { date: wed });
    // other absences are no absence from the office: telework registered as such, 'other'
    await absence(members[3]!, wed, wed, 'other');
    const [day] = counterSection(await outlook(members[0]!, { from: wed, to: wed })).days;
    expect(day).toMatchObject({ headcount: 6, approved: 0, pending: 1, onLeave: 2, inOffice: 3 });
    expect(day!.limits[0]).toMatchObject({ required: 3, room: 0, breached: false });
    const dept = (await outlook(members[0]!, { from: wed, to: wed })).departments[0]!.days[0]!;
    expect([dept.pending, dept.onLeave]).toEqual([1, 2]);
    // the next request meets the floor: 3 in the office less the requester
    const next = await submitted(t, members[3]!, { date: wed });
    const floor = await reasonOf(next, members[3]!, 'counter-floor');
    expect([floor.outcome, floor.facts.inOffice]).toEqual(['needs_exception', 2]);
    // the leave's other days count too, and a day outside it not
    const [thu, fri] = counterSection(await outlook(members[0]!, { from: '2026-12-17', to: '2026-12-18' })).days;
    expect([thu!.onLeave, fri!.onLeave]).toEqual([1, 0]);
  });

  it('counts the requester’s own leave of the week as no office day (min-office-days)', async () => {
    const me = members[3]!;
    await absence(me, '2027-01-19', '2027-01-22', 'leave'); // Tuesday to Friday
    const monday = await submitted(t, me, { date: '2027-01-18' });
    const rule = await reasonOf(monday, me, 'min-office-days');
    expect(rule.outcome).toBe('needs_exception');
    expect(rule.facts).toMatchObject({ workingDays: 5, teleworkDays: 1, leaveDays: 4, officeDays: 0 });
    // the week after, with no leave: an office day is left
    const next = await submitted(t, me, { date: '2027-01-25' });
    expect((await reasonOf(next, me, 'min-office-days')).outcome).toBe('pass');
  });

  it('re-checks the floor at approval with the leave registered since the request was filed', async () => {
    const fri = '2026-12-25';
    const request = await submitted(t, members[2]!, { date: fri });
    expect((await reasonOf(request, members[2]!, 'counter-floor')).outcome).toBe('pass');
    // three of the other five go on leave that day: 3 left in the office, 2 once this one teleworks
    for (const m of [members[0]!, members[1]!, members[3]!]) await absence(m, fri, fri, 'leave');
    const [task] = (await t.db.query(
      `SELECT id, assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'pending' ORDER BY step LIMIT 1`,
      [request],
    )) as { id: string; assignee_id: string }[];
    const res = await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, task!.assignee_id))
      .send({ decisions: [{ taskId: task!.id, action: 'approve' }] })
      .expect(200);
    expect(res.body.results[0]).toMatchObject({ ok: false, code: 'POLICY_LIMIT_REACHED' });
    expect(res.body.results[0].details.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['counter-floor']);
    // a simulation judges stored requests on the facts as they are now, the leave included: a
    // draft that lowers the counter's floor to 2 lets this one go, where without the leave both let it
    const [active] = (
      await t.http
        .get('/api/v1/policies/telework/versions')
        .set(await as(t, admin))
        .expect(200)
    ).body as { content: string }[];
    const draft = active!.content.replace('minRatio: 0.5\n      minStaff: 3', 'minRatio: 0.3\n      minStaff: 2');
    expect(draft).not.toBe(active!.content);
    const sim = await t.http
      .post('/api/v1/policies/simulate')
      .set(await as(t, admin))
      .send({ name: 'telework', content: draft, from: fri, to: fri })
      .expect(200);
    const changed = (sim.body.changed as { requestId: string; from: string; to: string }[]).find(
      (c) => c.requestId === request,
    );
    expect(changed).toMatchObject({ from: 'needs_exception', to: 'allow' });
  });

  it('gives admins the whole organisation, over working days only, with the policy version cited', async () => {
    // Sat 11-28 and Sun 11-29 are no working days; Mon 11-23 was a national holiday
    const o = await outlook(admin, { from: '2026-11-23', to: '2026-11-30' });
    expect(o.dates).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30']);
    const active = users.length;
    expect(o.organisation!.headcount).toBe(active);
    expect(o.organisation!.days.map((d) => d.date)).toEqual(o.dates);
    expect(o.departments.length).toBeGreaterThan(5);
    const heads = o.departments.reduce((n, d) => n + d.days[0]!.headcount, 0);
    expect(heads).toBe(active);
    const policies = (
      await t.http
        .get('/api/v1/requests')
        .set(await as(t, members[0]!))
        .expect(200)
    ).body.items as { verdict?: { policyVersion: string } }[];
    expect(o.policyVersion).toMatch(/^[0-9a-f]{64}$/);
    const judged = policies.filter((r) => r.verdict);
    expect(judged.length).toBeGreaterThan(0);
    for (const r of judged) expect(r.verdict!.policyVersion).toBe(o.policyVersion);
    // one department, asked for by an admin
    const one = await outlook(admin, { from: day, to: day, departmentId: 'EDUC' });
    expect([one.organisation, one.departments.map((d) => d.id)]).toEqual([null, ['EDUC']]);
    // what may be asked for stays every department, whichever one is shown
    expect(one.choices.map((d) => d.id)).toEqual(o.departments.map((d) => d.id));
    expect(counterSection(one).days[0]!.inOffice).toBe(2);
    // in the spring 2020 state of emergency (calendar.yaml) the 40% ceiling counts, and a full office is above it
    const spring = await outlook(admin, { from: '2020-04-08', to: '2020-04-08', departmentId: 'EDUC' });
    expect(spring.departments[0]!.days[0]!.limits).toEqual([
      expect.objectContaining({ ruleId: 'emergency-office-ceiling', breached: true, maxPercent: 40, appliesTo: 'all' }),
    ]);
  });

  it('lets a supervisor read the departments of the staff below them, and no other', async () => {
    const deputyMayor = users.find((u) => u.grade === 'fukushicho')!;
    const below = (await t.db.query(
      `WITH RECURSIVE down(id) AS (SELECT id FROM staff WHERE supervisor_id = $1
         UNION SELECT s.id FROM staff s JOIN down ON s.supervisor_id = down.id)
       SELECT DISTINCT department_id AS id FROM staff WHERE id IN (SELECT id FROM down)`,
      [deputyMayor.id],
    )) as { id: string }[];
    const theirs = new Set([deputyMayor.department.id, ...below.map((r) => r.id)]);
    expect(theirs.size).toBeGreaterThan(1);
    const o = await outlook(deputyMayor.id, { from: day, to: day });
    expect(new Set(o.departments.map((d) => d.id))).toEqual(theirs);
    expect(new Set(o.choices.map((d) => d.id))).toEqual(theirs);
    expect(o.organisation).toBeNull(); // the whole organisation is for admins and auditors
    const elsewhere = users.find((u) => !theirs.has(u.department.id))!;
    const res = await read(deputyMayor.id, { departmentId: elsewhere.department.id });
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('counts someone who moved section where the verdicts do: a request in its unit, leave in the current one', async () => {
    const movers = users.filter(
      (u) =>
        u.department.id === 'EDUC' &&
        u.section.id !== 'EDUC-05' &&
        u.employmentType === 'regular' &&
        !u.roles.includes('supervisor'),
    );
    const [x, z] = movers as [SeededUser, SeededUser];
    const move = (who: SeededUser, to: string) =>
      t.db.query(`UPDATE staff SET section_id = $2 WHERE id = $1`, [who.id, to]);
    try {
      // x: an approved morning filed from the old section, a pending afternoon from the new one: approved, once
      const thu = '2026-12-03';
      expect(await approveThroughRoute(t, await submitted(t, x.id, { date: thu, part: 'am' }))).toBe('approved');
      await move(x, 'EDUC-05');
      await submitted(t, x.id, { date: thu, part: 'pm' });
      const dept = (await outlook(admin, { from: thu, to: thu, departmentId: 'EDUC' })).departments[0]!.days[0]!;
      expect([dept.approved, dept.pending]).toEqual([1, 0]);
      const [section] = counterSection(await outlook(admin, { from: thu, to: thu, departmentId: 'EDUC' })).days;
      expect([section!.approved, section!.pending, section!.headcount]).toEqual([0, 1, 7]);
      await move(x, x.section.id);

      // z: a request filed from the old section, then moved to the counter (7 staff, 4 required) and on leave
      const thu2 = '2026-12-10';
      await submitted(t, z.id, { date: thu2 });
      await move(z, 'EDUC-05');
      await absence(z.id, thu2, thu2, 'leave');
      for (const m of members.slice(0, 2)) await submitted(t, m, { date: thu2 });
      const [day] = counterSection(await outlook(admin, { from: thu2, to: thu2, departmentId: 'EDUC' })).days;
      expect(day).toMatchObject({ headcount: 7, pending: 2, onLeave: 1, inOffice: 4 });
      expect(day!.limits[0]).toMatchObject({ required: 4, room: 0 });
      // room 0: the next one meets the floor, as the outlook said
      const next = await submitted(t, members[2]!, { date: thu2 });
      const floor = await reasonOf(next, members[2]!, 'counter-floor');
      expect([floor.outcome, floor.facts.inOffice]).toEqual(['needs_exception', 3]);
    } finally {
      await move(x, x.section.id);
      await move(z, z.section.id);
    }
  });

  it('takes every day of an absence whatever the session’s time zone (a midnight daylight-saving change)', async () => {
    // Santiago's clocks went from 00:00 to 01:00 on 2022-09-11: a series of timestamps with a time zone
    // stepped a day from there lands at 01:00 and passes the last day
    await t.db.query(
      `INSERT INTO absences (id, staff_id, date_from, date_to, kind, can_act_remotely, source, created_by, created_at)
       VALUES (gen_random_uuid(), $1, '2022-09-10', '2022-09-12', 'leave', false, 'manual', $2, now())`,
      [members[0], admin],
    );
    const facts = t.app.get(FactsRepository);
    const days = await t.db.tx(async (m) => {
      await m.query(`SET LOCAL TimeZone = 'America/Santiago'`);
      return facts.loadAway(m, { period: { from: '2022-09-09', to: '2022-09-13' } });
    });
    expect(days.filter((d) => d.staffId === members[0]).map((d) => d.date)).toEqual([
      '2022-09-10',
      '2022-09-11',
      '2022-09-12',
    ]);
  });

  it('refuses another department to staff, unknown departments, reversed and overlong spans', async () => {
    const other = users.find((u) => u.department.id !== 'EDUC')!.department.id;
    const forbidden = await read(members[0]!, { departmentId: other });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await read(admin, { departmentId: 'NOPE' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const reversed = await read(admin, { from: '2026-12-10', to: '2026-12-01' });
    expect([reversed.status, reversed.body.code, reversed.body.details[0].field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'to',
    ]);
    const long = await read(admin, { from: '2026-12-01', to: '2027-01-01' });
    expect([long.status, long.body.details[0].field]).toEqual([400, 'to']);
    expect(long.body.details[0].messages[0].en).toContain('up to 2026-12-31');
    expectBilingual(long.body.details[0].messages[0]);
    // one end given: two weeks from it, within the days a date can be
    const ending = await outlook(admin, { to: '2026-12-15', departmentId: 'EDUC' });
    expect([ending.from, ending.to]).toEqual(['2026-12-02', '2026-12-15']);
    const last = await outlook(admin, { from: '9999-12-30', departmentId: 'EDUC' });
    expect([last.from, last.to]).toEqual(['9999-12-30', '9999-12-31']);
    const bad = await read(admin, { from: '2026-02-30' });
    expect([bad.status, bad.body.details[0].field]).toEqual([400, 'from']);
    const yearZero = await read(admin, { from: '0000-01-01', to: '0000-01-02' });
    expect([yearZero.status, yearZero.body.details[0].field]).toEqual([400, 'from']);
    // the first days there are, as the last: real days, whatever JavaScript's Date.UTC makes of year 1
    const first = await outlook(admin, { from: '0001-01-01', to: '0001-01-03', departmentId: 'EDUC' });
    expect([first.from, first.to]).toEqual(['0001-01-01', '0001-01-03']);
    for (const res of [forbidden, unknown, reversed, long, bad])
      conforms('get', '/api/v1/attendance', res.status, res.body);
  });
});
