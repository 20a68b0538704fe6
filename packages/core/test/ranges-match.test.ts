/**
 * The merged interval table answers exactly what a scan of the ranges the user wrote answers
 * (ipaddr.js's own `match` is the oracle), for short lists (no directory) and long ones (with the
 * /12 directory), at interval edges, across /12 boundaries, and for IPv6.
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { compileTrust, isTrusted, type TrustEntry } from '@realip/core';

const runs = { seed: 20261202, numRuns: 300 };

const v4 = fc
  .nat(0xffffffff)
  .map((n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
const cidr4 = fc
  .tuple(v4, fc.integer({ min: 0, max: 32 }))
  .map(([a, p]) => `${ipaddr.IPv4.networkAddressFromCIDR(`${a}/${p}`).toString()}/${p}`);
// ipaddr.js reads any embedded dotted quad ('::1.2.3.4') as IPv4-mapped: the oracle gets none.
const v6 = fc.ipV6().filter((a) => !a.includes('.'));
const cidr6 = fc
  .tuple(v6, fc.integer({ min: 0, max: 128 }))
  .map(([a, p]) => `${ipaddr.IPv6.networkAddressFromCIDR(`${a}/${p}`).toString()}/${p}`);

/** What the list trusts, by a scan of every range: the oracle. */
function scan(list: readonly string[], address: string): boolean {
  let ip = ipaddr.parse(address);
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
  return list.some((c) => {
    const range = ipaddr.parseCIDR(c);
    return range[0].kind() === ip.kind() && ip.match(range);
  });
}

/** Addresses worth asking about: random ones, and the first, last and neighbours of each range. */
function probes(list: readonly string[], random: readonly string[]): string[] {
  const out = [...random];
  for (const c of list) {
    const [net, prefix] = ipaddr.parseCIDR(c);
    if (net.kind() !== 'ipv4') continue;
    const first = ipaddr.IPv4.networkAddressFromCIDR(c).toByteArray();
    const last = ipaddr.IPv4.broadcastAddressFromCIDR(c).toByteArray();
    const n = (b: number[]) => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    for (const x of [n(first) - 1, n(first), n(last), n(last) + 1]) {
      if (x >= 0 && x <= 0xffffffff && prefix >= 0)
        out.push([x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.'));
    }
  }
  return out;
}

describe('the interval table agrees with a scan of the ranges', () => {
  test.each([
    ['short IPv4 lists (no directory)', 1, 7],
    ['long IPv4 lists (the /12 directory)', 8, 400],
  ])('%s', (_name, min, max) => {
    fc.assert(
      fc.property(
        fc.array(cidr4 as fc.Arbitrary<TrustEntry>, { minLength: min, maxLength: max }),
        fc.array(v4, { maxLength: 40 }),
        (list, random) => {
          const trust = compileTrust(list);
          for (const a of probes(list, random)) {
            if (isTrusted(trust, a, 0) !== scan(list, a)) return false;
            if (isTrusted(trust, `::ffff:${a}`, 0) !== scan(list, a)) return false;
          }
          return true;
        },
      ),
      runs,
    );
  });

  test('IPv6 lists', () => {
    fc.assert(
      fc.property(
        fc.array(cidr6 as fc.Arbitrary<TrustEntry>, { minLength: 1, maxLength: 60 }),
        fc.array(v6, { maxLength: 40 }),
        (list, random) => {
          const trust = compileTrust(list);
          const inside = list.map((c) => c.slice(0, c.indexOf('/')));
          return [...random, ...inside].every((a) => isTrusted(trust, a, 0) === scan(list, a));
        },
      ),
      runs,
    );
  });

  test.each<[string, TrustEntry[], string, boolean]>([
    ['a range ending at a /12 edge', ['10.0.0.0/12', ...fill()], '10.15.255.255', true],
    ['the next /12', ['10.0.0.0/12', ...fill()], '10.16.0.0', false],
    ['a range spanning many /12s', ['64.0.0.0/2', ...fill()], '100.200.0.1', true],
    ['the top of the space', ['255.255.255.255/32', ...fill()], '255.255.255.255', true],
    ['the bottom of the space', ['0.0.0.0/32', ...fill()], '0.0.0.0', true],
    [
      'touching ranges are joined',
      ['10.0.0.0/9', '10.128.0.0/9', ...fill()],
      '10.127.255.255',
      true,
    ],
    ['overlapping ranges', ['10.0.0.0/8', '10.1.0.0/16', ...fill()], '10.200.0.1', true],
    ['IPv6 top of the space', ['ffff:ffff::/32'], 'ffff:ffff:ffff::1', true],
    ['IPv6 below a range', ['2001:db8::/32'], '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', false],
  ])('%s', (_name, list, address, expected) => {
    expect(isTrusted(compileTrust(list), address, 0)).toBe(expected);
  });
});

/** Eight ranges far from the ones under test, so the directory is built. */
function fill(): TrustEntry[] {
  return Array.from({ length: 8 }, (_, i): TrustEntry => `198.51.${i * 4}.0/24`);
}
