import { canonical, eventHash } from './event-hash';

describe('canonical payloads: one JSON text whatever the key order', () => {
  it('sorts keys at every depth and keeps the order of arrays', () => {
    const a = { to: 'S2', by: 'S1', steps: [{ z: 1, a: [3, 1] }, 'x'], nested: { b: null, a: true } };
    const b = { nested: { a: true, b: null }, steps: [{ a: [3, 1], z: 1 }, 'x'], by: 'S1', to: 'S2' };
    expect(JSON.stringify(canonical(a))).toBe(JSON.stringify(canonical(b)));
    expect(JSON.stringify(canonical(a))).toBe(
      '{"by":"S1","nested":{"a":true,"b":null},"steps":[{"a":[3,1],"z":1},"x"],"to":"S2"}',
    );
  });

  it('writes what JSON.stringify writes of values that are no plain JSON: a date as its ISO text, undefined left out', () => {
    const at = new Date('2026-11-26T00:30:00.000Z');
    const v = { at, gone: undefined, list: [undefined, 1] };
    expect(JSON.parse(JSON.stringify(canonical(v)))).toEqual(JSON.parse(JSON.stringify(v)));
    expect(JSON.stringify(canonical(v))).toBe('{"at":"2026-11-26T00:30:00.000Z","list":[null,1]}');
  });

  it('keeps a key named __proto__ as JSON.parse gave it: an own key, written out', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":2}}') as unknown;
    expect(JSON.stringify(canonical(parsed))).toBe('{"__proto__":{"x":2},"b":1}');
  });

  it('hashes the same entry the same way, and any field changed differently', () => {
    const e = {
      instance_id: '00000000-0000-4000-8000-000000000001',
      seq: 2,
      type: 'decision.approve',
      actor_id: 'S1',
      from_state: 'pending',
      to_state: 'approved',
      payload: canonical({ comment: 'ok', by: 'S1' }),
      at: '2026-11-26T00:30:00.000Z',
    };
    const h = eventHash('prev', e);
    expect(h).toMatch(/^v2:[0-9a-f]{64}$/);
    expect(eventHash('prev', { ...e, payload: canonical({ by: 'S1', comment: 'ok' }) })).toBe(h);
    for (const changed of [
      { ...e, seq: 3 },
      { ...e, actor_id: 'S2' },
      { ...e, payload: canonical({ by: 'S1', comment: 'ok!' }) },
      { ...e, at: '2026-11-26T00:30:00.001Z' },
    ])
      expect(eventHash('prev', changed)).not.toBe(h);
    expect(eventHash(null, e)).not.toBe(h);
  });
});
