/**
 * Bounded work: hostile headers a client can send through one trusted proxy (which appends, so
 * the client controls everything left of the last entry), each at 64 KiB and at 1 MiB. Work per
 * request must be bounded by the hops walked, not by the header's length, so every row should
 * cost the same at both sizes (a ratio near ×1): a ratio near ×16 means the code reads the
 * whole header. Ours only; the peers split whole headers by design (see the side-by-side table).
 */
import { createResolver, type ClientAddress, type RealIpOptions } from '@realip/core';
import type { Timer } from './measure.js';
import { formatNs, formatRatio, markdown } from './table.js';
import type { TimingOptions } from './timing.js';

/** The two header sizes, in characters (one byte each: every hostile header here is ASCII). */
export const SIZES = { small: 64 * 1024, large: 1024 * 1024 } as const;

/** One hostile request shape. */
export interface BoundedCase {
  readonly id: string;
  readonly title: string;
  readonly options: RealIpOptions;
  /** The request's headers with the hostile one `size` characters long. */
  readonly headers: (size: number) => Record<string, string>;
  /** What our resolver answers at either size. */
  readonly expected: Partial<ClientAddress>;
}

/** `unit` repeated, then cut, to exactly `size` characters. */
function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** `text` preceded by `pad` repeated (cut on the left) so the whole is `size` characters. */
function padLeft(pad: string, text: string, size: number): string {
  const n = size - text.length;
  return pad.repeat(Math.ceil(n / pad.length)).slice(-n) + text;
}

const PEER = '10.0.0.1';
const TRUST: RealIpOptions = { trust: '10.0.0.0/8' };
const CLIENT = '198.51.100.23';

/** Every bounded-work case, in table order. */
export const BOUNDED_CASES: readonly BoundedCase[] = [
  {
    id: 'xff-many-entries',
    title: 'X-Forwarded-For, many entries',
    options: TRUST,
    headers: (size) => ({ 'x-forwarded-for': padLeft('203.0.113.7, ', CLIENT, size) }),
    expected: { ip: CLIENT, reason: 'untrusted' },
  },
  {
    id: 'xff-one-element',
    title: 'X-Forwarded-For, one element, no comma',
    options: TRUST,
    headers: (size) => ({ 'x-forwarded-for': fill('1', size) }),
    expected: { ip: PEER, reason: 'invalid' },
  },
  {
    id: 'xff-trailing-spaces',
    title: 'X-Forwarded-For, spaces after the last comma',
    options: TRUST,
    headers: (size) => ({ 'x-forwarded-for': `${CLIENT},${fill(' ', size - CLIENT.length - 1)}` }),
    expected: { ip: PEER, reason: 'invalid' },
  },
  {
    id: 'xff-commas',
    title: 'X-Forwarded-For, commas only',
    options: TRUST,
    headers: (size) => ({ 'x-forwarded-for': fill(',', size) }),
    expected: { ip: PEER, reason: 'limit' },
  },
  {
    id: 'proto-commas',
    title: 'X-Forwarded-Proto, commas only (protocol: true)',
    options: { ...TRUST, protocol: true },
    headers: (size) => ({ 'x-forwarded-for': CLIENT, 'x-forwarded-proto': fill(',', size) }),
    expected: { ip: CLIENT, protocol: undefined },
  },
  {
    id: 'host-commas',
    title: 'X-Forwarded-Host, commas only (host: true)',
    options: { ...TRUST, host: true },
    headers: (size) => ({ 'x-forwarded-for': CLIENT, 'x-forwarded-host': fill(',', size) }),
    expected: { ip: CLIENT, host: undefined },
  },
  {
    id: 'forwarded-many-elements',
    title: 'Forwarded, many elements',
    options: { ...TRUST, header: 'forwarded' },
    headers: (size) => ({ forwarded: padLeft('for=203.0.113.7, ', `for=${CLIENT}`, size) }),
    expected: { ip: CLIENT, reason: 'untrusted' },
  },
  {
    id: 'forwarded-backslashes',
    title: 'Forwarded, a backslash run in a quoted value',
    options: { ...TRUST, header: 'forwarded' },
    headers: (size) => ({ forwarded: `for="${fill('\\', size - 6)}"` }),
    expected: { ip: PEER, reason: 'invalid' },
  },
  {
    id: 'forwarded-open-quote',
    title: 'Forwarded, an unterminated quoted value',
    options: { ...TRUST, header: 'forwarded' },
    headers: (size) => ({ forwarded: `for="${fill('a', size - 5)}` }),
    expected: { ip: PEER, reason: 'invalid' },
  },
  {
    id: 'single-header-long',
    title: 'X-Real-IP, one long value',
    options: { ...TRUST, header: 'x-real-ip' },
    headers: (size) => ({ 'x-real-ip': fill('1', size) }),
    expected: { ip: PEER, reason: 'invalid' },
  },
];

/** One case measured at both sizes. */
export interface BoundedResult {
  readonly id: string;
  readonly title: string;
  /** ns per call (fastest round) at 64 KiB and at 1 MiB. */
  readonly smallNs: number;
  readonly largeNs: number;
  /** 1 MiB over 64 KiB: ×1 is flat, ×16 is proportional to the header. */
  readonly ratio: number;
}

/** A ready-to-call resolve of one case at one size, and its answer checked. */
export function prepareBounded(c: BoundedCase, size: number): () => ClientAddress {
  const resolve = createResolver(c.options);
  const input = { remoteAddress: PEER, headers: c.headers(size) };
  return () => resolve(input);
}

/** Answers that differ from `expected`, as messages (empty when every case agrees). */
export function checkBounded(cases: readonly BoundedCase[]): string[] {
  const problems: string[] = [];
  for (const c of cases) {
    for (const size of Object.values(SIZES)) {
      const got = prepareBounded(c, size)();
      for (const [key, value] of Object.entries(c.expected)) {
        const actual = got[key as keyof ClientAddress];
        if (actual !== value) problems.push(`${c.id} at ${size}: ${key} is ${String(actual)}`);
      }
    }
  }
  return problems;
}

/** Times each case at both sizes, interleaved, with `time` (tinybench's in run.ts). */
export async function measureBounded(
  cases: readonly BoundedCase[],
  timing: TimingOptions,
  time: Timer,
): Promise<BoundedResult[]> {
  const out: BoundedResult[] = [];
  for (const c of cases) {
    const timings = await time(
      [
        { name: 'small', run: prepareBounded(c, SIZES.small) },
        { name: 'large', run: prepareBounded(c, SIZES.large) },
      ],
      timing,
    );
    const smallNs = timings.get('small')!.nsPerOp;
    const largeNs = timings.get('large')!.nsPerOp;
    out.push({ id: c.id, title: c.title, smallNs, largeNs, ratio: largeNs / smallNs });
  }
  return out;
}

/** The bounded-work table. */
export function boundedTable(results: readonly BoundedResult[]): string {
  return markdown(
    ['hostile header (one trusted hop)', '64 KiB', '1 MiB', '1 MiB ÷ 64 KiB'],
    results.map((r) => [
      r.title,
      `${formatNs(r.smallNs)} ns`,
      `${formatNs(r.largeNs)} ns`,
      formatRatio(r.ratio),
    ]),
  );
}
