import { policyWith, judgeWith } from '../testing/policy.fixture';

describe('eligibility rule', () => {
  it('fires for an employment type not listed, with the problem in both languages', () => {
    const r = judgeWith({ type: 'eligibility', params: { employmentTypes: ['regular'] } })({
      requester: { employmentType: 'fixed_term' },
    });
    expect(r.outcome).toBe('deny');
    expect(r.facts).toMatchObject({
      employmentType: 'fixed_term',
      problem: { en: 'this employment type is not eligible' },
    });
  });

  it('passes a listed employment type', () => {
    expect(judgeWith({ type: 'eligibility', params: { employmentTypes: ['regular'] } })().outcome).toBe('pass');
  });

  it.each([
    ['kakaricho', 'pass'],
    ['shunin', 'deny'],
    ['kacho', 'pass'],
    ['bucho', 'deny'],
  ])('with minGrade kakaricho and maxGrade kacho, %s → %s', (grade, outcome) => {
    const judge = judgeWith({ type: 'eligibility', params: { minGrade: 'kakaricho', maxGrade: 'kacho' } });
    expect(judge({ requester: { grade: grade as 'staff' } }).outcome).toBe(outcome);
  });

  it('checks grades, departments and sections by list', () => {
    const judge = judgeWith({
      type: 'eligibility',
      params: { grades: ['shunin'], departments: ['PLAN'], sections: ['PLAN-01'] },
    });
    expect(judge().outcome).toBe('pass');
    expect(judge({ requester: { grade: 'staff' } }).facts.problem).toMatchObject({ en: 'this grade is not eligible' });
    expect(judge({ requester: { departmentId: 'GENL' } }).facts.problem).toMatchObject({
      en: 'this department is not eligible',
    });
    expect(judge({ requester: { sectionId: 'PLAN-02' } }).facts.problem).toMatchObject({
      en: 'this section is not eligible',
    });
  });

  it('needs one of flagsAny and none of flagsNone', () => {
    const judge = judgeWith({
      type: 'eligibility',
      params: { flagsAny: ['childcare', 'nursing_care'], flagsNone: ['probation'] },
    });
    expect(judge().outcome).toBe('deny');
    expect(judge({ requester: { flags: ['nursing_care'] } }).outcome).toBe('pass');
    expect(judge({ requester: { flags: ['nursing_care', 'probation'] } }).outcome).toBe('deny');
  });

  it('lets an exempting flag override every condition', () => {
    const judge = judgeWith({
      type: 'eligibility',
      params: { employmentTypes: ['regular'], exemptFlags: ['health_risk'] },
    });
    expect(judge({ requester: { employmentType: 'fixed_term', flags: ['health_risk'] } }).outcome).toBe('pass');
  });

  it('refuses a minGrade above maxGrade when loading', () => {
    expect(() => policyWith([{ type: 'eligibility', params: { minGrade: 'kacho', maxGrade: 'staff' } }])).toThrow(
      'rules[0].params.maxGrade: maxGrade (staff) is below minGrade (kacho)',
    );
  });
});
