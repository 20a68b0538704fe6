/**
 * The targets of issues 6, 11 and 14, checked against one run's measurements. Every ratio is taken inside the
 * same run (same process, same inputs, interleaved), never against numbers from elsewhere.
 */
import { OURS, type LibraryName } from './libraries.js';
import type { ListSizeResult } from './list-size.js';
import type { CaseResult, LibraryResult, TargetResult } from './results.js';
import { FRAMEWORKS } from './server/apps.js';
import { CPU_SHARE_GOAL, type CpuShareResult } from './server/cpu-share.js';
import type { LoadResult } from './server/load.js';
import { formatPercent, formatRatio, formatShare } from './table.js';

/** A result object of 8 fields on 64-bit V8: 3 header words + 8 fields, 8 bytes each. */
export const RESULT_OBJECT_BYTES = 88;
/** The answer's text when it is copied out of a header: a short sequential string. */
export const ANSWER_TEXT_BYTES = 32;

/** Cases on the common path: no header, direct clients, IPv4 and IPv4-mapped X-Forwarded-For. */
const COMMON_PATH = /^(no-header|direct-client|xff-ipv4-.*|xff-mapped-peer-.*)$/;

function lib(cases: readonly CaseResult[], id: string, name: LibraryName): LibraryResult {
  const found = cases.find((c) => c.id === id)?.libraries.find((l) => l.name === name);
  if (found === undefined) throw new Error(`no result for ${name} on ${id}`);
  return found;
}

function faster(
  cases: readonly CaseResult[],
  id: string,
  peer: LibraryName,
  at: number,
): TargetResult {
  const ratio = lib(cases, id, peer).ratio;
  return {
    target: `≥ ${at}× faster than ${peer} on ${id}`,
    measured: formatRatio(ratio),
    met: ratio >= at,
  };
}

function lengthIndependence(cases: readonly CaseResult[]): TargetResult {
  const long = lib(cases, 'xff-10000-entries', OURS).nsPerOp;
  const short = lib(cases, 'xff-ipv4-3hop-3cidr', OURS).nsPerOp;
  return {
    target: '10,000-entry header within 2× of the 3-hop case (ours)',
    measured: `${(long / short).toFixed(2)}× (${long.toFixed(0)} ns vs ${short.toFixed(0)} ns)`,
    met: long <= 2 * short,
  };
}

/**
 * Issue 11: a hop's cost does not grow with the trusted list. From the list-size table when it
 * ran (every list interleaved in one process, list-size.ts), else from the side-by-side cases.
 */
function listIndependence(
  cases: readonly CaseResult[],
  sizes: readonly ListSizeResult[] | undefined,
  id: string,
  what: string,
): TargetResult {
  const row = sizes?.find((r) => r.id === id);
  const many = row?.oursNs ?? lib(cases, id, OURS).nsPerOp;
  const few =
    row === undefined
      ? lib(cases, 'xff-ipv4-3hop-3cidr', OURS).nsPerOp
      : row.oursNs / row.ofThreeCidrs;
  return {
    target: `3-hop resolve with ${what} within 1.3× of 3 CIDRs (ours)`,
    measured:
      `${(many / few).toFixed(2)}× (${many.toFixed(0)} ns vs ${few.toFixed(0)} ns` +
      `${row === undefined ? ', separate processes' : ', interleaved in one process'})`,
    met: many <= 1.3 * few,
  };
}

/** Issue 11: every preset list at once, against proxy-addr with the very same list. */
function presetsFaster(
  cases: readonly CaseResult[],
  sizes: readonly ListSizeResult[] | undefined,
): TargetResult {
  const row = sizes?.find((r) => r.id === 'xff-ipv4-3hop-presets');
  if (row === undefined) return faster(cases, 'xff-ipv4-3hop-presets', 'proxy-addr', 20);
  return {
    target: '≥ 20× faster than proxy-addr on xff-ipv4-3hop-presets',
    measured: `${formatRatio(row.proxyAddrRatio)} (interleaved with the other list sizes)`,
    met: row.proxyAddrRatio >= 20,
  };
}

function forwardedParse(cases: readonly CaseResult[]): TargetResult {
  const ratios = ['forwarded-1', 'forwarded-5'].map(
    (id) => lib(cases, id, 'forwarded-parse (parse only)').ratio,
  );
  return {
    target: '≥ 2× faster than forwarded-parse (its parse alone vs our parse + trust walk)',
    measured: ratios.map(formatRatio).join(' (1 element), ') + ' (5 elements)',
    met: Math.min(...ratios) >= 2,
  };
}

function allocations(cases: readonly CaseResult[]): TargetResult {
  const common = cases.filter((c) => COMMON_PATH.test(c.id));
  const bytes = common.map((c) => lib(cases, c.id, OURS).bytesPerOp);
  const most = Math.max(...bytes);
  return {
    target:
      `≤ 1 small object per resolve on the common path (the ${RESULT_OBJECT_BYTES} B result; ` +
      `an answer copied from a header adds its ${ANSWER_TEXT_BYTES} B text)`,
    measured: `${Math.min(...bytes).toFixed(0)}-${most.toFixed(0)} B/op over ${common.length} cases`,
    met: most <= RESULT_OBJECT_BYTES + ANSWER_TEXT_BYTES + 8,
  };
}

function adapterOverhead(server: LoadResult | undefined): TargetResult[] {
  if (server === undefined) {
    return [{ target: 'adapters keep ≥ 97 % of bare req/s', measured: 'not run', met: undefined }];
  }
  return FRAMEWORKS.map((framework) => {
    const of = (variant: string) =>
      server.variants.find((v) => v.framework === framework && v.variant === variant);
    const bare = of('bare');
    const ours = of('realip');
    const target = `${framework} with realIp() keeps ≥ 97 % of bare req/s`;
    if (bare === undefined || ours === undefined) {
      return { target, measured: 'not measured: adapter missing', met: undefined };
    }
    const share = ours.requestsPerSecond / bare.requestsPerSecond;
    const cpu = ours.cpuMicrosPerRequest / bare.cpuMicrosPerRequest;
    // What any middleware costs in this framework, measured in the same run: the floor under ours.
    const empty = of('empty');
    const floor =
      empty === undefined
        ? ''
        : `; an empty middleware keeps ${formatPercent(empty.requestsPerSecond / bare.requestsPerSecond)}, ` +
          `realIp() keeps ${formatPercent(ours.requestsPerSecond / empty.requestsPerSecond)} of that`;
    return {
      target,
      measured: `${formatPercent(share)} (server CPU per request ${formatPercent(cpu)} of bare${floor})`,
      met: share >= 0.97,
    };
  });
}

/** Issue 14: our functions take at most 1 % of the server's CPU samples, per framework. */
export function cpuShareTargets(cpuShare: readonly CpuShareResult[] | undefined): TargetResult[] {
  if (cpuShare === undefined || cpuShare.length === 0) {
    return [
      {
        target: `realIp() ≤ ${formatPercent(CPU_SHARE_GOAL)} of server CPU`,
        measured: 'not run',
        met: undefined,
      },
    ];
  }
  return cpuShare.map((r) => ({
    target: `${r.framework}: realIp() takes ≤ ${formatPercent(CPU_SHARE_GOAL)} of server CPU (self samples in packages/*/src, under load)`,
    measured: `${formatShare(r.share)} (${r.ourSamples} of ${r.busySamples} samples)`,
    met: r.share <= CPU_SHARE_GOAL,
  }));
}

/** Every target of issues 6 and 14, met or missed, with the measured value. */
export function evaluateTargets(
  cases: readonly CaseResult[],
  server: LoadResult | undefined,
  cpuShare?: readonly CpuShareResult[],
  listSize?: readonly ListSizeResult[],
): TargetResult[] {
  return [
    faster(cases, 'xff-ipv4-3hop-3cidr', 'proxy-addr', 10),
    faster(cases, 'xff-ipv6-3hop-3cidr', 'proxy-addr', 5),
    lengthIndependence(cases),
    faster(cases, 'xff-10000-entries', 'proxy-addr', 100),
    listIndependence(cases, listSize, 'xff-ipv4-3hop-10000cidr', '10,000 CIDRs'),
    listIndependence(cases, listSize, 'xff-ipv4-3hop-presets', 'every preset list'),
    presetsFaster(cases, listSize),
    forwardedParse(cases),
    allocations(cases),
    ...adapterOverhead(server),
    ...cpuShareTargets(cpuShare),
  ];
}
