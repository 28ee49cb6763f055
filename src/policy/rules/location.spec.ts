import { judgeWith, policyWith } from '../testing/policy.fixture';

describe('location rule', () => {
  const judge = judgeWith({
    type: 'location',
    params: { allowed: ['home', 'satellite'], satelliteOffices: ['SAT-KITA'] },
  });

  it('allows home and a registered satellite office', () => {
    expect(judge().outcome).toBe('pass');
    expect(judge({ request: { location: 'satellite', satelliteOfficeId: 'SAT-KITA' } }).outcome).toBe('pass');
  });

  it('refuses a place not listed', () => {
    const r = judge({ request: { location: 'other', locationText: '実家' } });
    expect(r.facts).toMatchObject({
      location: 'other',
      locationText: '実家',
      problem: { en: 'telework from this place is not allowed' },
    });
  });

  it('refuses an unregistered or missing satellite office', () => {
    expect(judge({ request: { location: 'satellite', satelliteOfficeId: 'SAT-EKIMAE' } }).outcome).toBe('deny');
    expect(judge({ request: { location: 'satellite' } }).outcome).toBe('deny');
  });

  it('refuses an unknown satellite office id when the organisation is known', () => {
    const orgRef = { departments: [], sections: [], satelliteOffices: ['SAT-EKIMAE'] };
    expect(() =>
      policyWith([{ type: 'location', params: { allowed: ['home'], satelliteOffices: ['SAT-KITA'] } }], { orgRef }),
    ).toThrow('rules[0].params.satelliteOffices[0]: unknown satellite office "SAT-KITA"');
  });
});

describe('satellite_capacity rule', () => {
  const judge = judgeWith({ type: 'satellite_capacity' });
  const at = { location: 'satellite' as const, satelliteOfficeId: 'SAT-KITA' };

  it.each([
    [11, 'pass'],
    [12, 'deny'],
  ])('with %s of 12 seats taken → %s', (inUse, outcome) => {
    expect(judge({ request: at, perDay: { '*': { satelliteSeats: { capacity: 12, inUse } } } }).outcome).toBe(outcome);
  });

  it('does not apply at home', () => {
    expect(judge({ perDay: { '*': { satelliteSeats: { capacity: 0, inUse: 0 } } } }).outcome).toBe('pass');
  });

  it('leaves a satellite request without an office to the location rule', () => {
    expect(judge({ request: { location: 'satellite' }, perDay: { '*': { satelliteSeats: null } } }).outcome).toBe(
      'pass',
    );
  });

  it('insists on seat facts for a satellite request', () => {
    expect(() => judge({ request: at, perDay: { '*': { satelliteSeats: null } } })).toThrow(
      'satelliteSeats is required',
    );
  });
});
