import {
  NAMED_RANGES,
  RealIpConfigError,
  compileTrust,
  isTrusted,
  type TrustEntry,
  type TrustOption,
} from '@realip/core';
import { matchingLabel } from '../src/trust.js';
import { parseAddress } from '../src/ip.js';

describe('compileTrust: what each form trusts', () => {
  test.each<[string, TrustOption, string[], string[]]>([
    ['an address', '10.0.0.1', ['10.0.0.1', '::ffff:10.0.0.1'], ['10.0.0.2', '::1']],
    [
      'a CIDR',
      '10.0.0.0/8',
      ['10.0.0.0', '10.255.255.255', '::ffff:10.1.2.3'],
      ['11.0.0.0', '9.255.255.255'],
    ],
    ['stray spaces around an entry', ' loopback ', ['127.0.0.1'], ['10.0.0.1']],
    [
      'stray spaces in an array entry',
      [' loopback', '10.0.0.0/8 '] as TrustEntry[],
      ['::1', '10.1.1.1'],
      [],
    ],
    ['an IPv4 netmask', '10.0.0.0/255.0.0.0', ['10.200.0.1'], ['11.0.0.1']],
    ['/32', '192.0.2.1/32', ['192.0.2.1'], ['192.0.2.2']],
    ['/0 (every IPv4)', '0.0.0.0/0', ['1.2.3.4', '255.255.255.255'], ['::1']],
    [
      'an IPv6 CIDR',
      '2001:db8::/32',
      ['2001:db8::1', '2001:db8:ffff::'],
      ['2001:db9::', '10.0.0.1'],
    ],
    ['an IPv6 address', '2001:DB8::1', ['2001:db8::1', '2001:db8:0:0::1'], ['2001:db8::2']],
    ['/128', '::1/128', ['::1'], ['::2']],
    ['::/0 (every IPv6, not IPv4)', '::/0', ['2001:db8::1', '::'], ['10.0.0.1', '::ffff:10.0.0.1']],
    ['a mapped address', '::ffff:10.0.0.1', ['10.0.0.1', '::ffff:10.0.0.1'], ['10.0.0.2']],
    [
      'a mapped range /104 = 10.0.0.0/8',
      '::ffff:10.0.0.0/104',
      ['10.3.4.5', '::ffff:10.3.4.5'],
      ['11.0.0.1'],
    ],
    [
      'a comma-separated string',
      'loopback, 10.0.0.0/8',
      ['127.0.0.1', '10.1.1.1', '::1'],
      ['192.168.0.1'],
    ],
    ['an array', ['192.168.0.0/16', 'fc00::/7'], ['192.168.1.1', 'fd00::1'], ['10.0.0.1']],
    ['loopback', 'loopback', ['127.0.0.1', '127.255.255.254', '::1'], ['128.0.0.1', '::2']],
    ['linklocal', 'linklocal', ['169.254.1.1', 'fe80::1', 'febf::1'], ['169.255.0.1', 'fec0::1']],
    [
      'uniquelocal',
      'uniquelocal',
      ['10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', 'fc00::1', 'fdff::1'],
      ['172.32.0.1', 'fe00::1', '127.0.0.1'],
    ],
    [
      'private = all three',
      'private',
      ['127.0.0.1', '169.254.0.1', '10.0.0.1', '::1', 'fe80::1', 'fd00::1'],
      ['8.8.8.8', '2001:db8::1'],
    ],
    ['true', true, ['8.8.8.8', '2001:db8::1'], []],
    ['false', false, [], ['127.0.0.1', '10.0.0.1']],
    ['an empty array', [], [], ['127.0.0.1']],
  ])('%s', (_name, option, trusted, untrusted) => {
    const compiled = compileTrust(option);
    for (const address of trusted)
      expect([address, isTrusted(compiled, address, 1)]).toEqual([address, true]);
    for (const address of untrusted)
      expect([address, isTrusted(compiled, address, 1)]).toEqual([address, false]);
  });

  test('a function gets the canonical address and the hop index', () => {
    const calls: [string, number][] = [];
    const compiled = compileTrust((address, hop) => {
      calls.push([address, hop]);
      return hop === 0;
    });
    expect(isTrusted(compiled, '::FFFF:10.0.0.1', 0)).toBe(true);
    expect(isTrusted(compiled, '2001:DB8::1', 3)).toBe(false);
    expect(calls).toEqual([
      ['10.0.0.1', 0],
      ['2001:db8::1', 3],
    ]);
  });

  test('a trust function that throws trusts nothing, and isTrusted does not throw', () => {
    const compiled = compileTrust(() => {
      throw new Error('lookup failed');
    });
    expect(isTrusted(compiled, '10.0.0.1', 0)).toBe(false);
  });

  test('invalid text is never trusted, even with trust: true', () => {
    expect(isTrusted(compileTrust(true), 'unknown', 0)).toBe(false);
  });

  test('the input array is not mutated', () => {
    const list: TrustEntry[] = ['loopback', '10.0.0.0/8'];
    compileTrust(list);
    expect(list).toEqual(['loopback', '10.0.0.0/8']);
  });

  test('the named ranges are the documented ones', () => {
    expect(NAMED_RANGES).toEqual({
      loopback: ['127.0.0.0/8', '::1/128'],
      linklocal: ['169.254.0.0/16', 'fe80::/10'],
      uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
    });
  });

  test.each([
    ['10.1.1.1', 'private (10.0.0.0/8)'],
    ['fe80::1', 'private (fe80::/10)'],
    ['::1', 'loopback (::1/128)'],
    ['127.0.0.1', 'loopback (127.0.0.0/8)'],
    ['192.0.2.1', '192.0.2.0/24'],
    ['8.8.8.8', undefined],
  ])('the explain label for %s is %s', (address, label) => {
    const compiled = compileTrust(['loopback', 'private', '192.0.2.0/24']);
    expect(matchingLabel(compiled, parseAddress(address, 0, address.length, false))).toBe(label);
  });
});

describe('compileTrust: configuration errors name the entry and the fix', () => {
  test.each<[unknown, string, RegExp]>([
    ['1', 'trust', /"1": it looks like a hop count.*Use hops: 1/],
    ['0', 'trust', /hop count.*Use trust: false/],
    [['loopback', '2'], 'trust[1]', /trust\[1\] "2": it looks like a hop count/],
    ['loopback, 3', 'trust', /"3" looks like a hop count/],
    [
      '10.0.0.0/33',
      'trust',
      /prefix length \/33 is out of range for IPv4\. Use a prefix from 0 to 32/,
    ],
    ['2001:db8::/129', 'trust', /out of range for IPv6\. Use a prefix from 0 to 128/],
    ['10.0.0.0/-1', 'trust', /is not a prefix length/],
    ['10.0.0.0/8/8', 'trust', /is not a prefix length/],
    ['10.0.0.0/255.0.255.0', 'trust', /netmask 255\.0\.255\.0 is not contiguous/],
    ['2001:db8::/ffff::', 'trust', /is not a prefix length/],
    ['localhost', 'trust', /host names are not resolved.*"loopback" covers localhost/],
    ['example.com', 'trust', /host names are not resolved/],
    ['010.0.0.1', 'trust', /not an IP address.*four decimal parts/],
    ['127.1', 'trust', /not an IP address/],
    ['0x7f.0.0.1', 'trust', /not an IP address/],
    ['2130706433', 'trust', /hop count/],
    ['fe80::1%eth0', 'trust', /has a zone id/],
    [
      '::ffff:10.0.0.0/8',
      'trust',
      /IPv4-mapped range needs a prefix of \/96 or more.*"10\.0\.0\.0\/8".*"::ffff:10\.0\.0\.0\/104"/,
    ],
    ['::ffff:0:0/95', 'trust', /IPv4-mapped range needs a prefix of \/96/],
    ['', 'trust', /is empty/],
    ['loopback,', 'trust', /"loopback,": has an empty entry \(a stray comma\?\)/],
    [',loopback', 'trust', /has an empty entry/],
    [['loopback, , 10.0.0.1'], 'trust[0]', /has an empty entry/],
    [
      '10.0.0.1/8',
      'trust',
      /"10\.0\.0\.1\/8": it has bits set after the \/8 prefix\. Write the network "10\.0\.0\.0\/8" or the single address "10\.0\.0\.1\/32"/,
    ],
    ['10.1.2.3/255.0.0.0', 'trust', /the network "10\.0\.0\.0\/8" or .*"10\.1\.2\.3\/32"/],
    [
      'loopback, 192.168.1.1/16',
      'trust',
      /"192\.168\.1\.1\/16" has bits set.*"192\.168\.0\.0\/16"/,
    ],
    [
      '2001:db8::1/32',
      'trust',
      /the network "2001:db8::\/32" or the single address "2001:db8::1\/128"/,
    ],
    ['::ffff:10.0.0.1/104', 'trust', /"10\.0\.0\.0\/8" or the single address "10\.0\.0\.1\/32"/],
    [
      '10.0.0.0/08',
      'trust',
      /"\/08" is not a prefix length\. Write it without leading zeros \("\/8"\)/,
    ],
    ['10.0.0.0/00', 'trust', /without leading zeros \("\/0"\)/],
    [class Trusted {}, 'trust', /is a class, not a trust function/],
    ['LOOPBACK', 'trust', /not a named range \(names are lower-case\)\. Use "loopback"/],
    ['true', 'trust', /Use the boolean trust: true/],
    ['*', 'trust', /Use the boolean trust: true/],
    [2, 'trust', /a number is not a trust entry\. Use hops: 2/],
    [[null], 'trust[0]', /expected a string, got object/],
  ])('%j', (option, where, message) => {
    let error: unknown;
    try {
      compileTrust(option as TrustOption);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error).toBeInstanceOf(TypeError);
    const e = error as RealIpConfigError;
    expect(e.code).toBe('ERR_REALIP_INVALID_TRUST');
    expect(e.option).toBe(where);
    expect(e.message).toMatch(/^@realip\/core: /);
    expect(e.message).toMatch(message);
  });
});
