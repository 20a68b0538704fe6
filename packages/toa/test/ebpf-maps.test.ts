/**
 * The eBPF receiver's map layouts, as the loader writes them and `toaStatus()` reads them back;
 * and the TypeScript orders checked against the C enums of `ebpf/toa.bpf.c`, so the two cannot
 * drift apart. No root needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RealIpConfigError, type TrustOption } from '@realip/core';
import {
  COUNTERS,
  EBPF_KINDS,
  GLOBALS,
  bytesOf,
  configValueArgs,
  decodeCounters,
  kindsOfConfig,
  littleEndian,
  parseKinds,
  rangeText,
  trustEntryArgs,
  trustRanges,
} from '../src/ebpf-maps';

const SOURCE = readFileSync(join(__dirname, '..', 'ebpf', 'toa.bpf.c'), 'utf8');

/** The enumerators of a C enum, in order. */
function enumerators(name: string): string[] {
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(SOURCE)?.[1] ?? '';
  return body
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && !e.endsWith('_COUNT'));
}

describe('the C enums and the TypeScript orders agree', () => {
  test('slots: one per kind, in EBPF_KINDS order', () => {
    expect(enumerators('toa_slot')).toEqual(EBPF_KINDS.map((k) => `SLOT_${k}`));
  });
  test('per-kind counters', () => {
    expect(enumerators('toa_counter')).toEqual(COUNTERS.map((c) => `COUNTER_${c.toUpperCase()}`));
  });
  test('global counters', () => {
    const names = GLOBALS.map((g) => `GLOBAL_${g.replace(/[A-Z]/g, (l) => `_${l}`).toUpperCase()}`);
    expect(enumerators('toa_global')).toEqual(names);
  });
});

describe('trust ranges: the core syntax, as LPM trie keys', () => {
  test.each([
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['192.0.2.1', ['192.0.2.1/32']],
    ['10.0.0.0/255.255.0.0', ['10.0.0.0/16']],
    ['loopback', ['127.0.0.0/8', '::1/128']],
    ['2001:db8::/32, 198.51.100.0/24', ['198.51.100.0/24', '2001:db8::/32']],
    [
      ['::/0', '0.0.0.0/0'],
      ['0.0.0.0/0', '::/0'],
    ],
  ])('%j -> %j', (trust, expected) => {
    expect(trustRanges(trust as TrustOption).map(rangeText)).toEqual(expected);
  });

  test('an IPv4 range is v4-mapped: prefix + 96, ::ffff: before the address', () => {
    expect(trustRanges('10.1.0.0/16')).toEqual([
      { prefixlen: 112, addr: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 0, 0] },
    ]);
    expect(trustEntryArgs(trustRanges('10.1.0.0/16')[0]!).slice(0, 6)).toEqual([
      'key',
      'hex',
      '70',
      '00',
      '00',
      '00',
    ]);
  });

  test.each([
    [true, /would believe the option from any source/],
    [false, /trusts no source/],
    [() => true, /a function cannot run in the kernel/],
    ['10.0.0.0/33', /@realip\/toa: trust "10.0.0.0\/33"/],
  ])('%p is refused with a RealIpConfigError', (trust, message) => {
    expect(() => trustRanges(trust as TrustOption)).toThrow(RealIpConfigError);
    expect(() => trustRanges(trust as TrustOption)).toThrow(message);
  });
});

describe('kinds', () => {
  test.each([
    [undefined, [200, 254, 253, 252, 249]],
    ['200,254', [200, 254]],
    [
      [254, 254, 200],
      [254, 200],
    ],
  ])('%j -> %j', (kinds, expected) => {
    expect(parseKinds(kinds)).toEqual(expected);
    expect(
      kindsOfConfig(
        bytesOf(
          configValueArgs(parseKinds(kinds))
            .slice(2)
            .map((b) => `0x${b}`),
        ),
      ),
    ).toEqual(
      [...expected].sort((a, b) => EBPF_KINDS.indexOf(a as 200) - EBPF_KINDS.indexOf(b as 200)),
    );
  });
  test.each([[[28]], ['200,x'], [[]]])('%j is refused, naming the kinds', (kinds) => {
    expect(() => parseKinds(kinds)).toThrow(
      /@realip\/toa: kinds .*Use some of 200, 254, 253, 252, 249/,
    );
  });
});

describe('counters', () => {
  test('slot-major per-kind counters, then the globals; missing entries read as 0', () => {
    const values = Array.from({ length: 28 }, (_, i) => i);
    const counters = decodeCounters(values);
    expect(counters.kinds[200]).toEqual({
      seen: 0,
      rewritten: 1,
      untrusted: 2,
      malformed: 3,
      unusable: 4,
    });
    expect(counters.kinds[249]).toEqual({
      seen: 20,
      rewritten: 21,
      untrusted: 22,
      malformed: 23,
      unusable: 24,
    });
    expect([counters.released, counters.getpeername, counters.noOption]).toEqual([25, 26, 27]);
    expect(decodeCounters([]).kinds[253].seen).toBe(0);
  });
  test('__u64 values are little-endian', () => {
    expect(littleEndian([0x02, 0x01, 0, 0, 0, 0, 0, 0])).toBe(258);
    expect(
      littleEndian(bytesOf(['0xff', '0xff', '0xff', '0xff', '0x01', '0x00', '0x00', '0x00'])),
    ).toBe(2 ** 33 - 1);
  });
});
