import { judgeWith, policyWith } from '../testing/policy.fixture';

const hours = (startTime: string, endTime: string, withLeave = true) => ({
  request: { part: 'hours' as const, startTime, endTime, withLeave },
});

describe('units rule', () => {
  const judge = judgeWith({
    type: 'units',
    params: { allowed: ['full', 'hours'], hoursRequireLeave: true, minHours: 1, maxHours: 4 },
  });

  it('refuses a unit not listed', () => {
    expect(judge({ request: { part: 'am' } }).facts.problem).toMatchObject({
      en: 'telework in this unit is not allowed',
    });
  });

  it.each([
    ['13:00', '13:59', 'deny'],
    ['13:00', '14:00', 'pass'],
    ['13:00', '17:00', 'pass'],
    ['13:00', '17:01', 'deny'],
  ])('%s–%s with a 1–4 hour range → %s', (start, end, outcome) => {
    expect(judge(hours(start, end)).outcome).toBe(outcome);
  });

  it('needs hourly leave when the policy says so', () => {
    expect(judge(hours('13:00', '15:00', false)).facts.problem).toMatchObject({
      en: 'hourly telework is allowed only together with hourly leave',
    });
    expect(judgeWith({ type: 'units', params: { allowed: ['hours'] } })(hours('13:00', '15:00', false)).outcome).toBe(
      'pass',
    );
  });

  it('refuses maxHours below minHours', () => {
    expect(() => policyWith([{ type: 'units', params: { allowed: ['hours'], minHours: 4, maxHours: 2 } }])).toThrow(
      'rules[0].params.maxHours: maxHours (2) is below minHours (4)',
    );
  });
});

describe('working_hours rule', () => {
  const judge = judgeWith({ type: 'working_hours', params: { earliestStart: '08:30', latestEnd: '17:15' } });

  it.each([
    ['08:29', '12:00', 'deny'],
    ['08:30', '17:15', 'pass'],
    ['13:00', '17:16', 'deny'],
    ['13:00', '13:00', 'deny'],
  ])('%s–%s in 08:30–17:15 → %s', (startTime, endTime, outcome) => {
    expect(judge({ request: { startTime, endTime } }).outcome).toBe(outcome);
  });

  it('takes the window’s own bounds when no times are given', () => {
    expect(judge().outcome).toBe('pass');
    expect(judge({ request: { startTime: '16:00' } }).outcome).toBe('pass');
  });

  it('refuses a window that ends before it starts', () => {
    expect(() =>
      policyWith([{ type: 'working_hours', params: { earliestStart: '17:00', latestEnd: '09:00' } }]),
    ).toThrow('rules[0].params.latestEnd: latestEnd (09:00) must be after earliestStart (17:00)');
  });
});
