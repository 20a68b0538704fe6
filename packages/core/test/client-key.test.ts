/**
 * clientKey: the rate-limit key table, the IPv4 property (no two IPv4 clients ever share a key),
 * and bad `ipv6Subnet` values failing with a RealIpConfigError.
 */
import fc from 'fast-check';
import { clientKey, createResolver, RealIpConfigError, type ClientKeyOptions } from '@realip/core';

describe('the key table', () => {
  test.each<
    [input: string | undefined, options: ClientKeyOptions | undefined, key: string | undefined]
  >([
    // IPv4: as is, every address its own key.
    ['203.0.113.7', undefined, '203.0.113.7'],
    ['203.0.113.8', undefined, '203.0.113.8'],
    ['10.0.0.1', { ipv6Subnet: 32 }, '10.0.0.1'],
    // IPv4-mapped IPv6 is the IPv4 client, whatever the spelling.
    ['::ffff:203.0.113.7', undefined, '203.0.113.7'],
    ['::FFFF:cb00:7107', undefined, '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', undefined, '203.0.113.7'],
    // IPv6 in one /56: one key.
    ['2001:db8:0:100::1', undefined, '2001:db8:0:100::/56'],
    ['2001:db8:0:1ff:a:b:c:d', undefined, '2001:db8:0:100::/56'],
    ['2001:DB8:0:01FF::FFFF', undefined, '2001:db8:0:100::/56'],
    // A different /56: another key.
    ['2001:db8:0:200::1', undefined, '2001:db8:0:200::/56'],
    ['2001:db8:1:100::1', undefined, '2001:db8:1:100::/56'],
    // Other prefixes.
    ['2001:db8:0:1ff:a:b:c:d', { ipv6Subnet: 64 }, '2001:db8:0:1ff::/64'],
    ['2001:db8:0:1ff:a:b:c:d', { ipv6Subnet: 48 }, '2001:db8::/48'],
    ['2001:db8:0:1ff:a:b:c:d', { ipv6Subnet: 128 }, '2001:db8:0:1ff:a:b:c:d/128'],
    ['2001:db8:0:1ff:a:b:c:d', { ipv6Subnet: 100 }, '2001:db8:0:1ff:a:b::/100'],
    ['2001:db8:ffff:ffff::', { ipv6Subnet: 33 }, '2001:db8:8000::/33'],
    ['::1', undefined, '::/56'],
    // A zone is dropped.
    ['fe80::1%eth0', { ipv6Subnet: 64 }, 'fe80::/64'],
    // Not an address, or unknown: no key.
    [undefined, undefined, undefined],
    ['', undefined, undefined],
    ['unknown', undefined, undefined],
    ['010.0.0.1', undefined, undefined],
    ['[::1]', undefined, undefined],
    ['1.2.3.4:80', undefined, undefined],
  ])('%s %j → %s', (input, options, key) => {
    expect(clientKey(input, options)).toBe(key);
  });
});

describe('from a resolved client', () => {
  const resolve = createResolver({ trust: 'loopback' });
  const kept = createResolver({ trust: 'loopback', keepMapped: true });
  test.each([
    [resolve, '127.0.0.1', '203.0.113.7', '203.0.113.7'],
    [resolve, '127.0.0.1', '2001:db8:0:1ff::9', '2001:db8:0:100::/56'],
    [kept, '127.0.0.1', '::ffff:203.0.113.7', '203.0.113.7'],
    [resolve, '::ffff:198.51.100.1', '1.1.1.1', '198.51.100.1'],
  ])('peer %s, X-Forwarded-For %s', (r, peer, xff, key) => {
    expect(clientKey(r({ remoteAddress: peer, headers: { 'x-forwarded-for': xff } }))).toBe(key);
  });

  test('an unknown client (no peer) has no key', () => {
    const result = resolve({ remoteAddress: undefined, headers: {} });
    expect(result.reason).toBe('no-peer');
    expect(clientKey(result)).toBeUndefined();
    expect(clientKey(null)).toBeUndefined();
  });
});

describe('properties', () => {
  const runs = { seed: 20261202, numRuns: 2000 };
  const v4 = fc.integer({ min: 0, max: 0xffffffff });
  const text = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

  test('no two distinct IPv4 clients share a key, whatever the spelling or subnet', () => {
    const subnet = fc.integer({ min: 32, max: 128 });
    const spelled = (n: number, mapped: boolean) => (mapped ? `::ffff:${text(n)}` : text(n));
    fc.assert(
      fc.property(v4, v4, fc.boolean(), fc.boolean(), subnet, (a, b, ma, mb, s) => {
        const ka = clientKey(spelled(a, ma), { ipv6Subnet: s });
        const kb = clientKey(spelled(b, mb), { ipv6Subnet: s });
        expect(ka).toBe(text(a));
        expect(ka === kb).toBe(a === b);
      }),
      runs,
    );
  });

  test('IPv6: the same /56 gives one key, a different /56 another, never an IPv4-looking key', () => {
    const groups = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
    // Addresses in full, uncompressed form; a /56 is the first 3.5 groups.
    const ipv6 = (g: number[]) => g.map((x) => x.toString(16)).join(':');
    const sameNet = (a: number[], b: number[]) =>
      a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3]! >>> 8 === b[3]! >>> 8;
    const mapped = (g: number[]) => g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
    fc.assert(
      fc.property(groups, groups, fc.boolean(), (a, b, share) => {
        if (share) b = [...a.slice(0, 3), (a[3]! & 0xff00) | (b[3]! & 0xff), ...b.slice(4)];
        fc.pre(!mapped(a) && !mapped(b));
        const ka = clientKey(ipv6(a))!;
        const kb = clientKey(ipv6(b))!;
        expect(ka).toMatch(/^[0-9a-f:]+\/56$/);
        expect(ka === kb).toBe(sameNet(a, b));
      }),
      runs,
    );
  });
});

describe('a bad ipv6Subnet is a RealIpConfigError', () => {
  test.each([0, 31, 129, 56.5, -56, NaN, '56', null, true])('%p', (value) => {
    const call = () => clientKey('2001:db8::1', { ipv6Subnet: value as number });
    expect(call).toThrow(RealIpConfigError);
    expect(call).toThrow(/@realip\/core: ipv6Subnet .*: must be an integer from 32 to 128/);
  });

  test('even when the client is unknown, so a typo shows on the first request', () => {
    expect(() => clientKey(undefined, { ipv6Subnet: 200 })).toThrow(RealIpConfigError);
  });
});
