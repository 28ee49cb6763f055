import { judgeWith, policyWith } from '../testing/policy.fixture';

const task = (networkTier: string, confidentiality: number | string, system?: string) => ({
  description: '作業',
  networkTier: networkTier as 'lgwan',
  confidentiality,
  ...(system ? { system } : {}),
});

describe('network_location rule', () => {
  const judge = judgeWith({ type: 'network_location', params: { allowed: { mynumber: [], lgwan: ['home'] } } });

  it('treats an empty list as office only', () => {
    const r = judge({ request: { tasks: [task('mynumber', 1)] } });
    expect(r.outcome).toBe('deny');
    expect(r.facts).toEqual({ task: '作業', tier: 'mynumber', location: 'home', allowedLocations: [] });
  });

  it('allows a listed place and refuses another', () => {
    expect(judge().outcome).toBe('pass');
    expect(judge({ request: { location: 'satellite', satelliteOfficeId: 'SAT-KITA' } }).outcome).toBe('deny');
  });

  it('leaves a tier it does not list unlimited', () => {
    expect(judge({ request: { location: 'other', tasks: [task('internet', 1)] } }).outcome).toBe('pass');
  });

  it('fires on the first offending task among several', () => {
    const r = judge({ request: { tasks: [task('internet', 1), { ...task('mynumber', 1), description: '住基' }] } });
    expect(r.facts.task).toBe('住基');
  });
});

describe('confidentiality rule', () => {
  const rule = { type: 'confidentiality', params: { maxLevel: { home: 2, satellite: 1, other: 1 } } };
  const judge = judgeWith(rule);

  it.each([
    [1, 'pass'],
    [2, 'pass'],
    [3, 'deny'],
  ])('level %s at home (limit 2) → %s', (level, outcome) => {
    expect(judge({ request: { tasks: [task('lgwan', level)] } }).outcome).toBe(outcome);
  });

  it('treats an unknown level as the highest (fails closed)', () => {
    expect(judge({ request: { tasks: [task('lgwan', '4')] } }).outcome).toBe('deny');
  });

  it('uses the policy’s own list of levels', () => {
    const levels = judgeWith(
      { type: 'confidentiality', params: { maxLevel: { home: '3A', satellite: 2, other: 1 } } },
      { confidentialityLevels: [1, 2, '3A', '3B', '3C'] },
    );
    expect(levels({ request: { tasks: [task('lgwan', '3A')] } }).outcome).toBe('pass');
    expect(levels({ request: { tasks: [task('lgwan', '3B')] } }).facts).toMatchObject({ level: '3B', maxLevel: '3A' });
  });

  it('refuses a limit that is not one of the levels', () => {
    expect(() =>
      policyWith([{ type: 'confidentiality', params: { maxLevel: { home: 5, satellite: 1, other: 1 } } }]),
    ).toThrow('rules[0].params.maxLevel.home: level 5 is not one of confidentialityLevels (1, 2, 3)');
  });
});

describe('remote_systems rule', () => {
  const judge = judgeWith({
    type: 'remote_systems',
    params: { systems: [{ id: 'payroll', label: { ja: '給与システム', en: 'the payroll system' } }] },
  });

  it('fires for a listed system, naming it in each language', () => {
    const r = judge({ request: { tasks: [task('lgwan', 1, 'payroll')] } });
    expect(r.outcome).toBe('deny');
    expect(r.facts.system).toEqual({ ja: '給与システム', en: 'the payroll system' });
  });

  it('passes other systems and tasks without a system', () => {
    expect(judge({ request: { tasks: [task('lgwan', 1, 'groupware'), task('internet', 1)] } }).outcome).toBe('pass');
  });

  it('refuses a system listed twice', () => {
    const system = { id: 'payroll', label: { ja: '給与', en: 'payroll' } };
    expect(() => policyWith([{ type: 'remote_systems', params: { systems: [system, system] } }])).toThrow(
      'rules[0].params.systems[1].id: system "payroll" is listed twice',
    );
  });
});
