import { judgeWith, policyWith } from '../testing/policy.fixture';

const section = (headcount: number, inOffice: number) => ({ perDay: { '*': { section: { headcount, inOffice } } } });
const department = (headcount: number, inOffice: number) => ({
  perDay: { '*': { department: { headcount, inOffice } } },
});

describe('attendance_floor rule', () => {
  it.each([
    [6, 'pass'],
    [5, 'deny'],
  ])('half of 10 must stay: %s in the office before the request → %s', (inOffice, outcome) => {
    expect(judgeWith({ type: 'attendance_floor', params: { minRatio: 0.5 } })(section(10, inOffice)).outcome).toBe(
      outcome,
    );
  });

  it('rounds the ratio up without float error (0.3 × 10 needs 3, not 4)', () => {
    const r = judgeWith({ type: 'attendance_floor', params: { minRatio: 0.3 } })(section(10, 4));
    expect(r).toMatchObject({ outcome: 'pass', facts: { required: 3, inOffice: 3 } });
  });

  it('takes the larger of minStaff and the ratio', () => {
    const judge = judgeWith({ type: 'attendance_floor', params: { minRatio: 0.5, minStaff: 3 } });
    expect(judge(section(4, 4)).facts).toMatchObject({ required: 3, inOffice: 3 });
    expect(judge(section(4, 3)).outcome).toBe('deny');
  });

  it('can count the department instead of the section', () => {
    const r = judgeWith({ type: 'attendance_floor', params: { unit: 'department', minStaff: 20 } })(department(29, 20));
    expect(r.facts).toMatchObject({ unit: 'department', inOffice: 19, required: 20 });
  });

  it('refuses a floor with neither minRatio nor minStaff', () => {
    expect(() => policyWith([{ type: 'attendance_floor', params: {} }])).toThrow(
      'rules[0].params: give minRatio, minStaff or both',
    );
  });
});

describe('attendance_ceiling rule', () => {
  const judge = judgeWith({ type: 'attendance_ceiling', params: { maxRatio: 0.4 } });

  it.each([
    [5, 'pass', 40],
    [6, 'deny', 50],
  ])('at most 40%% of 10: %s in the office before the request → %s', (inOffice, outcome, percent) => {
    expect(judge(department(10, inOffice))).toMatchObject({ outcome, facts: { percent, maxPercent: 40 } });
  });

  it('passes an empty department', () => {
    expect(judge(department(0, 0)).outcome).toBe('pass');
  });
});
