import { judgeWith, policyWith } from '../testing/policy.fixture';
import type { FactsPatch } from '../testing/facts.builder';

const full = (...dates: string[]) => dates.map((date) => ({ date, part: 'full' as const }));
const on = (
  date: string,
  history: { date: string; part: 'full' | 'am' }[] = [],
  part: 'full' | 'am' = 'full',
): FactsPatch => ({
  submittedOn: '2020-01-01',
  request: { dates: [date], part },
  history,
});

describe('cap rule, per ISO week', () => {
  const judge = judgeWith({ type: 'cap', params: { period: 'iso_week', maxDays: 2 } });

  it('counts the days of the requested week only (Monday starts it)', () => {
    expect(judge(on('2026-12-14', full('2026-12-10', '2026-12-11', '2026-12-13'))).facts).toMatchObject({
      days: 1,
      periodKey: '2026-W51',
      from: '2026-12-14',
    });
  });

  it.each([
    [1, 'pass'],
    [2, 'deny'],
  ])('with %s day(s) already that week → %s', (already, outcome) => {
    expect(judge(on('2026-12-10', full('2026-12-07', '2026-12-08').slice(0, already))).outcome).toBe(outcome);
  });

  it('puts 1 January 2027 in ISO week 2026-W53', () => {
    const r = judge(on('2027-01-01', full('2026-12-28', '2026-12-29')));
    expect(r.facts).toMatchObject({ periodKey: '2026-W53', from: '2026-12-28', to: '2027-01-03', days: 3 });
  });

  it('counts a half day as 0.5 by default, and as set by weights', () => {
    expect(judge(on('2026-12-10', [{ date: '2026-12-07', part: 'full' }], 'am')).facts.days).toBe(1.5);
    const heavy = judgeWith({ type: 'cap', params: { period: 'iso_week', maxDays: 2, weights: { am: 1 } } });
    expect(
      heavy(
        on(
          '2026-12-10',
          [
            { date: '2026-12-07', part: 'full' },
            { date: '2026-12-08', part: 'am' },
          ],
          'am',
        ),
      ).outcome,
    ).toBe('deny');
  });

  it('with maxDays 0 refuses any telework', () => {
    expect(judgeWith({ type: 'cap', params: { period: 'iso_week', maxDays: 0 } })(on('2026-12-10')).outcome).toBe(
      'deny',
    );
  });
});

describe('cap rule, per month', () => {
  const judge = judgeWith({ type: 'cap', params: { period: 'month', maxDays: 2 } });

  it('counts the calendar month of the requested day', () => {
    const r = judge(on('2026-12-01', full('2026-11-27', '2026-11-30', '2026-12-02')));
    expect(r.facts).toMatchObject({ periodKey: '2026-12', from: '2026-12-01', to: '2026-12-31', days: 2 });
    expect(r.outcome).toBe('pass');
  });

  it('judges each month of a request spanning two months and reports the heaviest', () => {
    const r = judge({
      ...on('2026-11-30', full('2026-12-02', '2026-12-03')),
      request: { dates: ['2026-11-30', '2026-12-01'] },
    });
    expect(r.facts).toMatchObject({ periodKey: '2026-12', days: 3 });
  });
});

describe('cap rule, rolling window', () => {
  const judge = judgeWith({ type: 'cap', params: { period: 'rolling', windowDays: 28, maxDays: 1 } });

  it('counts a day 27 days before the request, not one 28 days before', () => {
    expect(judge(on('2026-12-29', full('2026-12-02'))).outcome).toBe('deny'); // 27 days before: inside
    expect(judge(on('2026-12-30', full('2026-12-02'))).outcome).toBe('pass'); // 28 days before: outside
  });

  it('also counts days after the requested day', () => {
    const r = judge(on('2026-12-01', full('2026-12-20', '2026-12-28')));
    expect(r.facts).toMatchObject({ days: 3, from: '2026-12-01', to: '2026-12-28' });
  });

  it('ignores a window that does not hold the requested day', () => {
    expect(judge(on('2026-12-01', full('2027-01-10', '2027-01-11', '2027-01-12'))).facts.days).toBe(1);
  });

  it('requires windowDays for rolling only', () => {
    expect(() => policyWith([{ type: 'cap', params: { period: 'rolling', maxDays: 2 } }])).toThrow(
      'rules[0].params.windowDays: windowDays is required when period is rolling',
    );
    expect(() => policyWith([{ type: 'cap', params: { period: 'month', windowDays: 5, maxDays: 2 } }])).toThrow(
      'only for period rolling',
    );
  });
});

describe('min_office_days rule', () => {
  const judge = judgeWith({ type: 'min_office_days', params: { minDays: 1 } });

  it.each([
    [3, 'pass'],
    [4, 'deny'],
  ])('with %s other full days away in a 5-day week → %s', (away, outcome) => {
    const history = full('2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10').slice(0, away);
    expect(judge(on('2026-12-11', history)).outcome).toBe(outcome);
  });

  it('counts the working days of a week with a national holiday (2027-02-11)', () => {
    const r = judge(on('2027-02-12', full('2027-02-08', '2027-02-09', '2027-02-10')));
    expect(r.facts).toMatchObject({ workingDays: 4, teleworkDays: 4, officeDays: 0, minDays: 1 });
    expect(r.outcome).toBe('deny');
  });

  it('does not count half days or closed days as days away', () => {
    const history = [...full('2026-12-07', '2026-12-08', '2026-12-12'), { date: '2026-12-09', part: 'am' as const }];
    expect(judge(on('2026-12-10', history)).facts).toMatchObject({ teleworkDays: 3, officeDays: 2 });
  });

  it('is not affected by a half-day request', () => {
    expect(judge(on('2026-12-11', full('2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'), 'am')).outcome).toBe(
      'pass',
    );
  });

  it('with minDays 0 never fires', () => {
    const none = judgeWith({ type: 'min_office_days', params: { minDays: 0 } });
    expect(none(on('2026-12-11', full('2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'))).outcome).toBe('pass');
  });
});
