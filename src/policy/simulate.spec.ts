import { evaluate, evaluatePair } from './evaluate';
import { simulate } from './simulate';
import { simulationReport } from './simulate.cli';
import { sampleFacts } from './testing/facts.builder';
import { policyWith } from './testing/policy.fixture';

const cap = (maxDays: number, effect = 'needs_exception') => ({
  id: 'weekly-cap',
  type: 'cap',
  effect,
  params: { period: 'iso_week', maxDays },
});
const withDaysThisWeek = (n: number) =>
  sampleFacts({
    history: ['2026-12-07', '2026-12-09', '2026-12-10', '2026-12-11']
      .slice(0, n)
      .map((date) => ({ date, part: 'full' as const })),
  });

describe('simulate', () => {
  const cases = [0, 1, 2, 3].map((n) => ({ requestId: `R${n}`, facts: withDaysThisWeek(n) }));

  it('counts outcomes under both versions and the moves between them', () => {
    const result = simulate(policyWith([cap(2)]), policyWith([cap(1)]), cases);
    expect(result.totals).toMatchObject({
      requests: 4,
      outcomeChanged: 1,
      firedChanged: 0,
      old: { allow: 2, needs_exception: 2, deny: 0 },
      new: { allow: 1, needs_exception: 3, deny: 0 },
    });
    expect(result.transitions).toEqual([{ from: 'allow', to: 'needs_exception', count: 1 }]);
    expect(result.changed).toEqual([
      expect.objectContaining({
        requestId: 'R1',
        from: 'allow',
        to: 'needs_exception',
        rules: [{ ruleId: 'weekly-cap', from: 'pass', to: 'needs_exception' }],
      }),
    ]);
    expect(result.changed[0]?.oldReasons).toEqual([]);
    expect(result.changed[0]?.newReasons[0]?.facts).toMatchObject({ days: 2, max: 1 });
  });

  it('reports a change of fired rules that keeps the outcome', () => {
    const result = simulate(policyWith([cap(2)]), policyWith([cap(2, 'warn')]), cases);
    expect(result.totals).toMatchObject({ outcomeChanged: 2, firedChanged: 0 });
    const soft = simulate(policyWith([cap(9)]), policyWith([cap(2, 'warn')]), cases);
    expect(soft.totals).toMatchObject({ outcomeChanged: 0, firedChanged: 2 });
    expect(soft.transitions).toEqual([]);
  });

  it('lists the requests whose outcome moves before those whose warnings alone change, within maxChanged', () => {
    const soft = { ...cap(1, 'warn'), id: 'soft-cap' };
    // R1 and R2 gain a warning only; R3 also passes the cap of three and needs an exception
    const one = simulate(policyWith([cap(9)]), policyWith([soft, cap(3)]), cases, { maxChanged: 1 });
    expect(one.totals).toMatchObject({ outcomeChanged: 1, firedChanged: 2 });
    expect(one.changed.map((c) => c.requestId)).toEqual(['R3']);
    const two = simulate(policyWith([cap(9)]), policyWith([soft, cap(3)]), cases, { maxChanged: 2 });
    expect(two.changed.map((c) => [c.requestId, c.outcomeChanged])).toEqual([
      ['R3', true],
      ['R1', false],
    ]);
    expect(two.changed[1]!.newReasons[0]!.message.en).toEqual(expect.any(String)); // evaluated with messages
  });

  it('keeps going past facts that cannot be evaluated', () => {
    const broken = { requestId: 'BAD', facts: { ...withDaysThisWeek(0), submittedOn: 'yesterday' } };
    const result = simulate(policyWith([cap(2)]), policyWith([cap(1)]), [broken, ...cases]);
    expect(result.failures).toEqual([{ requestId: 'BAD', message: 'Not a calendar date (YYYY-MM-DD): "yesterday"' }]);
    expect(result.totals.requests).toBe(5);
  });

  it('counts cases whose facts could not be built as failures, listing at most maxChanged of them', () => {
    const unbuilt = ['X1', 'X2', 'X3'].map((requestId) => ({ requestId, error: `unknown requester of ${requestId}` }));
    const result = simulate(policyWith([cap(2)]), policyWith([cap(1)]), [...unbuilt, ...cases], { maxChanged: 2 });
    expect(result.totals).toMatchObject({ requests: 7, failed: 3, old: { allow: 2, needs_exception: 2, deny: 0 } });
    expect(result.failures).toEqual([
      { requestId: 'X1', message: 'unknown requester of X1' },
      { requestId: 'X2', message: 'unknown requester of X2' },
    ]);
    expect(result.changed.map((c) => c.requestId)).toEqual(['R1']);
    // the CLI says so too: the counts leave them out
    expect(simulationReport(result)).toEqual([
      'requests: 7; outcome changes: 1; fired rules changed: 0',
      '  allow → needs_exception: 1',
      '  R1: allow → needs_exception (weekly-cap pass→needs_exception)',
      'not evaluated: 3 (their facts could not be built; the counts above leave them out)',
      '  X1: unknown requester of X1',
      '  X2: unknown requester of X2',
    ]);
  });

  it('evaluates a pair exactly as two separate evaluations, sharing the unchanged rules', () => {
    const pool = { id: 'pool', type: 'device_pool' };
    const before = policyWith([cap(2), pool]);
    // the draft inserts a rule first: the unchanged device rule moves to another line
    const draft = policyWith([
      { id: 'blackout', type: 'blackout', params: { periods: [{ from: '2026-12-24' }] } },
      cap(1),
      pool,
    ]);
    for (const { facts } of cases) {
      const [a, b] = evaluatePair(before, draft, facts);
      expect(a).toEqual(evaluate(before, facts));
      expect(b).toEqual(evaluate(draft, facts));
    }
    const moved = evaluatePair(before, draft, cases[0]!.facts)[1].reasons[2]!;
    expect(moved.source).toEqual(draft.rules[2]!.source);
    expect(moved.source.line).not.toBe(before.rules[1]!.source.line);
  });
});
