/**
 * Rate-limit keys: `clientKey` from `@realip/core` side by side with express-rate-limit's
 * `ipKeyGenerator` (the helper it asks custom key generators to call), in the same process on
 * the same address texts, reported as a ratio. Both must give the same key; the run stops if they
 * do not. Ours parses with the core's allocation-free parser and masks 32-bit words; theirs builds
 * `ip-address` objects. Run: `npx tsx --tsconfig tsconfig.test.json bench/client-key.ts`
 * (`--smoke` for a quick check that every row still runs and agrees).
 */
import { clientKey } from '@realip/core';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Timer } from './measure.js';
import { FULL, SMOKE } from './settings.js';
import { formatNs, formatRatio, markdown } from './table.js';
import type { TimingOptions } from './timing.js';

/** One address text and the key both must give. */
export interface KeyCase {
  readonly title: string;
  readonly ip: string;
  readonly key: string;
}

/** Every row, in table order. */
export const KEY_CASES: readonly KeyCase[] = [
  { title: 'IPv4', ip: '198.51.100.23', key: '198.51.100.23' },
  { title: 'IPv6, /56', ip: '2001:db8:0:1ff:a:b:c:d', key: '2001:db8:0:100::/56' },
  { title: 'IPv4-mapped IPv6', ip: '::ffff:198.51.100.23', key: '198.51.100.23' },
];

/** One row measured. */
export interface KeyResult {
  readonly title: string;
  readonly oursNs: number;
  readonly theirsNs: number;
}

/** The two key functions, by name. */
const LIBRARIES = {
  ours: (ip: string) => clientKey(ip),
  theirs: (ip: string) => ipKeyGenerator(ip),
};

/** Rows where a function's key differs from the row's, as messages (empty when all agree). */
export function checkKeys(cases: readonly KeyCase[]): string[] {
  return cases.flatMap((c) =>
    Object.entries(LIBRARIES).flatMap(([name, key]) => {
      const got = key(c.ip);
      return got === c.key ? [] : [`${c.title}: ${name} gave ${String(got)}, not ${c.key}`];
    }),
  );
}

/** Times both functions on every row, interleaved, with `time` (tinybench's when run). */
export async function measureKeys(
  cases: readonly KeyCase[],
  timing: TimingOptions,
  time: Timer,
): Promise<KeyResult[]> {
  const out: KeyResult[] = [];
  for (const c of cases) {
    const timings = await time(
      Object.entries(LIBRARIES).map(([name, key]) => ({ name, run: () => key(c.ip) })),
      timing,
    );
    out.push({
      title: c.title,
      oursNs: timings.get('ours')!.nsPerOp,
      theirsNs: timings.get('theirs')!.nsPerOp,
    });
  }
  return out;
}

/** The table: ns per key and how many times faster ours is. */
export function keyTable(results: readonly KeyResult[]): string {
  return markdown(
    ['address', 'clientKey', 'ipKeyGenerator', 'ipKeyGenerator ÷ clientKey'],
    results.map((r) => [
      r.title,
      `${formatNs(r.oursNs)} ns`,
      `${formatNs(r.theirsNs)} ns`,
      formatRatio(r.theirsNs / r.oursNs),
    ]),
  );
}

async function main(): Promise<void> {
  const problems = checkKeys(KEY_CASES);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const { timeInterleaved } = await import('./timing.js');
  const settings = process.argv.includes('--smoke') ? SMOKE : FULL;
  console.log(keyTable(await measureKeys(KEY_CASES, settings.timing, timeInterleaved)));
}

// Run as a script (not when the smoke test imports the module, where tinybench cannot load).
if (process.argv[1]?.endsWith('client-key.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
