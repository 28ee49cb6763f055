import { judgeWith } from '../testing/policy.fixture';

const loaned = { id: 'PC-1', kind: 'loaned' as const, remoteCapable: true, holderId: 'S-0101' };
const pool = { ...loaned, id: 'POOL-1', holderId: null };

describe('device_required rule', () => {
  const judge = judgeWith({ type: 'device_required', params: { tiers: ['lgwan'] } });

  it('passes the requester’s own remote-capable loaned device', () => {
    expect(judge({ request: { device: loaned } }).outcome).toBe('pass');
  });

  it('passes a pool device (no holder)', () => {
    expect(judge({ request: { device: pool } }).outcome).toBe('pass');
  });

  it.each([
    ['no device', null, 'no device is named'],
    ['a private device', { ...loaned, kind: 'private' }, 'this kind of device is not allowed'],
    [
      'a device without remote access',
      { ...loaned, remoteCapable: false },
      'this device cannot reach the internal network from outside',
    ],
    ['someone else’s device', { ...loaned, holderId: 'S-0999' }, 'this device is lent to another member of staff'],
  ])('refuses %s', (_name, device, problem) => {
    const r = judge({ request: { device: device as typeof loaned | null } });
    expect(r.outcome).toBe('deny');
    expect(r.facts.problem).toMatchObject({ en: problem });
  });

  it('needs no device when no task is on a listed tier', () => {
    expect(
      judge({ request: { device: null, tasks: [{ description: 'web', networkTier: 'internet', confidentiality: 1 }] } })
        .outcome,
    ).toBe('pass');
  });

  it('needs a device for every request when no tier is listed', () => {
    const always = judgeWith({
      type: 'device_required',
      params: { kinds: ['loaned', 'private'], remoteCapable: false },
    });
    expect(always({ request: { device: null } }).outcome).toBe('deny');
    expect(always({ request: { device: { ...loaned, kind: 'private', remoteCapable: false } } }).outcome).toBe('pass');
  });
});

describe('device_pool rule', () => {
  const judge = judgeWith({ type: 'device_pool' });

  it.each([
    [99, 'pass'],
    [100, 'deny'],
    [101, 'deny'],
  ])('with %s of 100 booked → %s', (inUse, outcome) => {
    expect(
      judge({ request: { device: pool }, perDay: { '*': { devicePool: { capacity: 100, inUse } } } }).outcome,
    ).toBe(outcome);
  });

  it('ignores a device the requester holds', () => {
    expect(
      judge({ request: { device: loaned }, perDay: { '*': { devicePool: { capacity: 0, inUse: 0 } } } }).outcome,
    ).toBe('pass');
  });

  it('names the first full day of a multi-day request', () => {
    const r = judge({
      submittedOn: '2026-12-01',
      request: { device: pool, dates: ['2026-12-07', '2026-12-08'] },
      perDay: {
        '*': { devicePool: { capacity: 10, inUse: 3 } },
        '2026-12-08': { devicePool: { capacity: 10, inUse: 10 } },
      },
    });
    expect(r.facts).toEqual({ date: '2026-12-08', capacity: 10, inUse: 10, deviceId: 'POOL-1' });
  });
});

describe('pool_device_booking rule', () => {
  const judge = judgeWith({ type: 'pool_device_booking' });

  it('refuses a pool device someone else booked on one of the days, naming the day', () => {
    const r = judge({
      request: { device: pool, dates: ['2026-12-07', '2026-12-08'] },
      perDay: {
        '*': { devicePool: { capacity: 10, inUse: 3 } },
        '2026-12-08': { devicePool: { capacity: 10, inUse: 3, deviceBooked: true } },
      },
    });
    expect([r.outcome, r.facts]).toEqual(['deny', { date: '2026-12-08', deviceId: 'POOL-1' }]);
  });

  it('passes when the device is free each day, and for a device the requester holds', () => {
    expect(
      judge({ request: { device: pool }, perDay: { '*': { devicePool: { capacity: 1, inUse: 0 } } } }).outcome,
    ).toBe('pass');
    const booked = { '*': { devicePool: { capacity: 1, inUse: 1, deviceBooked: true } } };
    expect(judge({ request: { device: loaned }, perDay: booked }).outcome).toBe('pass');
  });
});

describe('pool_device_own_first rule', () => {
  const judge = judgeWith({ type: 'pool_device_own_first' });

  it('refuses a pool device to one who holds a remote-capable device of their own', () => {
    const r = judge({ requester: { holdsRemoteDevice: true }, request: { device: pool } });
    expect([r.outcome, r.facts]).toEqual(['deny', { deviceId: 'POOL-1' }]);
  });

  it('passes a pool device to one without a device, and one’s own device to its holder', () => {
    expect(judge({ requester: { holdsRemoteDevice: false }, request: { device: pool } }).outcome).toBe('pass');
    expect(judge({ request: { device: pool } }).outcome).toBe('pass'); // not known: no
    expect(judge({ requester: { holdsRemoteDevice: true }, request: { device: loaned } }).outcome).toBe('pass');
    expect(judge({ requester: { holdsRemoteDevice: true }, request: { device: null } }).outcome).toBe('pass');
  });
});
