import { limitLockKeys, type LimitSubject } from './limit-locks';
import { sampleFacts } from './testing/facts.builder';
import { policyWith } from './testing/policy.fixture';
import { shippedPolicy } from './testing/shipped-policy';

const subject = (over: Partial<LimitSubject> = {}): LimitSubject => ({
  sectionIds: ['SEC'],
  departmentIds: ['DEP'],
  dates: ['2026-12-02', '2026-12-03'],
  poolDeviceId: null,
  satelliteOfficeId: null,
  ...over,
});
const counter = (yes: boolean) =>
  sampleFacts({ requester: { section: { counterService: yes, handlesMyNumber: false } } });

describe('limitLockKeys: the counts an approval must lock', () => {
  it('shipped policy: a counter section locks its section-days; another section locks nothing', () => {
    const policy = shippedPolicy();
    expect(limitLockKeys(policy, counter(true), subject())).toEqual([
      'section:SEC:2026-12-02',
      'section:SEC:2026-12-03',
    ]);
    // the department ceiling only warns, the floor judges counter sections only
    expect(limitLockKeys(policy, counter(false), subject())).toEqual([]);
  });

  it('locks the pool-day of a pool device and the seat-day of a satellite seat', () => {
    const keys = limitLockKeys(
      shippedPolicy(),
      counter(false),
      subject({ poolDeviceId: 'D1', satelliteOfficeId: 'SO1' }),
    );
    expect(keys).toEqual(
      expect.arrayContaining([
        'pool:all:2026-12-02',
        'seat:SO1:2026-12-02',
        'pool:all:2026-12-03',
        'seat:SO1:2026-12-03',
      ]),
    );
    expect(keys).toHaveLength(4);
  });

  it('locks every unit a person is counted or judged in (a move between sections)', () => {
    const keys = limitLockKeys(
      shippedPolicy(),
      counter(true),
      subject({ sectionIds: ['OLD', 'NEW'], dates: ['2026-12-02'] }),
    );
    expect(keys.sort()).toEqual(['section:NEW:2026-12-02', 'section:OLD:2026-12-02']);
  });

  it('stays wide where the scope looks at the person, or the rule counts the department', () => {
    const floor = (scope: Record<string, unknown>, params: Record<string, unknown> = {}) =>
      policyWith([{ type: 'attendance_floor', effect: 'needs_exception', scope, params: { minStaff: 1, ...params } }]);
    // a member-level scope: someone else in the section may be judged by it
    expect(limitLockKeys(floor({ grades: ['kacho'] }), counter(false), subject({ dates: ['2026-12-02'] }))).toEqual([
      'section:SEC:2026-12-02',
    ]);
    // a department-level count: other sections of the department may be judged by it
    expect(
      limitLockKeys(
        floor({ counterService: true }, { unit: 'department' }),
        counter(false),
        subject({ dates: ['2026-12-02'] }),
      ),
    ).toEqual(['department:DEP:2026-12-02']);
    // the same rule only warning: it never refuses an approval
    const warnOnly = policyWith([{ type: 'attendance_ceiling', effect: 'warn', params: { maxRatio: 0.4 } }]);
    expect(limitLockKeys(warnOnly, counter(true), subject())).toEqual([]);
  });
});
