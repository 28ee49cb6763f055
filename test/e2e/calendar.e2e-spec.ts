import holidayJp from '@holiday-jp/holiday_jp';
import { CALENDAR_KNOWN_UNTIL } from '../../src/common/clock';
import { as } from '../factories/inbox.factory';
import { expectBilingual } from '../support/bilingual';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

type Day = { date: string; working: boolean; closed: { ja: string; en: string } | null };

/**
 * The calendar in force (GET /api/v1/calendar): which days of a period are working days (開庁日), and
 * why the others are closed: a national holiday by name, calendar.yaml's year-end closure, a weekend.
 */
describe('calendar', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];
  beforeAll(async () => {
    t = await startFreshApp();
    h = await as(t, 'S0100');
    ({ conforms } = await openApiOf(t));
  });
  afterAll(() => t.close());

  const days = async (query: Record<string, string>, status = 200) => {
    const res = await t.http.get('/api/v1/calendar').query(query).set(h).expect(status);
    if (status === 200) conforms('get', '/api/v1/calendar', 200, res.body);
    return res.body as { days: Day[]; policyVersion: string; policyLabel: string; details?: { field: string }[] };
  };

  it('lists every day of a period, working or not, and why a closed one is closed', async () => {
    const r = await days({ from: '2026-12-24', to: '2027-01-12' });
    expect(r.days.map((d) => d.date)[0]).toBe('2026-12-24');
    expect(r.days).toHaveLength(20);
    expect(r.policyLabel).toBe('2026.11');
    expect(r.policyVersion).toMatch(/^[0-9a-f]{64}$/);
    const day = (date: string) => r.days.find((d) => d.date === date)!;
    // a Thursday, a Friday and the Monday after: working days
    for (const date of ['2026-12-24', '2026-12-25', '2026-12-28'])
      expect(day(date)).toEqual({ date, working: true, closed: null });
    // a weekend
    expect(day('2026-12-26')).toMatchObject({ working: false, closed: { en: expect.stringMatching(/saturday/i) } });
    // the year-end closure of calendar.yaml, on weekdays (12-29 … 01-03)
    for (const date of ['2026-12-29', '2026-12-30', '2026-12-31'])
      expect(day(date)).toMatchObject({ working: false, closed: { ja: '年末年始の休庁', en: 'year-end closure' } });
    // national holidays by their name (Coming of Age Day: the second Monday of January)
    const comingOfAge = holidayJp.between(new Date('2027-01-11'), new Date('2027-01-11'))[0]!;
    expect(day('2027-01-11')).toMatchObject({ working: false, closed: { ja: comingOfAge.name } });
    expect(day('2027-01-01').working).toBe(false);
    for (const d of r.days.filter((x) => x.closed)) expectBilingual(d.closed!);
    // the working days are those the attendance outlook counts
    const outlook = (await t.http.get('/api/v1/attendance').query({ from: '2026-12-24', to: '2027-01-12' }).set(h))
      .body as { dates: string[] };
    expect(r.days.filter((d) => d.working).map((d) => d.date)).toEqual(outlook.dates);
  });

  it('refuses a period backwards, too long, past the holiday calendar or without its ends, naming the field', async () => {
    for (const [query, field] of [
      [{ from: '2027-01-10', to: '2027-01-09' }, 'to'],
      [{ from: '2026-01-01', to: '2027-01-02' }, 'to'], // 367 days
      [
        {
          from: `${CALENDAR_KNOWN_UNTIL.slice(0, 4)}-12-01`,
          to: `${Number(CALENDAR_KNOWN_UNTIL.slice(0, 4)) + 1}-01-01`,
        },
        'to',
      ],
      [{ to: '2027-01-09' }, 'from'],
      [{ from: '2027-02-30', to: '2027-03-01' }, 'from'],
    ] as const) {
      const bad = await days(query, 400);
      expect([(bad as unknown as { code: string }).code, bad.details![0]!.field]).toEqual(['VALIDATION_FAILED', field]);
    }
    // 366 days is the most
    expect((await days({ from: '2026-01-01', to: '2027-01-01' })).days).toHaveLength(366);
    await t.http.get('/api/v1/calendar').query({ from: '2027-01-04', to: '2027-01-05' }).expect(401);
  });
});
