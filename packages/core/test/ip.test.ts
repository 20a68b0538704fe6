import { isIP } from 'node:net';
import fc from 'fast-check';
import { canonicalIp } from '@realip/core';
import {
  ADDR,
  INVALID,
  MAPPED,
  V4,
  V6,
  addressText,
  formatAddress,
  parseAddress,
  parseIPv4,
  parsePort,
} from '../src/ip.js';

const seed = 20261124;

describe('parseIPv4 (strict dotted quad)', () => {
  test.each([
    ['0.0.0.0', 0],
    ['1.2.3.4', 0x01020304],
    ['255.255.255.255', 0xffffffff],
    ['10.0.0.1', 0x0a000001],
    ['192.168.100.200', 0xc0a864c8],
  ])('%s is %d', (text, value) => {
    ADDR.fill(-1);
    expect(parseIPv4(text, 0, text.length)).toBe(V4);
    expect([...ADDR]).toEqual([0, 0, 0xffff, value | 0]);
  });

  test.each([
    ['', 'empty'],
    ['1.2.3', 'three parts'],
    ['1.2.3.4.5', 'five parts'],
    ['010.0.0.1', 'leading zero (octal in inet_aton)'],
    ['1.2.3.04', 'leading zero in the last part'],
    ['00.1.2.3', 'double zero'],
    ['0x7f.0.0.1', 'hex part'],
    ['2130706433', 'a 32-bit integer'],
    ['127.1', 'short form'],
    ['256.1.1.1', 'part over 255'],
    ['1.2.3.4 ', 'trailing space'],
    ['1..2.3', 'empty part'],
    ['1.2.3.', 'trailing dot'],
    ['.1.2.3', 'leading dot'],
    ['1.2.3.-4', 'sign'],
    ['１.2.3.4', 'full-width digit'],
  ])('%j is not an address (%s)', (text) => {
    expect(parseIPv4(text, 0, text.length)).toBe(INVALID);
  });
});

describe('parseAddress', () => {
  test.each([
    ['1.2.3.4', V4],
    ['::1', V6],
    ['::', V6],
    ['2001:db8::1', V6],
    ['1:2:3:4:5:6:7:8', V6],
    ['1:2:3:4:5:6:7::', V6],
    ['::2:3:4:5:6:7:8', V6],
    ['::ffff:10.0.0.1', MAPPED],
    ['::FFFF:a00:1', MAPPED],
    ['::1.2.3.4', V6],
    ['64:ff9b::192.0.2.33', V6],
    ['1:2:3:4:5:6:1.2.3.4', V6],
  ])('%s parses as family %d', (text, family) => {
    expect(parseAddress(text, 0, text.length, false)).toBe(family);
  });

  test.each([
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1::2::3',
    ':::',
    ':1::2',
    '1::2:',
    '1:2:3:4:5:6:7:8::',
    '12345::1',
    'g::1',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::1.2.3',
    '::ffff:010.0.0.1',
    '::1.2.3.4:5',
    '[::1]',
    'fe80::1%eth0',
    ':',
    '',
  ])('%j is not an address', (text) => {
    expect(parseAddress(text, 0, text.length, false)).toBe(INVALID);
  });

  test('a zone id is accepted only when asked (socket addresses)', () => {
    expect(parseAddress('fe80::1%eth0', 0, 12, true)).toBe(V6);
    expect(parseAddress('fe80::1%', 0, 8, true)).toBe(INVALID);
    expect(parseAddress('1.2.3.4%eth0', 0, 12, true)).toBe(INVALID);
  });

  test('agrees with net.isIP on random IPv6-like text (no zone ids)', () => {
    const alphabet = fc.constantFrom(...'0123456789abcdefABCDEF:.'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 45 }), (text) => {
        const ours = parseAddress(text, 0, text.length, false) !== INVALID;
        expect(ours).toBe(isIP(text) !== 0);
      }),
      { seed, numRuns: 20000 },
    );
  });

  test('agrees with net.isIP on every generated valid IPv6 address', () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        expect(parseAddress(text, 0, text.length, false)).not.toBe(INVALID);
      }),
      { seed, numRuns: 5000 },
    );
  });
});

describe('parsePort', () => {
  test.each([
    ['0', 0],
    ['80', 80],
    ['65535', 65535],
    ['00080', 80],
    ['65536', -1],
    ['', -1],
    ['123456', -1],
    ['8a', -1],
    ['-1', -1],
  ])('%j -> %d', (text, value) => {
    expect(parsePort(text, 0, text.length)).toBe(value);
  });
});

describe('canonicalIp (RFC 5952)', () => {
  test.each([
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first of two equal runs (section 4.2.3)
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // never :: for one group (4.2.2)
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'], // the longest run (4.2.3)
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['::ffff:a00:1', '10.0.0.1'],
    ['::1.2.3.4', '::102:304'],
    ['fe80::1%eth0', 'fe80::1'],
    ['10.0.0.1', '10.0.0.1'],
    ['not-an-ip', undefined],
    ['010.0.0.1', undefined],
  ])('%s -> %s', (text, canonical) => {
    expect(canonicalIp(text)).toBe(canonical);
  });

  test('keepMapped prints IPv4-mapped addresses in mixed notation (section 5)', () => {
    expect(canonicalIp('::FFFF:0A00:0001', true)).toBe('::ffff:10.0.0.1');
  });

  test('non-strings are not addresses', () => {
    expect(canonicalIp(undefined as unknown as string)).toBeUndefined();
  });

  test('matches the WHATWG URL serializer (RFC 5952 compression) on random IPv6', () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const canonical = canonicalIp(text, true)!;
        if (canonical.startsWith('::ffff:') && canonical.includes('.')) return; // mixed notation differs by design
        expect(canonical).toBe(new URL(`http://[${text}]/`).hostname.slice(1, -1));
      }),
      { seed, numRuns: 5000 },
    );
  });
});

describe('addressText (the written text when it already is canonical)', () => {
  /** Eight groups written with a chosen case, zero padding and `::` placement. */
  const written = fc
    .record({
      groups: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
        minLength: 8,
        maxLength: 8,
      }),
      upper: fc.boolean(),
      pad: fc.boolean(),
      gap: fc.nat(8),
      len: fc.nat(8),
    })
    .map(({ groups, upper, pad, gap, len }) => {
      const text = groups.map((g) => {
        const hex = pad ? g.toString(16).padStart(4, '0') : g.toString(16);
        return upper ? hex.toUpperCase() : hex;
      });
      // Compress groups [gap, gap + len) when they are all zero (any run, not only the longest).
      const end = Math.min(8, gap + len);
      if (len === 0 || !groups.slice(gap, end).every((g) => g === 0) || gap >= end)
        return text.join(':');
      return `${text.slice(0, gap).join(':')}::${text.slice(end).join(':')}`;
    });

  test.each([
    ['2001:db8::1', true],
    ['2001:DB8::1', false],
    ['2001:0db8::1', false],
    ['2001:db8:0:0:1:0:0:1', false],
    ['2001:db8::1:0:0:1', true],
    ['2001:db8:0:0:1::1', false], // the second of two equal runs
    ['2001:db8::1:1:1:1:1', false], // `::` for one group
    ['2001:db8:0:1:1:1:1:1', true],
    ['::', true],
    ['::1.2.3.4', false], // dotted quad
    ['fe80::1', true],
  ])('%s is returned as written: %s', (text, same) => {
    const header = `x, ${text}, y`;
    const family = parseAddress(header, 3, 3 + text.length, false);
    const out = addressText(family, false, header, 3, 3 + text.length);
    expect(out).toBe(formatAddress(family, false));
    expect(out === text).toBe(same);
  });

  test('always equals formatAddress, on every written form of random addresses', () => {
    fc.assert(
      fc.property(written, fc.nat(3), (text, at) => {
        const header = `${' '.repeat(at)}${text}, 10.0.0.1`;
        const family = parseAddress(header, at, at + text.length, false);
        expect(family).not.toBe(INVALID);
        const formatted = formatAddress(family, true);
        expect(addressText(family, true, header, at, at + text.length)).toBe(formatted);
        if (family === V6)
          expect(formatted).toBe(new URL(`http://[${text}]/`).hostname.slice(1, -1));
      }),
      { seed, numRuns: 20000 },
    );
  });
});
