/**
 * Provider names as trust entries: expanded from @realip/ranges, labelled in explanations,
 * errors that list the known names, and resolvers that follow a list swapped at run time (the
 * socket peer's kept verdict included).
 */
import {
  RealIpConfigError,
  compileTrust,
  createResolver,
  isTrusted,
  parseTrustProxy,
} from '@realip/core';
import { PROVIDERS, replaceRanges, resetRanges } from '@realip/ranges';

afterEach(() => resetRanges());

describe('a provider name is a trust entry', () => {
  test.each([
    ['cloudflare', '172.68.10.20', '8.8.8.8'],
    ['cloudfront', '130.176.0.1', '3.5.140.1'],
    ['fastly', '151.101.1.1', '8.8.8.8'],
    ['google-lb', '35.191.1.1', '34.120.0.1'],
    ['azure-frontdoor', '147.243.0.1', '20.0.0.1'],
  ] as const)('%s', (name, inside, outside) => {
    const trust = compileTrust(['loopback', name]);
    expect(isTrusted(trust, inside, 0)).toBe(true);
    expect(isTrusted(trust, outside, 0)).toBe(false);
    expect(isTrusted(trust, '127.0.0.1', 0)).toBe(true);
    const { snapshot } = PROVIDERS[name];
    expect(trust.labels).toContain(`${name} (${snapshot.v4[0]})`);
  });

  test('explain names the provider and the range', () => {
    const resolve = createResolver({ trust: ['loopback', 'cloudflare'] });
    const { steps } = resolve.explain({
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.7, 172.68.10.20' },
    });
    expect(steps.map((s) => s.rule)).toEqual([
      'loopback (127.0.0.0/8)',
      'cloudflare (172.64.0.0/13)',
      undefined,
    ]);
  });

  test('in a comma-joined entry and in TRUST_PROXY', () => {
    expect(parseTrustProxy('loopback, cloudflare')).toEqual({ trust: ['loopback', 'cloudflare'] });
    expect(isTrusted(compileTrust('loopback, fastly'), '151.101.1.1', 0)).toBe(true);
  });

  test.each([
    [
      'cloudflair',
      /not an IP address or a known name.*cloudflare, cloudfront, fastly, google-lb, azure-frontdoor/,
    ],
    ['Cloudflare', /names are lower-case.*Use "cloudflare"/],
    ['aws', /not an IP address or a known name/],
  ])('%s is refused, naming the known names', (entry, message) => {
    // @ts-expect-error: not a trust entry, which is the point
    expect(() => compileTrust(['loopback', entry])).toThrow(RealIpConfigError);
    expect(() => parseTrustProxy(`loopback, ${entry}`)).toThrow(message);
  });
});

describe('a list swapped at run time', () => {
  test('reaches a running resolver, the kept peer verdict included', () => {
    const resolve = createResolver({ trust: 'fastly' });
    const request = { remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': '198.51.100.7' } };
    expect(resolve(request).ip).toBe('192.0.2.10'); // the peer's verdict is now kept
    replaceRanges('fastly', { v4: ['192.0.2.0/24'], v6: [] });
    expect(resolve(request).ip).toBe('198.51.100.7');
    expect(resolve.explain(request).steps[0]!.rule).toBe('fastly (192.0.2.0/24)');
    resetRanges('fastly');
    expect(resolve(request).ip).toBe('192.0.2.10');
  });

  test('leaves resolvers that did not name the provider alone', () => {
    const resolve = createResolver({ trust: ['loopback', 'cloudflare'] });
    replaceRanges('fastly', { v4: ['127.0.0.0/16', '192.0.2.0/24'], v6: [] });
    const request = { remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': '198.51.100.7' } };
    expect(resolve(request).ip).toBe('192.0.2.10');
  });

  test('an invalid list throws and changes nothing', () => {
    const resolve = createResolver({ trust: 'fastly' });
    expect(() => replaceRanges('fastly', { v4: [], v6: [] })).toThrow(/refused: the list is empty/);
    expect(() => replaceRanges('fastly', { v4: ['0.0.0.0/0'], v6: [] })).toThrow(/broader than/);
    expect(
      resolve({ remoteAddress: '151.101.1.1', headers: { 'x-forwarded-for': '198.51.100.7' } }).ip,
    ).toBe('198.51.100.7');
  });
});
