import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import {
  createResolver,
  type ClientAddress,
  type RealIpOptions,
  type ResolveInput,
} from '@realip/core';

const peer = (
  ip: string,
  hops: number,
  reason: ClientAddress['reason'],
  port?: number,
): ClientAddress => ({
  ip,
  family: ip.includes(':') ? 6 : 4,
  port,
  source: 'socket',
  hops,
  reason,
  protocol: undefined,
  host: undefined,
});
const entry = (
  ip: string,
  hops: number,
  reason: ClientAddress['reason'],
  port?: number,
  source = 'x-forwarded-for',
): ClientAddress => ({
  ...peer(ip, hops, reason, port),
  source,
});

type Row = [string, RealIpOptions, ResolveInput, ClientAddress];

describe('the walk', () => {
  const cidr10: RealIpOptions = { trust: '10.0.0.0/8' };
  const xff = (value: string | string[]) => ({ 'x-forwarded-for': value });
  test.each<Row>([
    [
      'an untrusted peer is the client; its header is ignored',
      cidr10,
      { remoteAddress: '203.0.113.7', headers: xff('1.1.1.1') },
      peer('203.0.113.7', 0, 'untrusted'),
    ],
    [
      'a trusted peer without header: the peer',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: {} },
      peer('10.0.0.1', 0, 'exhausted'),
    ],
    [
      'one trusted hop',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff('6.6.6.6, 198.51.100.9') },
      entry('198.51.100.9', 1, 'untrusted'),
    ],
    [
      'two trusted hops',
      cidr10,
      { remoteAddress: '10.0.0.2', headers: xff('6.6.6.6, 198.51.100.9, 10.0.0.1') },
      entry('198.51.100.9', 2, 'untrusted'),
    ],
    [
      'all trusted: the leftmost',
      cidr10,
      { remoteAddress: '10.0.0.2', headers: xff('10.0.0.9, 10.0.0.1') },
      entry('10.0.0.9', 2, 'exhausted'),
    ],
    [
      'garbage stops the walk at the last trusted hop',
      cidr10,
      { remoteAddress: '10.0.0.2', headers: xff('6.6.6.6, unknown, 10.0.0.1') },
      entry('10.0.0.1', 1, 'invalid'),
    ],
    [
      'garbage right at the peer',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff('6.6.6.6, _hidden') },
      peer('10.0.0.1', 0, 'invalid'),
    ],
    [
      'empty elements are skipped',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff(' , 1.2.3.4,,') },
      entry('1.2.3.4', 1, 'untrusted'),
    ],
    [
      'an empty header',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff('') },
      peer('10.0.0.1', 0, 'exhausted'),
    ],
    [
      'HTAB is OWS',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff('6.6.6.6,\t198.51.100.9\t') },
      entry('198.51.100.9', 1, 'untrusted'),
    ],
    [
      'repeated lines are one list, last line closest',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff(['6.6.6.6, 10.0.0.7', '10.0.0.8']) },
      entry('6.6.6.6', 3, 'untrusted'),
    ],
    [
      'an empty line among repeated lines',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff(['198.51.100.9', '']) },
      entry('198.51.100.9', 1, 'untrusted'),
    ],
    [
      'ports are split off and reported',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff('[2001:DB8::1]:443') },
      entry('2001:db8::1', 1, 'untrusted', 443),
    ],
    [
      'IPv4 port',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff('198.51.100.9:5678') },
      entry('198.51.100.9', 1, 'untrusted', 5678),
    ],
    [
      'the peer port is reported when the peer is the answer',
      cidr10,
      { remoteAddress: '203.0.113.7', remotePort: 4321, headers: {} },
      peer('203.0.113.7', 0, 'untrusted', 4321),
    ],
    [
      'a mapped peer matches IPv4 ranges and prints unmapped',
      cidr10,
      { remoteAddress: '::ffff:10.0.0.1', headers: xff('198.51.100.9') },
      entry('198.51.100.9', 1, 'untrusted'),
    ],
    [
      'a mapped untrusted peer prints unmapped',
      cidr10,
      { remoteAddress: '::ffff:203.0.113.7', headers: {} },
      peer('203.0.113.7', 0, 'untrusted'),
    ],
    [
      'a zoned link-local peer',
      { trust: 'linklocal' },
      { remoteAddress: 'fe80::1%eth0', headers: xff('198.51.100.9') },
      entry('198.51.100.9', 1, 'untrusted'),
    ],
    [
      'a zoned peer as the answer loses its zone',
      { trust: false },
      { remoteAddress: 'fe80::1%eth0', headers: {} },
      peer('fe80::1', 0, 'untrusted'),
    ],
    [
      'trust: true takes the leftmost',
      { trust: true },
      { remoteAddress: '203.0.113.7', headers: xff('6.6.6.6, 198.51.100.9') },
      entry('6.6.6.6', 2, 'exhausted'),
    ],
    [
      'trust: false ignores the header',
      { trust: false },
      { remoteAddress: '10.0.0.1', headers: xff('198.51.100.9') },
      peer('10.0.0.1', 0, 'untrusted'),
    ],
    [
      'default trust is private',
      {},
      { remoteAddress: '192.168.1.1', headers: xff('198.51.100.9, 172.16.0.1') },
      entry('198.51.100.9', 2, 'untrusted'),
    ],
    [
      'hops: 1 behind a trusted peer',
      { hops: 1 },
      { remoteAddress: '10.0.0.2', headers: xff('6.6.6.6, 198.51.100.9, 10.0.0.1') },
      entry('10.0.0.1', 1, 'untrusted'),
    ],
    [
      'hops: 2 walks past a public proxy',
      { hops: 2 },
      { remoteAddress: '10.0.0.2', headers: xff('6.6.6.6, 198.51.100.9, 203.0.113.50') },
      entry('198.51.100.9', 2, 'untrusted'),
    ],
    [
      'hops cannot be spent by a direct client',
      { hops: 1 },
      { remoteAddress: '203.0.113.7', headers: xff('1.1.1.1') },
      peer('203.0.113.7', 0, 'untrusted'),
    ],
    [
      'hops: 0 means no proxy: the peer is the client, even a trusted one',
      { hops: 0 },
      { remoteAddress: '10.0.0.1', headers: xff('1.1.1.1') },
      peer('10.0.0.1', 0, 'untrusted'),
    ],
    [
      'hops: 0 with trust: true (werkzeug x_for=0, ASP.NET ForwardLimit = 0)',
      { trust: true, hops: 0 },
      { remoteAddress: '192.168.0.1', headers: xff('192.168.0.2') },
      peer('192.168.0.1', 0, 'untrusted'),
    ],
    [
      'hops: 0 reads no protocol or host either',
      { trust: true, hops: 0, protocol: true, host: true },
      {
        remoteAddress: '192.168.0.1',
        headers: {
          ...xff('192.168.0.2'),
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'a.example',
        },
      },
      peer('192.168.0.1', 0, 'untrusted'),
    ],
    [
      'a socket port is kept',
      { trust: false },
      { remoteAddress: '203.0.113.7', remotePort: 65535 },
      peer('203.0.113.7', 0, 'untrusted', 65535),
    ],
    [
      'a socket port of 0 is kept',
      { trust: false },
      { remoteAddress: '203.0.113.7', remotePort: 0 },
      peer('203.0.113.7', 0, 'untrusted', 0),
    ],
    ...[-1, 1.5, 65536, Number.NaN, Infinity].map((remotePort): Row => [
      `a socket port of ${remotePort} is no port`,
      { trust: false },
      { remoteAddress: '203.0.113.7', remotePort },
      peer('203.0.113.7', 0, 'untrusted'),
    ]),
    [
      'an inherited header is not a header',
      cidr10,
      {
        remoteAddress: '10.0.0.1',
        headers: Object.create({ 'x-forwarded-for': '6.6.6.6' }) as Record<string, string>,
      },
      peer('10.0.0.1', 0, 'exhausted'),
    ],
    [
      'hops: 3 with a short header: the leftmost',
      { hops: 3 },
      { remoteAddress: '10.0.0.2', headers: xff('198.51.100.9') },
      entry('198.51.100.9', 1, 'exhausted'),
    ],
    [
      'maxEntries stops at the last trusted hop',
      { trust: true, maxEntries: 2 },
      { remoteAddress: '10.0.0.1', headers: xff('1.1.1.1, 2.2.2.2, 3.3.3.3') },
      entry('2.2.2.2', 2, 'limit'),
    ],
    [
      'empty elements count toward maxEntries',
      { trust: true, maxEntries: 3 },
      { remoteAddress: '10.0.0.1', headers: xff('1.1.1.1,,,') },
      peer('10.0.0.1', 0, 'limit'),
    ],
    [
      'an element over 1024 chars is invalid',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: xff(`${' '.repeat(2000)}1.2.3.4`) },
      peer('10.0.0.1', 0, 'invalid'),
    ],
    [
      'keepMapped keeps the mapped form',
      { trust: '10.0.0.0/8', keepMapped: true },
      { remoteAddress: '10.0.0.1', headers: xff('::ffff:198.51.100.9') },
      entry('::ffff:198.51.100.9', 1, 'untrusted'),
    ],
    [
      'the socket object is read when remoteAddress is absent',
      cidr10,
      { socket: { remoteAddress: '10.0.0.1', remotePort: 1 }, headers: xff('198.51.100.9') },
      entry('198.51.100.9', 1, 'untrusted'),
    ],
    [
      'remoteAddress takes precedence over socket',
      cidr10,
      {
        remoteAddress: '203.0.113.7',
        socket: { remoteAddress: '10.0.0.1' },
        headers: xff('1.1.1.1'),
      },
      peer('203.0.113.7', 0, 'untrusted'),
    ],
    [
      'WHATWG Headers',
      cidr10,
      {
        remoteAddress: '10.0.0.1',
        headers: new Headers({ 'X-Forwarded-For': '6.6.6.6, 198.51.100.9' }),
      },
      entry('198.51.100.9', 1, 'untrusted'),
    ],
    ['no headers at all', cidr10, { remoteAddress: '10.0.0.1' }, peer('10.0.0.1', 0, 'exhausted')],
    [
      'a non-string header value reads as absent',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': 42 } },
      peer('10.0.0.1', 0, 'exhausted'),
    ],
    [
      'non-string lines in an array are skipped',
      cidr10,
      { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': ['1.1.1.1', 7] } },
      entry('1.1.1.1', 1, 'untrusted'),
    ],
  ])('%s', (_title, options, input, expected) => {
    expect(createResolver(options)(input)).toEqual(expected);
  });

  test.each<[string, ResolveInput]>([
    ['no remoteAddress', { headers: {} }],
    ['a null socket', { socket: null, headers: {} }],
    ['a socket without address (Unix socket, closed)', { socket: {}, headers: {} }],
    ['a non-IP remoteAddress', { remoteAddress: 'garbage', headers: {} }],
  ])('unknown peer: %s', (_title, input) => {
    expect(createResolver({ trust: true })(input)).toEqual({
      ip: undefined,
      family: undefined,
      port: undefined,
      source: 'socket',
      hops: 0,
      reason: 'no-peer',
      protocol: undefined,
      host: undefined,
    });
  });

  test('a trust function sees every hop, canonical, with its index', () => {
    const seen: [string, number][] = [];
    const resolve = createResolver({
      trust: (address, hop) => {
        seen.push([address, hop]);
        return address.startsWith('10.');
      },
    });
    expect(
      resolve({
        remoteAddress: '::ffff:10.0.0.2',
        headers: { 'x-forwarded-for': '6.6.6.6, 2001:DB8::9, 10.0.0.1:80' },
      }).ip,
    ).toBe('2001:db8::9');
    expect(seen).toEqual([
      ['10.0.0.2', 0],
      ['10.0.0.1', 1],
      ['2001:db8::9', 2],
    ]);
  });

  test('a trust function that re-enters a resolver does not corrupt the walk', () => {
    const inner = createResolver({ trust: true });
    const resolve = createResolver({
      trust: (address) => {
        inner({
          remoteAddress: '2001:db8::77',
          headers: { 'x-forwarded-for': '[2001:db8::88]:9' },
        });
        return address.startsWith('10.');
      },
    });
    expect(
      resolve({
        remoteAddress: '10.0.0.2',
        headers: { 'x-forwarded-for': '198.51.100.9:1234, 10.0.0.1' },
      }),
    ).toEqual(entry('198.51.100.9', 2, 'untrusted', 1234));
  });

  // The resolver keeps the last peer's verdict (PeerMemo, options.ts): a run of requests from
  // changing peers must answer each one as a resolver seeing it first would.
  test.each<[string, RealIpOptions]>([
    ['ranges', { trust: ['10.0.0.0/8', '2001:db8::/32'] }],
    ['ranges, keepMapped', { trust: ['10.0.0.0/8', '2001:db8::/32'], keepMapped: true }],
    ['hops', { trust: '10.0.0.0/8', hops: 2 }],
    ['trust all', { trust: true }],
    ['trust none', { trust: false }],
    ['forwarded', { trust: ['10.0.0.0/8', '2001:db8::/32'], header: 'forwarded' }],
  ])('one resolver, peers changing between requests (%s)', (_, options) => {
    const headers = {
      'x-forwarded-for': '198.51.100.9, 10.0.0.7',
      forwarded: 'for=198.51.100.9, for=10.0.0.7',
    };
    // Each peer twice in a row (the second is answered from the memo), in both directions.
    const peers = [
      '10.0.0.1',
      '203.0.113.5',
      '::ffff:10.0.0.1',
      '::ffff:203.0.113.5',
      '2001:db8::1',
      '2001:db9::1',
      'fe80::1%eth0',
      'junk',
      '',
      '10.0.0.2',
    ].flatMap((p) => [p, p]);
    const shared = createResolver(options);
    for (const remoteAddress of [...peers, ...peers.reverse()]) {
      const input = { remoteAddress, headers };
      expect({ remoteAddress, result: shared(input) }).toEqual({
        remoteAddress,
        result: createResolver(options)(input),
      });
    }
  });

  describe('a trust function that throws', () => {
    const failing = (at: number) => (address: string, hop: number) => {
      if (hop === at) throw new Error(`lookup failed for ${address}`);
      return true;
    };
    const input = {
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.9, 203.0.113.7, 10.0.0.2' },
    };
    test.each<[number, ClientAddress]>([
      [0, peer('10.0.0.1', 0, 'trust-error')],
      [1, entry('10.0.0.2', 1, 'trust-error')],
      [2, entry('203.0.113.7', 2, 'trust-error')],
    ])('at hop %i: that hop is untrusted and the answer, reason trust-error', (at, expected) => {
      const resolve = createResolver({ trust: failing(at) });
      expect(resolve(input)).toEqual(expected);
      // The next request starts clean: nothing of the error is left over.
      expect(createResolver({ trust: () => false })(input).reason).toBe('untrusted');
      expect(resolve.explain(input).result).toEqual(expected);
    });

    test('explain notes the error on the hop it stopped at', () => {
      const { steps } = createResolver({ trust: failing(2) }).explain(input);
      expect(steps.at(-1)).toMatchObject({
        hop: 2,
        address: '203.0.113.7',
        verdict: 'untrusted',
        note: 'the trust function threw: Error: lookup failed for 203.0.113.7',
      });
      expect(steps.slice(0, -1).map((s) => s.note)).toEqual([undefined, undefined]);
    });

    test('a thrown non-Error (even undefined) is caught too', () => {
      const resolve = createResolver({
        trust: () => {
          throw undefined; // eslint-disable-line @typescript-eslint/only-throw-error
        },
      });
      expect(resolve(input).reason).toBe('trust-error');
    });
  });

  test('a trust function is asked about the peer on every request', () => {
    const asked: string[] = [];
    const resolve = createResolver({
      trust: (address, hop) => {
        asked.push(`${hop}:${address}`);
        return hop === 0 && asked.length < 3;
      },
    });
    const input = { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '198.51.100.9' } };
    expect([resolve(input).ip, resolve(input).ip, resolve(input).ip]).toEqual([
      '198.51.100.9',
      '10.0.0.1',
      '10.0.0.1',
    ]);
    expect(asked).toEqual(['0:10.0.0.1', '1:198.51.100.9', '0:10.0.0.1', '0:10.0.0.1']);
  });

  test('work is bounded by the hops walked: a 1 MB header where one hop decides', () => {
    const huge = `${'6.6.6.6, '.repeat(110_000)}198.51.100.9`;
    const resolve = createResolver({ trust: '10.0.0.0/8' });
    expect(
      resolve.explain({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': huge } }).steps,
    ).toHaveLength(2);
    expect(resolve({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': huge } }).ip).toBe(
      '198.51.100.9',
    );
  });
});

describe('single-address headers', () => {
  const realIp = (value: string | string[]) => ({
    'x-real-ip': value,
    'x-forwarded-for': '7.7.7.7',
  });
  test.each<Row>([
    [
      'believed from a trusted peer',
      { header: 'x-real-ip', trust: '10.0.0.0/8' },
      { remoteAddress: '10.0.0.1', headers: realIp('198.51.100.9') },
      entry('198.51.100.9', 1, 'untrusted', undefined, 'x-real-ip'),
    ],
    [
      'ignored from an untrusted peer',
      { header: 'x-real-ip', trust: '10.0.0.0/8' },
      { remoteAddress: '203.0.113.7', headers: realIp('6.6.6.6') },
      peer('203.0.113.7', 0, 'untrusted'),
    ],
    [
      'a list is invalid',
      { header: 'x-real-ip', trust: '10.0.0.0/8' },
      { remoteAddress: '10.0.0.1', headers: realIp('6.6.6.6:80, 7.7.7.7') },
      peer('10.0.0.1', 0, 'invalid'),
    ],
    [
      'repeated lines are invalid',
      { header: 'x-real-ip', trust: '10.0.0.0/8' },
      { remoteAddress: '10.0.0.1', headers: realIp(['6.6.6.6', '7.7.7.7']) },
      peer('10.0.0.1', 0, 'invalid'),
    ],
    [
      'with a port',
      { header: 'CF-Connecting-IP', trust: '10.0.0.0/8' },
      { remoteAddress: '10.0.0.1', headers: { 'cf-connecting-ip': '[2001:db8::5]:80' } },
      entry('2001:db8::5', 1, 'untrusted', 80, 'cf-connecting-ip'),
    ],
    [
      'a trusted value is the leftmost',
      { header: 'x-real-ip', trust: '10.0.0.0/8' },
      { remoteAddress: '10.0.0.1', headers: realIp('10.9.9.9') },
      entry('10.9.9.9', 1, 'exhausted', undefined, 'x-real-ip'),
    ],
    [
      'garbage is invalid',
      { header: 'x-real-ip', trust: '10.0.0.0/8' },
      { remoteAddress: '10.0.0.1', headers: realIp('unknown') },
      peer('10.0.0.1', 0, 'invalid'),
    ],
    [
      'empty is absent',
      { header: 'x-real-ip', trust: '10.0.0.0/8' },
      { remoteAddress: '10.0.0.1', headers: realIp('') },
      peer('10.0.0.1', 0, 'exhausted'),
    ],
    [
      'XFF is never mixed in',
      { header: 'x-real-ip', trust: '10.0.0.0/8' },
      { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '198.51.100.9' } },
      peer('10.0.0.1', 0, 'exhausted'),
    ],
  ])('%s', (_title, options, input, expected) => {
    expect(createResolver(options)(input)).toEqual(expected);
  });
});

describe('RFC 7239 Forwarded', () => {
  const options: RealIpOptions = { header: 'forwarded', trust: '10.0.0.0/8' };
  const fwd = (value: string | string[]) => ({
    remoteAddress: '10.0.0.2',
    headers: { forwarded: value, 'x-forwarded-for': '7.7.7.7' },
  });
  const answer = (ip: string, hops: number, reason: ClientAddress['reason'], port?: number) =>
    entry(ip, hops, reason, port, 'forwarded');
  test.each<[string, string | string[], ClientAddress]>([
    [
      'quoted [v6]:port',
      'for="[2001:db8::1]:80";proto=https',
      answer('2001:db8::1', 1, 'untrusted', 80),
    ],
    [
      'mixed case names, two elements',
      'For="198.51.100.9";PROTO=HTTPS, for=10.0.0.1',
      answer('198.51.100.9', 2, 'untrusted'),
    ],
    [
      'unknown stops the walk',
      'for=6.6.6.6, for=unknown, for=10.0.0.1',
      answer('10.0.0.1', 1, 'invalid'),
    ],
    [
      'an obfuscated node stops the walk',
      'for=6.6.6.6, for=_hidden',
      peer('10.0.0.2', 0, 'invalid'),
    ],
    ['an obfuscated port', 'for="198.51.100.9:_p1"', answer('198.51.100.9', 1, 'untrusted')],
    ['a bare IP is not RFC 7239 syntax', '6.6.6.6', peer('10.0.0.2', 0, 'invalid')],
    ['unbracketed IPv6 is invalid', 'for="2001:db8::1"', peer('10.0.0.2', 0, 'invalid')],
    ['an element without for=', 'proto=https;by=10.0.0.2', peer('10.0.0.2', 0, 'invalid')],
    ['a duplicated parameter', 'for=6.6.6.6;for=198.51.100.9', peer('10.0.0.2', 0, 'invalid')],
    ['escapes in a quoted node', 'for="\\[2001:db8::2\\]"', answer('2001:db8::2', 1, 'untrusted')],
    [
      'a comma inside quotes does not split',
      'for=198.51.100.9;ext="a, for=6.6.6.6"',
      answer('198.51.100.9', 1, 'untrusted'),
    ],
    [
      'repeated lines',
      ['for=198.51.100.9', 'for=10.0.0.1'],
      answer('198.51.100.9', 2, 'untrusted'),
    ],
    [
      'a client-side unterminated quote cannot swallow trusted elements',
      'for="6.6.6.6, for=198.51.100.9',
      answer('198.51.100.9', 1, 'untrusted'),
    ],
  ])('%s', (_title, value, expected) => {
    expect(createResolver(options)(fwd(value))).toEqual(expected);
  });
});

describe('protocol and host from the same hop', () => {
  test.each<[string, RealIpOptions, Record<string, string>, Partial<ClientAddress>]>([
    [
      'XFP at the same position as the address',
      { trust: '10.0.0.0/8', protocol: true, host: true },
      {
        'x-forwarded-for': '198.51.100.9, 10.0.0.1',
        'x-forwarded-proto': 'https, http',
        'x-forwarded-host': 'a.example, b.example',
      },
      { ip: '198.51.100.9', protocol: 'https', host: 'a.example' },
    ],
    [
      'one entry each',
      { trust: '10.0.0.0/8', protocol: true, host: true },
      {
        'x-forwarded-for': '198.51.100.9',
        'x-forwarded-proto': 'HTTPS',
        'x-forwarded-host': 'Shop.Example:8443',
      },
      { protocol: 'https', host: 'shop.example:8443' },
    ],
    [
      'a shorter list says nothing for that hop',
      { trust: '10.0.0.0/8', protocol: true },
      { 'x-forwarded-for': '198.51.100.9, 10.0.0.1', 'x-forwarded-proto': 'http' },
      { ip: '198.51.100.9', protocol: undefined },
    ],
    [
      // The lockstep read examines at most maxEntries elements (empty ones included), as the
      // address walk does, so a header of commas cannot make it read the whole header.
      'X-Forwarded-Proto past maxEntries empty elements is not read',
      { trust: '10.0.0.0/8', protocol: true },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-proto': `https${','.repeat(32)}` },
      { ip: '198.51.100.9', protocol: undefined },
    ],
    [
      'X-Forwarded-Proto within maxEntries elements is read',
      { trust: '10.0.0.0/8', protocol: true },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-proto': `https${','.repeat(31)}` },
      { ip: '198.51.100.9', protocol: 'https' },
    ],
    [
      'X-Forwarded-Host past maxEntries empty elements is not read',
      { trust: '10.0.0.0/8', host: true, maxEntries: 4 },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-host': 'a.example,,,,' },
      { ip: '198.51.100.9', host: undefined },
    ],
    [
      'X-Forwarded-Host: -',
      { trust: '10.0.0.0/8', host: true },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-host': '-' },
      { ip: '198.51.100.9', host: '-' },
    ],
    [
      'garbage protocol is ignored',
      { trust: '10.0.0.0/8', protocol: true },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-proto': 'javascript' },
      { protocol: undefined },
    ],
    [
      'garbage host is ignored',
      { trust: '10.0.0.0/8', host: true },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-host': 'evil.example/path' },
      { host: undefined },
    ],
    [
      'not read from an untrusted peer',
      { trust: '192.0.2.0/24', protocol: true, host: true },
      {
        'x-forwarded-for': '198.51.100.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'evil.example',
      },
      { ip: '10.0.0.1', protocol: undefined, host: undefined },
    ],
    [
      'not read when the answer is the peer',
      { trust: '10.0.0.0/8', protocol: true },
      { 'x-forwarded-proto': 'https' },
      { ip: '10.0.0.1', protocol: undefined },
    ],
    [
      'off unless asked',
      { trust: '10.0.0.0/8' },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-proto': 'https' },
      { protocol: undefined },
    ],
    [
      'a custom header name',
      { trust: '10.0.0.0/8', protocol: 'x-forwarded-scheme' },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-scheme': 'https' },
      { protocol: 'https' },
    ],
    [
      'Forwarded: proto and host of the same element',
      { header: 'forwarded', trust: '10.0.0.0/8', protocol: true, host: true },
      {
        forwarded:
          'for=198.51.100.9;proto=https;host="a.example:8080", for=10.0.0.5;proto=http;host=b.example',
      },
      { ip: '198.51.100.9', protocol: 'https', host: 'a.example:8080' },
    ],
    [
      'Forwarded: an IPv6 host',
      { header: 'forwarded', trust: '10.0.0.0/8', host: true },
      { forwarded: 'for=198.51.100.9;host="[2001:db8::1]:443"' },
      { host: '[2001:db8::1]:443' },
    ],
    [
      'Forwarded: a malformed client element left of the answer cannot lend it its proto',
      { header: 'forwarded', trust: '10.0.0.0/8', protocol: true },
      { forwarded: 'x"y;proto=http, for=10.0.0.5;proto=https' },
      { ip: '10.0.0.5', reason: 'invalid', protocol: 'https' },
    ],
  ])('%s', (_title, options, headers, expected) => {
    expect(createResolver(options)({ remoteAddress: '10.0.0.1', headers })).toMatchObject(expected);
  });
});

describe('a real IncomingMessage', () => {
  test('is accepted directly, with Node joining repeated lines', async () => {
    const resolve = createResolver({ trust: 'loopback' });
    const server = http.createServer((req, res) => res.end(JSON.stringify(resolve(req))));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      const body = await new Promise<string>((done, fail) => {
        const req = http.request({
          port,
          host: '127.0.0.1',
          headers: { 'X-Forwarded-For': ['6.6.6.6', '198.51.100.9'] },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => done(text));
        });
        req.on('error', fail);
        req.end();
      });
      expect(JSON.parse(body)).toEqual(
        JSON.parse(JSON.stringify(entry('198.51.100.9', 1, 'untrusted'))),
      );
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe('a real HTTP/2 request', () => {
  test('is accepted directly (Http2ServerRequest, cleartext h2c)', async () => {
    const resolve = createResolver({ trust: 'loopback' });
    const server = http2.createServer((req, res) => res.end(JSON.stringify(resolve(req))));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const client = http2.connect(`http://127.0.0.1:${port}`);
    try {
      const body = await new Promise<string>((done, fail) => {
        const stream = client.request({
          ':path': '/',
          'x-forwarded-for': '6.6.6.6, [2001:db8::9]:443',
        });
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
        stream.on('end', () => done(text));
        stream.on('error', fail);
      });
      expect(JSON.parse(body)).toEqual(
        JSON.parse(JSON.stringify(entry('2001:db8::9', 1, 'untrusted', 443))),
      );
    } finally {
      client.close();
      await new Promise((done) => server.close(done));
    }
  });
});
