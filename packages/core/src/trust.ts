/**
 * Trust configuration: validated and compiled once, then matched per hop with integer compares.
 *
 * Validity comes from `node:net` (`isIP`: strict decimal dotted-quad, the `inet_pton` rules) and
 * structure from ipaddr.js; the per-request side only masks and compares 32-bit words.
 */
import { isIP, isIPv4 } from 'node:net';
import ipaddr from 'ipaddr.js';
import { RealIpConfigError } from './errors.js';
import { ADDR, V6, formatAddress, parseAddress, type Family } from './ip.js';
import {
  PRESET_NAMES,
  followPresets,
  isPresetName,
  presetCidrs,
  type PresetName,
} from './presets.js';
import { buildRangeTable, inRangeTable, type RangeTable } from './ranges-match.js';

/**
 * The named ranges: the same contents as proxy-addr's, plus `private` for all three.
 *
 * @example
 * ```ts
 * NAMED_RANGES.loopback; // → ['127.0.0.0/8', '::1/128']
 * Object.hasOwn(NAMED_RANGES, 'private'); // → false: `private` is expanded by compileTrust
 * ```
 */
export const NAMED_RANGES = {
  /** `127.0.0.0/8`, `::1/128`. */
  loopback: ['127.0.0.0/8', '::1/128'],
  /** `169.254.0.0/16`, `fe80::/10`. */
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  /** RFC 1918 `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16` and RFC 4193 `fc00::/7`. */
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
} as const;

/** A named range: `loopback`, `linklocal`, `uniquelocal`, or `private` (all three). */
export type NamedRange = keyof typeof NAMED_RANGES | 'private';

/**
 * One trust entry: a named range, a provider (`cloudflare`, `cloudfront`, `fastly`, `google-lb`,
 * `azure-frontdoor`: its published ranges, from `@realip/ranges`), an address (`10.0.0.1`,
 * `2001:db8::1`), a CIDR (`10.0.0.0/8`, `2001:db8::/32`), an IPv4 netmask (`10.0.0.0/255.0.0.0`),
 * or several of these joined by commas. A word that is none of these (`'cloudflair'`) is a type
 * error; a string read at run time can be passed as `value as TrustEntry` and is checked then.
 * Surrounding blanks are allowed (`' loopback'`, as read from a list), as at run time.
 */
export type TrustEntry =
  | NamedRange
  | PresetName
  | `${number}.${string}`
  | `${string}:${string}`
  | `${string},${string}`
  | ` ${string}`
  | `${string} `;

/** A trust function: called with each hop's canonical address and its index (0 = the socket peer). */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * Which proxies to trust: `true` (every hop: the leftmost entry wins, any client can choose it),
 * `false` (none: the socket peer is the client), entries, or a function.
 */
export type TrustOption = boolean | TrustEntry | readonly TrustEntry[] | TrustFunction;

/**
 * Trust kind: no hop is trusted.
 *
 * @example
 * ```ts
 * compileTrust(false).kind === TRUST_NONE; // → true
 * if (trust.kind === TRUST_NONE) return false; // no hop is trusted
 * ```
 */
export const TRUST_NONE = 0;
/**
 * Trust kind: every hop is trusted.
 *
 * @example
 * ```ts
 * compileTrust(true).kind === TRUST_ALL; // → true
 * if (trust.kind === TRUST_ALL) return true; // every hop is trusted
 * ```
 */
export const TRUST_ALL = 1;
/**
 * Trust kind: hops in the compiled ranges are trusted.
 *
 * @example
 * ```ts
 * compileTrust(['loopback', '10.0.0.0/8']).kind === TRUST_RANGES; // → true
 * if (trust.kind === TRUST_RANGES) return inRangeTable(trust.table, family);
 * ```
 */
export const TRUST_RANGES = 2;
/**
 * Trust kind: a user function decides.
 *
 * @example
 * ```ts
 * compileTrust((address) => address === '10.0.0.1').kind === TRUST_FUNCTION; // → true
 * if (trust.kind === TRUST_FUNCTION) return trust.fn!(address, hop) === true;
 * ```
 */
export const TRUST_FUNCTION = 3;
type TrustKind = typeof TRUST_NONE | typeof TRUST_ALL | typeof TRUST_RANGES | typeof TRUST_FUNCTION;

/** A compiled trust configuration. Ranges are stored as words so matching is integer compares. */
export interface CompiledTrust {
  readonly kind: TrustKind;
  /** IPv4 ranges as (base, mask) pairs of signed 32-bit words. */
  readonly v4: Int32Array;
  /** IPv6 ranges as groups of 8 words: base[0..3], mask[0..3]. */
  readonly v6: Int32Array;
  readonly fn: TrustFunction | undefined;
  /** A label per range, IPv4 ranges first then IPv6, in the order of `v4` and `v6`. */
  readonly labels: readonly string[];
  /** The ranges merged for matching a hop (see ranges-match.ts). */
  readonly table: RangeTable;
}

const SPLIT = /\s*,\s*/;

/**
 * Validates and compiles a trust option. Throws {@link RealIpConfigError} naming the bad entry.
 *
 * @example
 * ```ts
 * const trust = compileTrust(['loopback', '10.0.0.0/8']);
 * isTrusted(trust, '10.1.2.3', 0); // true
 * ```
 */
export function compileTrust(option: TrustOption): CompiledTrust {
  if (option === true) return compiled(TRUST_ALL, [], [], undefined, []);
  if (option === false) return compiled(TRUST_NONE, [], [], undefined, []);
  if (typeof option === 'function') {
    // A class is callable only with `new`: as a trust function it would throw on every request.
    if (/^class\b/.test(Function.prototype.toString.call(option))) {
      throw invalid(
        'trust',
        option,
        'is a class, not a trust function',
        'Pass a function (address, hop) => boolean, e.g. (address) => allowed.has(address).',
      );
    }
    return compiled(TRUST_FUNCTION, [], [], option, []);
  }
  const list: readonly unknown[] = Array.isArray(option) ? option : [option];
  const v4: number[] = [];
  const v6: number[] = [];
  const labels4: string[] = [];
  const labels6: string[] = [];
  const presets = new Set<PresetName>();
  list.forEach((item, index) => {
    const where = Array.isArray(option) ? `trust[${index}]` : 'trust';
    if (typeof item !== 'string') throw badType(where, item);
    if (item.trim() === '')
      throw invalid(
        where,
        item,
        'is empty',
        'Use trust: false to trust no proxy, or remove the entry.',
      );
    for (const part of item.trim().split(SPLIT)) {
      if (part === '') {
        throw invalid(
          where,
          item,
          'has an empty entry (a stray comma?)',
          'Separate entries with single commas, e.g. "loopback, 10.0.0.0/8".',
        );
      }
      const names: readonly string[] =
        part === 'private'
          ? [...NAMED_RANGES.loopback, ...NAMED_RANGES.linklocal, ...NAMED_RANGES.uniquelocal]
          : Object.hasOwn(NAMED_RANGES, part)
            ? NAMED_RANGES[part as keyof typeof NAMED_RANGES]
            : isPresetName(part)
              ? (presets.add(part), presetCidrs(part))
              : [part];
      for (const cidr of names) {
        const label = cidr === part ? part : `${part} (${cidr})`;
        const range = parseRange(where, item, cidr);
        if (range.family === 4) {
          v4.push(range.words[3]!, range.mask[3]!);
          labels4.push(label);
        } else {
          v6.push(...range.words, ...range.mask);
          labels6.push(label);
        }
      }
    }
  });
  const trust = compiled(TRUST_RANGES, v4, v6, undefined, [...labels4, ...labels6]);
  return presets.size === 0 ? trust : followPresets(trust, presets, () => compileTrust(option));
}

function compiled(
  kind: TrustKind,
  v4: number[],
  v6: number[],
  fn: TrustFunction | undefined,
  labels: string[],
): CompiledTrust {
  const words4 = Int32Array.from(v4);
  const words6 = Int32Array.from(v6);
  return { kind, v4: words4, v6: words6, fn, labels, table: buildRangeTable(words4, words6) };
}

interface Range {
  family: 4 | 6;
  words: number[];
  mask: number[];
}

/** Parses one address or range, as the user wrote it in `entry`, into masked words. */
function parseRange(where: string, entry: string, text: string): Range {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const fail = (problem: string, hint: string) => invalid(where, entry, problem, hint);
  // Name the part only when the entry holds several (`"loopback, 1"`); else the message has it.
  const it = text === entry.trim() ? 'it' : `"${text}"`;

  if (/^\d+$/.test(text)) {
    throw fail(
      `${it} looks like a hop count, not an address`,
      text === '0'
        ? 'Use trust: false to trust no proxy.'
        : `Use hops: ${text} (with the proxies' addresses in trust) instead.`,
    );
  }
  if (/^(true|false|\*)$/i.test(text)) {
    throw fail(
      `${it} is not an address`,
      'Use the boolean trust: true or trust: false instead of a string.',
    );
  }
  if (
    /^(loopback|linklocal|uniquelocal|private)$/i.test(text) ||
    isPresetName(text.toLowerCase())
  ) {
    throw fail(`${it} is not a named range (names are lower-case)`, `Use "${text.toLowerCase()}".`);
  }
  if (addr.includes('%')) {
    throw fail(
      `${it} has a zone id`,
      'Zone ids are not matched; drop the "%..." part (e.g. "fe80::/10").',
    );
  }
  if (isIP(addr) === 0) {
    if (/^[a-z0-9.-]*[a-z][a-z0-9.-]*$/i.test(addr) && !/^[0-9a-f:]+$/i.test(addr)) {
      throw fail(
        `"${addr}" is not an IP address or a known name; host names are not resolved`,
        `Use an address or range ("loopback" covers localhost, "private" all private ranges), or a provider: ${PRESET_NAMES.join(', ')}.`,
      );
    }
    throw fail(
      `"${addr}" is not an IP address`,
      'Write IPv4 as four decimal parts without leading zeros (e.g. "10.0.0.1") and IPv6 in RFC 4291 text form.',
    );
  }
  let ip = ipaddr.parse(addr);
  let max = ip.kind() === 'ipv4' ? 32 : 128;
  let prefix = max;
  if (prefixText !== undefined) {
    if (/^(0|[1-9]\d{0,2})$/.test(prefixText)) {
      prefix = Number(prefixText);
      if (prefix > max) {
        throw fail(
          `prefix length /${prefixText} is out of range for ${ip.kind() === 'ipv4' ? 'IPv4' : 'IPv6'}`,
          `Use a prefix from 0 to ${max}.`,
        );
      }
    } else if (ip.kind() === 'ipv4' && isIPv4(prefixText)) {
      const fromMask = ipaddr.IPv4.parse(prefixText).prefixLengthFromSubnetMask();
      if (fromMask === null) {
        throw fail(
          `netmask ${prefixText} is not contiguous`,
          'Use a netmask of leading ones (e.g. 255.255.0.0) or a CIDR prefix (/16).',
        );
      }
      prefix = fromMask;
    } else {
      throw fail(
        `"/${prefixText}" is not a prefix length`,
        /^0\d+$/.test(prefixText)
          ? `Write it without leading zeros ("/${Number(prefixText)}"), as a CIDR prefix is decimal.`
          : ip.kind() === 'ipv4'
            ? 'Use /0 to /32 or a dotted netmask.'
            : 'Use /0 to /128.',
      );
    }
  }
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) {
    // proxy-addr < 2.0.8 let `::ffff:10.0.0.0/8` trust every IPv4 address (CVE-2026-90711): a
    // mapped range only means IPv4 addresses when its prefix covers the whole ::ffff:0:0/96.
    if (prefix < 96) {
      throw fail(
        `an IPv4-mapped range needs a prefix of /96 or more; /${prefix} would reach beyond the IPv4 space`,
        `Write the IPv4 range itself ("${ip.toIPv4Address().toString()}/${prefix}"), or add 96 to the prefix of the mapped form ("::ffff:${ip.toIPv4Address().toString()}/${prefix + 96}").`,
      );
    }
    ip = ip.toIPv4Address();
    prefix -= 96;
    max = 32;
  }
  const bytes = ip.toByteArray();
  // `10.0.0.1/8` has host bits set: it means either the network (proxy-addr reads it so, and
  // trusts all of 10/8) or the one address with a typo in the prefix. Guessing wrong widens
  // trust, so it is an error that shows both readings.
  const network = bytes.map(
    (byte, i) => byte & (0xff << (8 - Math.min(8, Math.max(0, prefix - i * 8)))) & 0xff,
  );
  if (network.some((byte, i) => byte !== bytes[i])) {
    const host = ip.toString();
    throw fail(
      `${it} has bits set after the /${prefix} prefix`,
      `Write the network "${ipaddr.fromByteArray(network).toString()}/${prefix}" or the single address "${host}/${max}" (or "${host}").`,
    );
  }
  const family: 4 | 6 = bytes.length === 4 ? 4 : 6;
  const words = [0, 0, 0, 0];
  const mask = [0, 0, 0, 0];
  const offset = family === 4 ? 96 : 0;
  for (let bit = 0; bit < max; bit++) {
    const w = (offset + bit) >> 5;
    const set = (bytes[bit >> 3]! >> (7 - (bit & 7))) & 1;
    if (bit < prefix) {
      mask[w] = mask[w]! | (1 << (31 - ((offset + bit) & 31)));
      words[w] = words[w]! | (set << (31 - ((offset + bit) & 31)));
    }
  }
  return { family, words, mask };
}

function invalid(where: string, value: unknown, problem: string, hint: string): RealIpConfigError {
  return new RealIpConfigError('ERR_REALIP_INVALID_TRUST', where, value, problem, hint);
}

function badType(where: string, value: unknown): RealIpConfigError {
  return invalid(
    where,
    value,
    typeof value === 'number'
      ? 'a number is not a trust entry'
      : `expected a string, got ${typeof value}`,
    typeof value === 'number'
      ? `Use hops: ${String(value)} to count proxies.`
      : 'Use an address, a CIDR or a named range as a string.',
  );
}

/**
 * Index of the first compiled range that contains `ADDR` (as just parsed, with its `family`), or
 * -1: which entry the user wrote matched, for explanations. A hop's verdict comes from the merged
 * table instead (`inRangeTable`), whose cost does not grow with the list.
 */
function matchRange(trust: CompiledTrust, family: Family): number {
  if (family === V6) {
    const r = trust.v6;
    const a0 = ADDR[0]!;
    const a1 = ADDR[1]!;
    const a2 = ADDR[2]!;
    const a3 = ADDR[3]!;
    for (let i = 0; i < r.length; i += 8) {
      if (
        (a0 & r[i + 4]!) === r[i] &&
        (a1 & r[i + 5]!) === r[i + 1] &&
        (a2 & r[i + 6]!) === r[i + 2] &&
        (a3 & r[i + 7]!) === r[i + 3]
      ) {
        return i >> 3;
      }
    }
    return -1;
  }
  const r = trust.v4;
  const a = ADDR[3]!;
  for (let i = 0; i < r.length; i += 2) {
    if ((a & r[i + 1]!) === r[i]) return i >> 1;
  }
  return -1;
}

/**
 * The label of the range that contains `ADDR`, for explanations (not the hot path).
 *
 * @example
 * ```ts
 * matchingLabel(compileTrust('private'), parseAddress('::1', 0, 3, false));
 * // → 'private (::1/128)'
 * matchingLabel(compileTrust('10.0.0.0/8'), parseAddress('8.8.8.8', 0, 7, false)); // → undefined
 * ```
 */
export function matchingLabel(trust: CompiledTrust, family: Family): string | undefined {
  const index = matchRange(trust, family);
  if (index < 0) return undefined;
  return trust.labels[family === V6 ? trust.v4.length / 2 + index : index];
}

/**
 * Whether an address is trusted at a given hop, for callers outside the walk (the TOA adapter,
 * the CLI). `address` must be a valid IP; invalid text is never trusted. A trust function that
 * throws trusts nothing, as in the walk (there `reason` is `'trust-error'`): the error never
 * reaches a connection handler.
 *
 * @example
 * ```ts
 * isTrusted(compileTrust('loopback'), '::ffff:127.0.0.1', 0); // true: mapped matches IPv4
 * ```
 */
export function isTrusted(trust: CompiledTrust, address: string, hop: number): boolean {
  const family = parseAddress(address, 0, address.length, true);
  if (family === 0) return false;
  switch (trust.kind) {
    case TRUST_ALL:
      return true;
    case TRUST_NONE:
      return false;
    case TRUST_FUNCTION:
      try {
        return trust.fn!(formatAddress(family, false), hop) === true;
      } catch {
        return false;
      }
    default:
      return inRangeTable(trust.table, family);
  }
}
