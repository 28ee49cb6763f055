import { judgeWith, policyWith } from '../testing/policy.fixture';

const filed = (submittedOn: string, date: string, urgent = false) => ({
  submittedOn,
  request: { dates: [date], urgent },
});

describe('advance_notice rule', () => {
  it.each([
    ['2026-12-08', 'pass'],
    ['2026-12-09', 'deny'],
  ])('with 0 working days, filed %s for 2026-12-08 → %s', (submittedOn, outcome) => {
    expect(
      judgeWith({ type: 'advance_notice', params: { workingDays: 0 } })(filed(submittedOn, '2026-12-08')).outcome,
    ).toBe(outcome);
  });

  it.each([
    ['2026-12-03', 'pass', 2],
    ['2026-12-04', 'deny', 1],
  ])('with 2 working days, filed %s for Monday 2026-12-07 → %s', (submittedOn, outcome, noticeDays) => {
    const r = judgeWith({ type: 'advance_notice', params: { workingDays: 2 } })(filed(submittedOn, '2026-12-07'));
    expect(r).toMatchObject({ outcome, facts: { noticeDays, deadline: '2026-12-03' } });
  });

  it('counts over the year-end closure: the deadline for 4 January is 28 December', () => {
    const r = judgeWith({ type: 'advance_notice', params: { workingDays: 1 } })(filed('2026-12-30', '2027-01-04'));
    expect(r.facts).toMatchObject({ deadline: '2026-12-28', noticeDays: 0 });
  });

  it('turns a late urgent request into the urgent outcome, or the effect without one', () => {
    expect(
      judgeWith({ type: 'advance_notice', params: { workingDays: 1, urgent: 'warn' } })(
        filed('2026-12-08', '2026-12-08', true),
      ).outcome,
    ).toBe('warn');
    expect(
      judgeWith({ type: 'advance_notice', params: { workingDays: 1 } })(filed('2026-12-08', '2026-12-08', true))
        .outcome,
    ).toBe('deny');
  });

  it('judges a multi-day request by its first day', () => {
    const r = judgeWith({ type: 'advance_notice', params: { workingDays: 1 } })({
      submittedOn: '2026-12-08',
      request: { dates: ['2026-12-10', '2026-12-08'] },
    });
    expect(r.facts).toMatchObject({ firstDate: '2026-12-08', noticeDays: 0 });
    expect(r.outcome).toBe('deny');
  });
});

describe('closed_day rule', () => {
  const judge = judgeWith({ type: 'closed_day' });

  it.each([
    ['2026-12-28', null],
    ['2026-12-29', '年末年始'],
    ['2027-01-01', '元日'],
    ['2027-01-11', '成人の日'],
    ['2026-12-13', '日曜日'],
  ])('%s → %s', (date, reason) => {
    const r = judge({ submittedOn: '2026-12-01', request: { dates: [date] } });
    expect(r.outcome).toBe(reason ? 'deny' : 'pass');
    if (reason) expect(r.facts.reason).toMatchObject({ ja: reason });
  });

  it('accepts a day the calendar opens on a weekend', () => {
    const calendar = { open: [{ label: { ja: '振替出勤日', en: 'swapped working day' }, from: '2026-12-12' }] };
    expect(
      judgeWith({ type: 'closed_day' }, { calendar })({ submittedOn: '2026-12-01', request: { dates: ['2026-12-12'] } })
        .outcome,
    ).toBe('pass');
  });
});

describe('blackout rule', () => {
  const judge = judgeWith({
    type: 'blackout',
    params: {
      periods: [{ from: '12-28', to: '01-05', label: { ja: '年末年始', en: 'year end' } }, { from: '2027-03-10' }],
    },
  });
  const on = (date: string) => judge({ submittedOn: '2020-01-01', request: { dates: [date] } });

  it.each([
    ['2026-12-27', 'pass'],
    ['2026-12-28', 'deny'],
    ['2027-01-05', 'deny'],
    ['2027-01-06', 'pass'],
    ['2027-03-10', 'deny'],
    ['2028-03-10', 'pass'],
  ])('%s → %s (yearly spans wrap the year end; dated ones happen once)', (date, outcome) => {
    expect(on(date).outcome).toBe(outcome);
  });

  it('refuses a span mixing both forms or running backwards', () => {
    expect(() =>
      policyWith([{ type: 'blackout', params: { periods: [{ from: '2027-01-01', to: '01-05' }] } }]),
    ).toThrow('rules[0].params.periods[0].to: from and to must both be YYYY-MM-DD or both be MM-DD');
    expect(() =>
      policyWith([{ type: 'blackout', params: { periods: [{ from: '2027-01-05', to: '2027-01-01' }] } }]),
    ).toThrow('is before from');
  });
});
