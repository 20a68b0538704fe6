/**
 * Trusted-list size (issue 11): the same 3-hop IPv4 request resolved with 3, 300 and 10,000
 * trusted CIDRs and with every provider's full list at once, ours and proxy-addr, all timed
 * interleaved in ONE process. The side-by-side table times each case in a process of its own;
 * here the ratio "10,000 CIDRs ÷ 3 CIDRs" is taken between measurements that ran next to each
 * other on the same machine state, so the load of other processes cannot pass for a cost of the
 * list. Each resolver still gets a batch loop of its own (timing.ts), so none shares a call site.
 */
import type { BenchCase } from './cases.js';
import { CASES } from './cases.js';
import { OURS, prepareCase } from './libraries.js';
import type { Timer } from './measure.js';
import { formatNs, formatRatio, markdown } from './table.js';
import type { TimingOptions } from './timing.js';

/** The cases compared, the 3-CIDR one (the reference) first. */
export const LIST_SIZE_IDS = [
  'xff-ipv4-3hop-3cidr',
  'xff-ipv4-3hop-300cidr',
  'xff-ipv4-3hop-10000cidr',
  'xff-ipv4-3hop-presets',
] as const;

/** One list size. */
export interface ListSizeResult {
  readonly id: (typeof LIST_SIZE_IDS)[number];
  readonly title: string;
  /** ns per call (fastest round), ours and proxy-addr with the same list. */
  readonly oursNs: number;
  readonly proxyAddrNs: number;
  /** Ours with this list ÷ ours with 3 CIDRs, in the same run. */
  readonly ofThreeCidrs: number;
  /** proxy-addr ÷ ours with this list. */
  readonly proxyAddrRatio: number;
}

function caseOf(id: string): BenchCase {
  const found = CASES.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no case ${id}`);
  return found;
}

/**
 * Times ours and proxy-addr on every list size, all interleaved in one `time` call.
 *
 * @example
 * const rows = await measureListSize(FULL.timing, timeInterleaved);
 * rows.find((r) => r.id === 'xff-ipv4-3hop-10000cidr')?.ofThreeCidrs; // → about 1
 */
export async function measureListSize(
  timing: TimingOptions,
  time: Timer,
): Promise<ListSizeResult[]> {
  const runs = LIST_SIZE_IDS.flatMap((id) =>
    prepareCase(caseOf(id))
      .filter(({ name }) => name === OURS || name === 'proxy-addr')
      .map(({ name, prepared }) => ({ name: `${name} ${id}`, run: prepared.run })),
  );
  const timings = await time(runs, timing);
  const ns = (name: string, id: string) => timings.get(`${name} ${id}`)!.nsPerOp;
  const few = ns(OURS, LIST_SIZE_IDS[0]);
  return LIST_SIZE_IDS.map((id) => {
    const oursNs = ns(OURS, id);
    const proxyAddrNs = ns('proxy-addr', id);
    return {
      id,
      title: caseOf(id).title,
      oursNs,
      proxyAddrNs,
      ofThreeCidrs: oursNs / few,
      proxyAddrRatio: proxyAddrNs / oursNs,
    };
  });
}

/**
 * The list-size table.
 *
 * @example
 * console.log(listSizeTable(rows));
 */
export function listSizeTable(results: readonly ListSizeResult[]): string {
  return markdown(
    [
      '3-hop resolve, trusted list',
      'ours',
      '÷ ours with 3 CIDRs',
      'proxy-addr',
      'proxy-addr ÷ ours',
    ],
    results.map((r) => [
      r.title,
      `${formatNs(r.oursNs)} ns`,
      formatRatio(r.ofThreeCidrs),
      `${formatNs(r.proxyAddrNs)} ns`,
      formatRatio(r.proxyAddrRatio),
    ]),
  );
}
