import { RealIpConfigError, createResolver, parseTrustProxy } from '@realip/core';

describe('parseTrustProxy', () => {
  test.each([
    [undefined, {}],
    ['', {}],
    ['   ', {}],
    ['true', { trust: true }],
    ['TRUE', { trust: true }],
    ['false', { trust: false }],
    ['0', { trust: false }],
    ['1', { hops: 1 }], // a proxy count, not the IP 0.0.0.1
    [' 2 ', { hops: 2 }],
    ['loopback, 10.0.0.0/8', { trust: ['loopback', '10.0.0.0/8'] }],
    ['10.0.0.1', { trust: ['10.0.0.1'] }],
  ])('%j -> %j', (value, options) => {
    expect(parseTrustProxy(value)).toEqual(options);
  });

  test('the result works as resolver options', () => {
    const resolve = createResolver(parseTrustProxy('1'));
    const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.9' };
    expect(resolve({ remoteAddress: '10.0.0.1', headers }).ip).toBe('198.51.100.9');
    // The hop count applies only behind a trusted peer: a direct client cannot spend it.
    expect(resolve({ remoteAddress: '203.0.113.7', headers }).ip).toBe('203.0.113.7');
  });

  test.each([
    ['loopback, localhost', 'TRUST_PROXY (trust[1])', /"localhost" is not an IP address/],
    ['1, 10.0.0.0/8', 'TRUST_PROXY (trust[0])', /looks like a hop count/],
    ['99999999999999999999', 'TRUST_PROXY', /too large/],
  ])('%j fails at startup naming the variable', (value, option, message) => {
    let error: unknown;
    try {
      parseTrustProxy(value);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error).toMatchObject({ option });
    expect((error as Error).message).toMatch(message);
  });

  test('the variable name can be given', () => {
    expect(() => parseTrustProxy('nope', 'APP_TRUSTED_PROXIES')).toThrow(
      /APP_TRUSTED_PROXIES \(trust\[0\]\)/,
    );
  });
});
