/**
 * Property tests (fast-check, fixed seed so CI is repeatable): hostile input never throws and never
 * yields anything but a canonical IP; clients cannot move the answer by writing on the left; and on
 * plain-address headers we agree with proxy-addr, the walk Express and Fastify use.
 */
import fc from 'fast-check';
import proxyaddr from 'proxy-addr';
import { canonicalIp, createResolver, type RealIpOptions, type TrustEntry } from '@realip/core';

const seed = 20261124;
const runs = { seed, numRuns: 3000 };

const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const address = fc.oneof(
  v4,
  fc.ipV6(),
  fc.constantFrom(
    '10.0.0.1',
    '10.9.8.7',
    '::ffff:10.1.1.1',
    '127.0.0.1',
    '::1',
    'fd00::1',
    '2001:db8::1',
  ),
);
const junk = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    'unknown',
    '_hidden',
    '[::1]',
    'fe80::1%eth0',
    '1.2.3.4.5',
    '010.0.0.1',
    '"',
    '\\',
    ';',
    '=',
    'for=',
    'for="[::1]',
  ),
);
const token = fc.oneof(
  address,
  address.map((a) => (a.includes(':') ? `[${a}]:443` : `${a}:80`)),
  junk,
  fc.constant(''),
);
const header = fc.oneof(
  fc.array(token, { maxLength: 12 }).map((t) => t.join(', ')),
  fc
    .array(
      token.map((t) => `for=${/^[\w.]+$/.test(t) ? t : JSON.stringify(t)}`),
      { maxLength: 6 },
    )
    .map((t) => t.join(', ')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const headerValue = fc.oneof(header, fc.array(header, { maxLength: 3 }));
const optionsArb: fc.Arbitrary<RealIpOptions> = fc
  .record(
    {
      trust: fc.constantFrom<RealIpOptions['trust']>(
        true,
        false,
        'private',
        '10.0.0.0/8',
        ['loopback', '2001:db8::/32'],
        (a: string) => a.endsWith('1'),
      ),
      header: fc.constantFrom('x-forwarded-for', 'forwarded', 'x-real-ip'),
      hops: fc.nat(4),
      maxEntries: fc.integer({ min: 3, max: 40 }),
      keepMapped: fc.boolean(),
      protocol: fc.boolean(),
      host: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .filter(
    (o) =>
      !(o.hops && o.trust === false) &&
      !(o.hops !== undefined && o.hops > (o.maxEntries ?? 32) + 1),
  );

describe('properties', () => {
  test('hostile input never throws and always yields a canonical IP or undefined', () => {
    fc.assert(
      fc.property(
        optionsArb,
        fc.option(fc.oneof(address, junk)),
        headerValue,
        headerValue,
        (options, peer, value, other) => {
          const resolve = createResolver(options);
          const headers = {
            [options.header ?? 'x-forwarded-for']: value,
            'x-forwarded-proto': other,
            'x-forwarded-host': other,
          };
          const result = resolve({ remoteAddress: peer ?? undefined, headers });
          if (result.ip === undefined) {
            expect(result.reason).toBe('no-peer');
          } else {
            expect(canonicalIp(result.ip, options.keepMapped)).toBe(result.ip);
            expect(result.family).toBe(result.ip.includes(':') ? 6 : 4);
          }
          expect(
            result.protocol === undefined ||
              result.protocol === 'http' ||
              result.protocol === 'https',
          ).toBe(true);
          expect(resolve.explain({ remoteAddress: peer ?? undefined, headers }).result).toEqual(
            result,
          );
        },
      ),
      runs,
    );
  });

  test('entries a client adds on the left never change the answer once an untrusted hop decides', () => {
    const trusted = fc.constantFrom(
      '10.0.0.1',
      '10.2.3.4',
      '::ffff:10.5.5.5',
      '[::ffff:10.6.6.6]:8080',
    );
    const client = fc.constantFrom(
      '198.51.100.9',
      '2001:db8::9',
      '203.0.113.1:4444',
      '[2001:db8::7]:1',
    );
    fc.assert(
      fc.property(
        fc.constantFrom('x-forwarded-for', 'forwarded'),
        fc.array(trusted, { maxLength: 5 }),
        client,
        fc.array(fc.oneof(token, junk), { maxLength: 30 }),
        (name, proxies, realClient, prefix) => {
          const resolve = createResolver({ trust: '10.0.0.0/8', header: name, maxEntries: 64 });
          // RFC 7239 section 6: IPv6 nodes are bracketed.
          const node = (t: string) => (t.startsWith('[') || !t.includes('::') ? t : `[${t}]`);
          const format = (t: string) =>
            name === 'forwarded' ? `for=${JSON.stringify(node(t))}` : t;
          const honest = [realClient, ...proxies].map(format).join(', ');
          const expected = resolve({ remoteAddress: '10.0.0.100', headers: { [name]: honest } });
          expect(expected.reason).toBe('untrusted');
          const spoofed = `${prefix.join(', ')}, ${honest}`;
          expect(resolve({ remoteAddress: '10.0.0.100', headers: { [name]: spoofed } })).toEqual(
            expected,
          );
          expect(
            resolve({
              remoteAddress: '10.0.0.100',
              headers: { [name]: [prefix.join(','), honest] },
            }),
          ).toEqual(expected);
        },
      ),
      runs,
    );
  });

  test('agrees with proxy-addr on headers made only of plain addresses', () => {
    const pool = fc.constantFrom(
      '10.0.0.1',
      '10.200.1.1',
      '192.168.1.1',
      '127.0.0.1',
      '198.51.100.9',
      '203.0.113.7',
      '::1',
      'fd00::5',
      '2001:db8::1',
      '2001:db8:0:0::2',
      '::ffff:10.0.0.9',
      '172.16.5.4',
    );
    const trustLists = fc.constantFrom<TrustEntry[]>(
      ['10.0.0.0/8'],
      ['loopback'],
      ['uniquelocal', 'loopback'],
      ['2001:db8::/32', '10.0.0.0/8'],
      ['::ffff:10.0.0.0/104'],
      ['192.168.1.1', '::1'],
    );
    let walked = 0;
    fc.assert(
      fc.property(trustLists, pool, fc.array(pool, { maxLength: 8 }), (trust, peer, entries) => {
        const header = entries.join(', ');
        const req = {
          socket: { remoteAddress: peer },
          headers: { 'x-forwarded-for': header },
          connection: { remoteAddress: peer },
        };
        const theirs = proxyaddr(req as never, proxyaddr.compile(trust));
        const ours = createResolver({ trust })({
          remoteAddress: peer,
          headers: { 'x-forwarded-for': header },
        });
        if (ours.hops > 0) walked++;
        expect(ours.ip).toBe(canonicalIp(theirs));
      }),
      runs,
    );
    expect(walked).toBeGreaterThan(500);
  });
});
