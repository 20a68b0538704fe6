/**
 * Issue 11's four cases, for every provider header: a vendor header is believed only when the
 * hop that delivered the request to your own proxies is that vendor's edge.
 */
import { createResolver, type RealIpOptions, type TrustEntry } from '@realip/core';
import type { PresetName } from '@realip/ranges';

const EDGE: Record<string, [PresetName, string]> = {
  'cf-connecting-ip': ['cloudflare', '172.68.10.20'],
  'true-client-ip': ['cloudflare', '2606:4700::6810:84e5'],
  'fastly-client-ip': ['fastly', '151.101.1.1'],
  'x-azure-clientip': ['azure-frontdoor', '147.243.0.9'],
};
const CLIENT = '198.51.100.7';
const CHOSEN = '6.6.6.6';
const ATTACKER = '203.0.113.66';

describe.each(Object.entries(EDGE))('%s (%s)', (header, [provider, edge]) => {
  const resolve = createResolver({ trust: ['loopback', provider], header });
  const cases: [string, string, Record<string, string>, Partial<ReturnType<typeof resolve>>][] = [
    [
      'nginx on loopback, delivered by an edge: the header',
      '127.0.0.1',
      { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}, ${edge}`, [header]: CLIENT },
      { ip: CLIENT, source: header, hops: 2 },
    ],
    [
      'nginx on loopback, delivered by someone else: that address, never the header',
      '127.0.0.1',
      { 'x-forwarded-for': `${CHOSEN}, ${ATTACKER}`, [header]: CHOSEN },
      { ip: ATTACKER, source: 'x-forwarded-for', hops: 1, reason: 'untrusted' },
    ],
    [
      'straight from an edge: the header',
      edge,
      { [header]: CLIENT },
      { ip: CLIENT, source: header, hops: 1 },
    ],
    [
      'straight from anyone else: the peer',
      ATTACKER,
      { 'x-forwarded-for': edge, [header]: CHOSEN },
      { ip: ATTACKER, source: 'socket', hops: 0, reason: 'untrusted' },
    ],
    [
      'an edge that sent no header: the edge, exhausted',
      edge,
      {},
      { ip: edge, source: 'socket', reason: 'exhausted' },
    ],
    [
      'an edge that sent a list: the edge, invalid',
      edge,
      { [header]: `${CHOSEN}, ${CLIENT}` },
      { ip: edge, source: 'socket', reason: 'invalid' },
    ],
    [
      'nginx saw nobody (no X-Forwarded-For): nginx, never the header',
      '127.0.0.1',
      { [header]: CHOSEN },
      { ip: '127.0.0.1', source: 'socket', reason: 'exhausted' },
    ],
  ];
  test.each(cases)('%s', (_name, remoteAddress, headers, expected) => {
    expect(resolve({ remoteAddress, headers })).toMatchObject(expected);
  });

  test('explain shows one walk: your proxy, the edge, the client', () => {
    const { steps, result } = resolve.explain({
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': `${CLIENT}, ${edge}`, [header]: CLIENT },
    });
    expect(result.ip).toBe(CLIENT);
    expect(steps.map((s) => [s.hop, s.from, s.address, s.verdict])).toEqual([
      [0, 'socket', '127.0.0.1', 'trusted'],
      [1, 'x-forwarded-for', edge, 'trusted'],
      [2, header, CLIENT, 'untrusted'],
    ]);
    expect(steps[1]!.rule).toMatch(new RegExp(`^${provider} \\(`));
  });
});

describe('when the gate does not apply', () => {
  test.each<[string, RealIpOptions, string, Record<string, string>, string]>([
    [
      'trust does not name the provider: believed from a trusted peer, as before',
      { trust: '10.0.0.0/8', header: 'cf-connecting-ip' },
      '10.0.0.1',
      { 'cf-connecting-ip': CLIENT },
      CLIENT,
    ],
    [
      'the provider alone (no proxy of yours): an edge peer is believed',
      { trust: 'cloudflare', header: 'cf-connecting-ip' },
      '172.68.10.20',
      { 'cf-connecting-ip': CLIENT },
      CLIENT,
    ],
    [
      'the provider alone, from anyone else: the peer',
      { trust: ['cloudflare'] as TrustEntry[], header: 'cf-connecting-ip' },
      ATTACKER,
      { 'cf-connecting-ip': CHOSEN },
      ATTACKER,
    ],
    [
      'a comma-joined entry names it too',
      { trust: 'loopback, cloudflare', header: 'cf-connecting-ip' },
      '127.0.0.1',
      { 'x-forwarded-for': ATTACKER, 'cf-connecting-ip': CHOSEN },
      ATTACKER,
    ],
    [
      'another provider header is not gated by cloudflare',
      { trust: ['loopback', 'cloudflare'], header: 'x-real-ip' },
      '127.0.0.1',
      { 'x-real-ip': CLIENT },
      CLIENT,
    ],
  ])('%s', (_name, options, remoteAddress, headers, ip) => {
    expect(createResolver(options)({ remoteAddress, headers }).ip).toBe(ip);
  });
});
