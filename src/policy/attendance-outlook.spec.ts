import { unitOutlook, type OutlookUnit } from './attendance-outlook';
import { evaluate } from './evaluate';
import type { StaffFacts } from './facts/facts.builder';
import { sampleFacts } from './testing/facts.builder';
import { policyWith } from './testing/policy.fixture';

const staff = (n: number, over: Partial<StaffFacts> = {}): StaffFacts[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `S${i}`,
    departmentId: 'CIV',
    sectionId: 'CIV-01',
    grade: 'staff',
    employmentType: 'regular',
    flags: [],
    counterService: true,
    handlesMyNumber: false,
    ...over,
  }));
const section = (members: StaffFacts[]): OutlookUnit => ({ kind: 'section', id: 'CIV-01', members });

const FLOOR = {
  id: 'counter-floor',
  type: 'attendance_floor',
  effect: 'needs_exception',
  scope: { counterService: true },
  params: { unit: 'section', minRatio: 0.5, minStaff: 3 },
};
const CEILING = { id: 'ceiling', type: 'attendance_ceiling', effect: 'warn', params: { maxRatio: 0.4 } };
const DAY = '2026-12-08';

describe('unitOutlook', () => {
  it('agrees with the verdict: a floor has room left exactly while one more request passes it', () => {
    const policy = policyWith([FLOOR]);
    for (let away = 0; away <= 9; away++) {
      const [day] = unitOutlook(policy, section(staff(9)), [DAY], () => ({ approved: away, pending: 0, onLeave: 0 }));
      const limit = day!.limits[0]!;
      // one more of the section asks: the verdict sees the others away, and takes the requester out
      const verdict = evaluate(
        policy,
        sampleFacts({
          requester: { section: { counterService: true, handlesMyNumber: false } },
          perDay: { '*': { section: { headcount: 9, inOffice: 9 - away } } },
        }),
      );
      expect([away, limit.room! > 0]).toEqual([away, verdict.reasons[0]!.outcome === 'pass']);
      expect(limit).toMatchObject({ required: 5, room: 9 - away - 5, breached: 9 - away < 5, appliesTo: 'all' });
      expect(day).toMatchObject({ inOffice: 9 - away, percent: Math.round(((9 - away) / 9) * 1000) / 10 });
    }
  });

  it('counts pending requests as away, as submission does, and never goes below nobody in the office', () => {
    const [day] = unitOutlook(policyWith([FLOOR]), section(staff(4)), [DAY], () => ({
      approved: 2,
      pending: 3,
      onLeave: 0,
    }));
    expect(day).toMatchObject({ headcount: 4, approved: 2, pending: 3, inOffice: 0, percent: 0 });
    expect(day!.limits[0]).toMatchObject({ required: 3, room: -3, breached: true });
  });

  it('marks a ceiling breached while more than its share is in the office', () => {
    const policy = policyWith([{ ...CEILING, params: { unit: 'section', maxRatio: 0.4 } }]);
    const standing = (away: number) =>
      unitOutlook(policy, section(staff(10)), [DAY], () => ({ approved: away, pending: 0, onLeave: 0 }))[0]!.limits[0]!;
    expect(standing(5)).toMatchObject({ breached: true, maxPercent: 40 }); // 50% in the office
    expect(standing(6)).toMatchObject({ breached: false, maxPercent: 40 }); // 40%: at the ceiling
  });

  it('shows only the rules that count in the unit, are in its scope and in force that day', () => {
    const policy = policyWith(
      [
        FLOOR, // section, counter sections only
        { ...CEILING, id: 'dept-ceiling', params: { unit: 'department', maxRatio: 0.4 } },
        { ...FLOOR, id: 'seniors', scope: { grades: ['kacho'] } }, // on the person: some of any section
        { ...FLOOR, id: 'later', scope: undefined, effective: { from: '2027-01-01' } },
        { ...CEILING, id: 'emergency', params: { unit: 'section', maxRatio: 0.4 } },
      ],
      { emergency: { only: ['emergency'] } },
    );
    const ids = (members: StaffFacts[], date: string) =>
      unitOutlook(policy, section(members), [date], () => ({ approved: 0, pending: 0, onLeave: 0 }))[0]!.limits.map(
        (l) => `${l.ruleId}:${l.appliesTo}`,
      );
    expect(ids(staff(6), DAY)).toEqual(['counter-floor:all', 'seniors:some']);
    expect(ids(staff(6, { counterService: false }), DAY)).toEqual(['seniors:some']);
    expect(ids(staff(6), '2027-01-05')).toEqual(['counter-floor:all', 'seniors:some', 'later:all']);
    // the fixture calendar's drill is an emergency: the emergency-only ceiling counts then
    expect(ids(staff(6), '2020-04-08')).toEqual(['counter-floor:all', 'seniors:some', 'emergency:all']);
    // a department with counter and other sections: the counter floor judges some of it
    const mixed = [...staff(3), ...staff(3, { sectionId: 'CIV-02', counterService: false })];
    const dept = unitOutlook(policy, { kind: 'department', id: 'CIV', members: mixed }, [DAY], () => ({
      approved: 0,
      pending: 0,
      onLeave: 0,
    }))[0]!;
    expect(dept.limits.map((l) => `${l.ruleId}:${l.appliesTo}`)).toEqual(['dept-ceiling:all']);
    const deptFloor = policyWith([{ ...FLOOR, params: { unit: 'department', minStaff: 2 } }]);
    const limits = unitOutlook(deptFloor, { kind: 'department', id: 'CIV', members: mixed }, [DAY], () => ({
      approved: 0,
      pending: 0,
      onLeave: 0,
    }))[0]!.limits;
    expect(limits.map((l) => l.appliesTo)).toEqual(['some']);
  });

  it('counts no limits for the whole organisation', () => {
    const [day] = unitOutlook(
      policyWith([FLOOR, CEILING]),
      { kind: 'organisation', id: '', members: staff(10) },
      [DAY],
      () => ({
        approved: 6,
        pending: 0,
        onLeave: 0,
      }),
    );
    expect(day).toMatchObject({ headcount: 10, inOffice: 4, percent: 40, limits: [] });
  });
});
