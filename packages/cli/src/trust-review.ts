/**
 * Reviews a trust configuration for the settings that cause most real-IP incidents: trusting
 * everything, counting hops, trusting public address space, and the broad default.
 */
import { compileTrust, createResolver, isTrusted, type RealIpOptions } from '@realip/core';
import type { PresetName } from '@realip/ranges';
import { presetFindings, presetOfLabel } from './preset-review.js';

/** One finding: `danger` means any client can choose its address; `warn` means check this. */
export interface Finding {
  level: 'ok' | 'note' | 'warn' | 'danger';
  message: string;
}

const PRIVATE = compileTrust('private');

/**
 * Reviews resolver options (validating them first: a bad setting throws the core's error).
 *
 * @example
 * ```ts
 * reviewTrust({ trust: true });
 * // → [{ level: 'danger', message: 'trust: true trusts every hop, so the leftmost entry ...' }]
 * reviewTrust({ trust: 'loopback' });
 * // → [{ level: 'ok', message: 'no risky trust setting found.' }]
 * ```
 */
export function reviewTrust(options: RealIpOptions): Finding[] {
  const resolved = createResolver(options).options;
  const findings: Finding[] = [];
  const trust = resolved.trust;
  const hops = resolved.hops;
  if (trust === true) {
    findings.push({
      level: 'danger',
      message:
        hops === undefined
          ? 'trust: true trusts every hop, so the leftmost entry wins and any client chooses its address. Name your proxies instead.'
          : `trust: true with hops: ${hops} is a peer-blind hop count: a client that connects directly spends the hops. Name the proxy that connects to you in trust.`,
    });
  } else if (trust === false) {
    findings.push({
      level: 'note',
      message: `trust: false: the socket peer is always the client and ${resolved.header} is never read.`,
    });
  } else if (typeof trust === 'function') {
    findings.push({
      level: 'note',
      message:
        'trust is a function: it cannot be reviewed here; make sure it checks addresses, not only hop numbers.',
    });
  } else {
    findings.push(
      ...reviewRanges(compileTrust(trust), trust === 'private' || options.trust === undefined),
    );
  }
  if (hops !== undefined && trust !== true) {
    findings.push({
      level: 'warn',
      message: `hops: ${hops} counts proxies after a trusted peer: right only if exactly ${hops} ${hops === 1 ? 'proxy sits' : 'proxies sit'} in front of every request. Prefer naming the proxies' ranges in trust.`,
    });
  }
  if (!['x-forwarded-for', 'forwarded'].includes(resolved.header) && trust !== false) {
    findings.push({
      level: 'note',
      message: `${resolved.header} is believed from every trusted peer: trust should be exactly the ranges of the service that sets it (its published ranges), not your whole network.`,
    });
  }
  if (!findings.some((f) => f.level === 'warn' || f.level === 'danger')) {
    findings.push({ level: 'ok', message: 'no risky trust setting found.' });
  }
  return findings;
}

function reviewRanges(compiled: ReturnType<typeof compileTrust>, isDefault: boolean): Finding[] {
  const findings: Finding[] = [];
  const presets = new Set<PresetName>();
  const count4 = compiled.v4.length / 2;
  compiled.labels.forEach((label, i) => {
    const [first, last, bits] =
      i < count4
        ? bounds4(compiled.v4[i * 2]!, compiled.v4[i * 2 + 1]!)
        : bounds6(compiled.v6.subarray((i - count4) * 8, (i - count4) * 8 + 8));
    if (isTrusted(PRIVATE, first, 0) && isTrusted(PRIVATE, last, 0)) return;
    const preset = presetOfLabel(label);
    if (preset !== undefined && !preset.typed) return void presets.add(preset.name);
    if (preset !== undefined) {
      findings.push({
        level: 'warn',
        message: `${label} is one of ${preset.name}'s published ranges, typed by hand: write '${preset.name}' instead, so the list is complete and kept current.`,
      });
      return;
    }
    const broad = i < count4 ? bits < 16 : bits < 32;
    findings.push({
      level: broad ? 'danger' : 'warn',
      message: broad
        ? `${label} trusts a huge public range (/${bits}): machines there can choose any client address. Trust only your proxies' or CDN's published ranges.`
        : `${label} is public address space: make sure it is exactly your proxies' or your CDN's published ranges (and keep it up to date).`,
    });
  });
  findings.push(...presetFindings(presets, new Date()));
  if (isDefault) {
    findings.push({
      level: 'note',
      message:
        'the default trust "private" believes every machine on your private networks: if clients can reach this server from one (office LAN, VPN, other tenants), name your proxies precisely.',
    });
  }
  if (compiled.labels.length === 0)
    findings.push({ level: 'note', message: 'trust is an empty list: no proxy is trusted.' });
  return findings;
}

function bounds4(base: number, mask: number): [string, string, number] {
  const last = (base | ~mask) >>> 0;
  return [v4(base >>> 0), v4(last), popcount(mask)];
}

function bounds6(words: Int32Array): [string, string, number] {
  const first: number[] = [];
  const last: number[] = [];
  let bits = 0;
  for (let w = 0; w < 4; w++) {
    first.push(words[w]! >>> 0);
    last.push((words[w]! | ~words[w + 4]!) >>> 0);
    bits += popcount(words[w + 4]!);
  }
  return [v6(first), v6(last), bits];
}

const v4 = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const v6 = (words: number[]) =>
  words.flatMap((w) => [(w >>> 16).toString(16), (w & 0xffff).toString(16)]).join(':');

function popcount(n: number): number {
  let bits = 0;
  for (let x = n >>> 0; x !== 0; x >>>= 1) bits += x & 1;
  return bits;
}
