/**
 * The byte layouts of the eBPF receiver's maps (`ebpf/toa.bpf.c`), encoded and decoded here so
 * the loader can fill them through bpftool and `toaStatus()` can read them back:
 *
 * - `toa_config`: one `struct toa_config { __u8 enabled[256]; }`, `enabled[kind]` = 1.
 * - `toa_trust`: LPM trie, key `{ __u32 prefixlen (host order); __u8 addr[16]; }`, every range
 *   as IPv6 with IPv4 ranges v4-mapped (`::ffff:a.b.c.d`, prefix + 96), value one byte.
 * - `toa_counters`: `__u64` array, slot-major: `slot * COUNTERS.length + counter`, then
 *   `GLOBALS`. The orders are the C enums `toa_slot`, `toa_counter` and `toa_global`.
 */
import { compileTrust, RealIpConfigError, type TrustOption } from '@realip/core';
import { canonicalIp } from '@realip/core';

/**
 * The option kinds the receiver reads, in the order of the C enum `toa_slot`.
 *
 * @example
 * ```ts
 * EBPF_KINDS.includes(254); // true
 * ```
 */
export const EBPF_KINDS = [200, 254, 253, 252, 249] as const;
/** One option kind the receiver can read. */
export type EbpfKind = (typeof EBPF_KINDS)[number];
/**
 * Per-kind counters, in the order of the C enum `toa_counter`.
 *
 * @example
 * ```ts
 * COUNTERS[1]; // 'rewritten'
 * ```
 */
export const COUNTERS = ['seen', 'rewritten', 'untrusted', 'malformed', 'unusable'] as const;
/**
 * Whole-program counters, in the order of the C enum `toa_global`.
 *
 * @example
 * ```ts
 * GLOBALS[0]; // 'released'
 * ```
 */
export const GLOBALS = ['released', 'getpeername', 'noOption'] as const;

/** What one kind's counters say; `seen` = `rewritten + untrusted + malformed + unusable`. */
export type KindCounters = Record<(typeof COUNTERS)[number], number>;

/** The receiver's counters, read from its `toa_counters` map. */
export interface EbpfCounters {
  /** Per option kind: options seen, and what became of them. */
  readonly kinds: Readonly<Record<EbpfKind, KindCounters>>;
  /** Per-socket entries deleted when their socket closed. */
  readonly released: number;
  /** getpeername() calls answered with a client from an option. */
  readonly getpeername: number;
  /** Connections whose first payload arrived with no enabled option. */
  readonly noOption: number;
}

const PKG = '@realip/toa';

/**
 * Validates the kinds to believe (`--kinds 200,254`), all of them when none are given.
 *
 * @example
 * ```ts
 * parseKinds([200, 254]); // [200, 254]
 * parseKinds('200,254'); // [200, 254]
 * parseKinds([28]); // throws RealIpConfigError: kinds 28 is not a TOA kind the receiver reads
 * ```
 */
export function parseKinds(kinds: readonly number[] | string | undefined): EbpfKind[] {
  if (kinds === undefined) return [...EBPF_KINDS];
  const list = typeof kinds === 'string' ? kinds.split(/\s*,\s*/).map(Number) : [...kinds];
  if (list.length === 0) throw badKinds(kinds, 'is empty');
  const found: EbpfKind[] = [];
  for (const kind of list) {
    if (!(EBPF_KINDS as readonly number[]).includes(kind)) {
      throw badKinds(kind, 'is not a TOA kind the receiver reads');
    }
    if (!found.includes(kind as EbpfKind)) found.push(kind as EbpfKind);
  }
  return found;
}

function badKinds(value: unknown, problem: string): RealIpConfigError {
  return new RealIpConfigError(
    'ERR_REALIP_INVALID_OPTION',
    'kinds',
    value,
    problem,
    `Use some of ${EBPF_KINDS.join(', ')} (the layouts are in the README), e.g. kinds: [200].`,
    PKG,
  );
}

/** A trusted range as the trie holds it: prefix length and 16 address bytes. */
export interface TrieRange {
  readonly prefixlen: number;
  readonly addr: readonly number[];
}

/**
 * The trust setting as trie entries, through the core's own parser (`compileTrust`), so every
 * form the core accepts works (CIDRs, addresses, named ranges, comma lists) and a bad entry fails
 * with the core's message. Only ranges can run in the kernel: `true`, `false` and functions are
 * refused.
 *
 * @example
 * ```ts
 * trustRanges(['10.0.0.0/8']); // [{ prefixlen: 104, addr: [0,0,0,0,0,0,0,0,0,0,255,255,10,0,0,0] }]
 * trustRanges('loopback').length; // 2: 127.0.0.0/8 and ::1/128
 * ```
 */
export function trustRanges(trust: TrustOption): TrieRange[] {
  if (typeof trust === 'boolean' || typeof trust === 'function') {
    throw new RealIpConfigError(
      'ERR_REALIP_INVALID_TRUST',
      'trust',
      trust,
      typeof trust === 'function'
        ? 'a function cannot run in the kernel'
        : trust
          ? 'would believe the option from any source, as the vendor modules do'
          : 'trusts no source, so no option would ever be believed',
      "List your proxy's back-to-origin ranges, e.g. trust: ['203.0.113.0/24'].",
      PKG,
    );
  }
  let compiled;
  try {
    compiled = compileTrust(trust);
  } catch (err) {
    throw err instanceof RealIpConfigError ? err.forPackage(PKG) : err;
  }
  const ranges: TrieRange[] = [];
  for (let i = 0; i < compiled.v4.length; i += 2) {
    const addr = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...wordBytes(compiled.v4[i]!)];
    ranges.push({ prefixlen: 96 + prefixOf(compiled.v4[i + 1]!), addr });
  }
  for (let i = 0; i < compiled.v6.length; i += 8) {
    const words = Array.from(compiled.v6.subarray(i, i + 4));
    const masks = Array.from(compiled.v6.subarray(i + 4, i + 8));
    ranges.push({
      prefixlen: masks.reduce((sum, m) => sum + prefixOf(m), 0),
      addr: words.flatMap(wordBytes),
    });
  }
  return ranges;
}

/**
 * A trie range back as text (`10.0.0.0/8`, `2001:db8::/32`), for status reports.
 *
 * @example
 * ```ts
 * rangeText({ prefixlen: 104, addr: [0,0,0,0,0,0,0,0,0,0,255,255,10,0,0,0] }); // '10.0.0.0/8'
 * ```
 */
export function rangeText(range: TrieRange): string {
  const { prefixlen, addr } = range;
  const mapped = prefixlen >= 96 && addr.slice(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff));
  if (mapped) return `${addr.slice(12).join('.')}/${prefixlen - 96}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((addr[i]! << 8) | addr[i + 1]!).toString(16));
  return `${canonicalIp(groups.join(':'), true)}/${prefixlen}`;
}

/**
 * bpftool `key hex ... value hex ...` arguments of one trie entry.
 *
 * @example
 * ```ts
 * trustEntryArgs(trustRanges('10.0.0.1')[0]!); // ['key', 'hex', '80', '00', '00', '00', ...]
 * ```
 */
export function trustEntryArgs(range: TrieRange): string[] {
  return ['key', 'hex', ...hex(u32le(range.prefixlen)), ...hex(range.addr)];
}

/**
 * bpftool `value hex ...` of `toa_config` for the kinds to believe.
 *
 * @example
 * ```ts
 * configValueArgs([200]).length; // 2 + 256: enabled[200] is '01', the rest '00'
 * ```
 */
export function configValueArgs(kinds: readonly EbpfKind[]): string[] {
  const enabled = new Array<number>(256).fill(0);
  for (const kind of kinds) enabled[kind] = 1;
  return ['value', 'hex', ...hex(enabled)];
}

/**
 * The kinds a `toa_config` value enables.
 *
 * @example
 * ```ts
 * kindsOfConfig(bytesOf(configValueArgs([200, 254]).slice(2))); // [200, 254]
 * ```
 */
export function kindsOfConfig(value: readonly number[]): EbpfKind[] {
  return EBPF_KINDS.filter((kind) => value[kind] === 1);
}

/**
 * Counters from the `toa_counters` values, index by index.
 *
 * @example
 * ```ts
 * const counters = decodeCounters([2, 1, 1, 0, 0]); // the rest read as 0
 * counters.kinds[200]; // { seen: 2, rewritten: 1, untrusted: 1, malformed: 0, unusable: 0 }
 * ```
 */
export function decodeCounters(values: readonly number[]): EbpfCounters {
  const at = (i: number) => values[i] ?? 0;
  const kinds = {} as Record<EbpfKind, KindCounters>;
  EBPF_KINDS.forEach((kind, slot) => {
    const counters = {} as KindCounters;
    COUNTERS.forEach((name, c) => (counters[name] = at(slot * COUNTERS.length + c)));
    kinds[kind] = counters;
  });
  const base = EBPF_KINDS.length * COUNTERS.length;
  return {
    kinds,
    released: at(base + GLOBALS.indexOf('released')),
    getpeername: at(base + GLOBALS.indexOf('getpeername')),
    noOption: at(base + GLOBALS.indexOf('noOption')),
  };
}

/**
 * The bytes of a bpftool JSON dump field (`["0x80", "0x00", ...]`).
 *
 * @example
 * ```ts
 * bytesOf(['0x80', '0x00']); // [128, 0]
 * ```
 */
export function bytesOf(field: readonly string[]): number[] {
  return field.map((b) => Number.parseInt(b, 16));
}

/**
 * A little-endian unsigned integer of up to 8 bytes (the counters are `__u64`).
 *
 * @example
 * ```ts
 * littleEndian([0x02, 0x01, 0, 0, 0, 0, 0, 0]); // 258
 * ```
 */
export function littleEndian(bytes: readonly number[]): number {
  return bytes.reduceRight((n, b) => n * 256 + b, 0);
}

/** A signed 32-bit word as 4 bytes, network order. */
function wordBytes(word: number): number[] {
  return [(word >>> 24) & 0xff, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff];
}

/** The prefix length of a contiguous mask word. */
function prefixOf(mask: number): number {
  return mask === 0 ? 0 : Math.clz32(~mask);
}

function u32le(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

function hex(bytes: readonly number[]): string[] {
  return bytes.map((b) => b.toString(16).padStart(2, '0'));
}
