import { evaluate, factsWindow } from './evaluate';
import { sampleFacts } from './testing/facts.builder';
import { policyWith } from './testing/policy.fixture';
import { shippedPolicy } from './testing/shipped-policy';

const capOf = (maxDays: number, extra: Record<string, unknown> = {}) => ({
  type: 'cap',
  params: { period: 'iso_week', maxDays },
  ...extra,
});
const twoThisWeek = {
  history: [
    { date: '2026-12-07', part: 'full' as const },
    { date: '2026-12-09', part: 'full' as const },
  ],
};

describe('evaluate', () => {
  it('allows the sample request under the shipped policy and explains every rule', () => {
    const policy = shippedPolicy();
    const verdict = evaluate(policy, sampleFacts());
    expect(verdict.outcome).toBe('allow');
    expect(verdict.policyVersion).toBe(policy.hash);
    expect(verdict.reasons.map((r) => r.ruleId)).toEqual(policy.rules.map((r) => r.id));
    expect(verdict.reasons[0]?.source).toEqual({ file: 'policies/telework.yaml', line: 32, column: 5 });
  });

  it('combines outcomes: deny beats needs_exception beats allow; warn changes nothing', () => {
    const outcomeOf = (effects: string[]) =>
      evaluate(policyWith(effects.map((effect) => capOf(0, { effect }))), sampleFacts()).outcome;
    expect(outcomeOf(['warn'])).toBe('allow');
    expect(outcomeOf(['warn', 'needs_exception'])).toBe('needs_exception');
    expect(outcomeOf(['needs_exception', 'deny', 'warn'])).toBe('deny');
  });

  it('fills the message placeholders from the same fact values it reports', () => {
    const policy = policyWith([
      capOf(2, {
        message: { ja: '{periodKey}に{days}日（上限{max}日）', en: '{days} days in {periodKey}, cap {max}' },
      }),
    ]);
    const [r] = evaluate(policy, sampleFacts(twoThisWeek)).reasons;
    expect(r).toMatchObject({ outcome: 'deny', facts: { days: 3, max: 2, periodKey: '2026-W50' } });
    expect(r?.message).toEqual({ ja: '2026-W50に3日（上限2日）', en: '3 days in 2026-W50, cap 2' });
  });

  it('names a full satellite office by its name in each language, its code where no name is known', () => {
    const full = (satelliteOffice?: { ja: string; en: string }) =>
      evaluate(
        shippedPolicy(),
        sampleFacts({
          request: {
            location: 'satellite',
            satelliteOfficeId: 'SAT-KITA',
            ...(satelliteOffice ? { satelliteOffice } : {}),
          },
          perDay: { '*': { satelliteSeats: { capacity: 12, inUse: 12 } } },
        }),
      ).reasons.find((r) => r.ruleId === 'satellite-seats');
    const named = full({ ja: '北部サテライトオフィス', en: 'North satellite office' });
    expect(named).toMatchObject({ outcome: 'deny' });
    expect(named!.message.ja).toContain('北部サテライトオフィスは満席です（12席／12席）');
    expect(named!.message.en).toContain('North satellite office is full on');
    expect(full()!.message.en).toContain('SAT-KITA is full on');
  });

  it('skips a rule out of scope, whatever the facts', () => {
    const policy = policyWith([capOf(0, { scope: { counterService: true, grades: ['shunin'] } })]);
    expect(evaluate(policy, sampleFacts()).reasons[0]).toMatchObject({
      outcome: 'skipped',
      facts: { skipped: 'scope' },
    });
    const counter = sampleFacts({ requester: { section: { counterService: true } } });
    expect(evaluate(policy, counter).reasons[0]?.outcome).toBe('deny');
  });

  it.each([
    [{ from: '2026-12-09' }, 'skipped'],
    [{ to: '2026-12-07' }, 'skipped'],
    [{ from: '2026-12-08', to: '2026-12-08' }, 'deny'],
  ])('applies a rule effective %j to a request for 2026-12-08 → %s', (effective, outcome) => {
    expect(evaluate(policyWith([capOf(0, { effective })]), sampleFacts()).reasons[0]?.outcome).toBe(outcome);
  });

  describe('emergency mode', () => {
    const policy = policyWith([capOf(0, { id: 'cap' }), capOf(0, { id: 'only' })], {
      emergency: { relax: ['cap'], only: ['only'] },
    });
    const on = (...dates: string[]) =>
      evaluate(policy, sampleFacts({ submittedOn: '2020-04-01', request: { dates } })).reasons.map((r) => r.outcome);

    it('relaxes named rules and applies emergency-only rules when every day is in the emergency', () => {
      expect(on('2020-04-07', '2020-04-08')).toEqual(['skipped', 'deny']);
    });

    it('judges a request partly outside the emergency by the normal rules, plus the emergency-only ones', () => {
      expect(on('2020-05-25', '2020-05-26')).toEqual(['deny', 'deny']);
    });

    it('ignores emergency-only rules outside an emergency', () => {
      expect(on('2020-05-26')).toEqual(['deny', 'skipped']);
    });

    it('refuses to relax a security rule', () => {
      expect(() => policyWith([{ id: 'dev', type: 'device_required' }], { emergency: { relax: ['dev'] } })).toThrow(
        'emergency.relax[0]: rule "dev" is a security rule (device_required); emergency mode cannot relax it',
      );
    });
  });

  it('hands out skipped results that cannot be changed by a caller', () => {
    const r = evaluate(policyWith([capOf(0, { effective: { from: '2030-01-01' } })]), sampleFacts()).reasons[0];
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r?.facts)).toBe(true);
  });

  it('refuses facts without a requested day or without the day’s collective facts', () => {
    const policy = policyWith([{ type: 'device_pool' }]);
    expect(() => evaluate(policy, sampleFacts({ request: { dates: [] } }))).toThrow('request.dates is empty');
    const facts = sampleFacts({
      request: { device: { id: 'P', kind: 'loaned', remoteCapable: true, holderId: null } },
    });
    expect(() => evaluate(policy, { ...facts, perDay: {} })).toThrow(
      'perDay has no entry for requested date 2026-12-08',
    );
  });

  it('tells the gathering service which history to read', () => {
    const policy = policyWith([{ type: 'cap', params: { period: 'rolling', windowDays: 28, maxDays: 9 } }]);
    expect(factsWindow(policy, ['2026-12-08', '2026-12-10'])).toEqual({ from: '2026-11-10', to: '2027-01-07' });
    expect(factsWindow(shippedPolicy(), ['2026-12-08'])).toEqual({ from: '2026-11-07', to: '2027-01-08' });
  });
});
