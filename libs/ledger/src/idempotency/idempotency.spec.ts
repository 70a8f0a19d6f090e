import { fingerprint } from './idempotency';

describe('fingerprint', () => {
  it('is the same whatever the order of the keys of the body', () => {
    expect(fingerprint(['POST', { a: '1', b: { c: 2, d: [1, { e: null, f: 'x' }] } }])).toBe(
      fingerprint(['POST', { b: { d: [1, { f: 'x', e: null }], c: 2 }, a: '1' }]),
    );
  });
  it('differs when a value, the route or the order of a list differs', () => {
    const base = fingerprint(['POST', '/a', { shares: 1, list: [1, 2] }]);
    expect(fingerprint(['POST', '/a', { shares: 2, list: [1, 2] }])).not.toBe(base);
    expect(fingerprint(['POST', '/b', { shares: 1, list: [1, 2] }])).not.toBe(base);
    expect(fingerprint(['POST', '/a', { shares: 1, list: [2, 1] }])).not.toBe(base);
    expect(fingerprint(['POST', '/a', { shares: '1', list: [1, 2] }])).not.toBe(base);
  });
});
