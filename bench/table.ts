/**
 * Markdown tables of a run: the side-by-side table (printed, and pasted into bench/README.md),
 * the server-level ratios, the share of server CPU in our code, and the targets.
 */
import { OURS, type LibraryName } from './libraries.js';
import type { CaseResult, LibraryResult, Results } from './results.js';
import type { CpuShareResult } from './server/cpu-share.js';
import type { LoadResult } from './server/load.js';

const PEER_COLUMNS: readonly LibraryName[] = [
  'proxy-addr',
  '@fastify/proxy-addr',
  'request-ip',
  'forwarded-parse + walk',
  'forwarded-parse (parse only)',
];

/** `1,234` ns, with one decimal below 10. */
export function formatNs(ns: number): string {
  return ns < 10 ? ns.toFixed(1) : Math.round(ns).toLocaleString('en-US');
}

/** `88 B`, `6.3 kB`, `0.77 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** `×9.6`, `×12`, `×3,861`. */
export function formatRatio(ratio: number): string {
  return `×${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio).toLocaleString('en-US')}`;
}

/** `97.1 %`. */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/** A markdown table. */
export function markdown(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function peerCell(l: LibraryResult | undefined, wrong: Map<string, number>): string {
  if (l === undefined) return '—';
  let cell = `${formatNs(l.nsPerOp)} ${formatRatio(l.ratio)} · ${formatBytes(l.bytesPerOp)}`;
  if (l.agrees === false) {
    const key = `${l.name} returns ${JSON.stringify(l.answer)}: ${l.note ?? 'differs'}`;
    if (!wrong.has(key)) wrong.set(key, wrong.size + 1);
    cell += ` ✗${wrong.get(key)}`;
  }
  if (l.agrees === undefined) cell += ' †';
  return cell;
}

/** The side-by-side table: ns/op, ratio to ours and bytes/op per library, then footnotes. */
export function caseTable(cases: readonly CaseResult[]): string {
  const wrong = new Map<string, number>();
  const rows = cases.map((c) => {
    const ours = c.libraries.find((l) => l.name === OURS)!;
    return [
      c.title,
      formatNs(ours.nsPerOp),
      formatBytes(ours.bytesPerOp),
      ...PEER_COLUMNS.map((name) =>
        peerCell(
          c.libraries.find((l) => l.name === name),
          wrong,
        ),
      ),
    ];
  });
  const table = markdown(
    ['case', `${OURS} ns/op`, 'B/op', ...PEER_COLUMNS.map((name) => `${name} ns/op ×ours · B/op`)],
    rows,
  );
  const notes = [...wrong].map(([text, n]) => `✗${n} ${text} (ours is right; timed anyway).`);
  notes.push('† parses the header only: no trust walk, no address to compare.');
  return `${table}\n\n${notes.join('\n')}`;
}

/** Requests/s and CPU per request for each framework variant, as ratios to the bare framework. */
export function serverTable(server: LoadResult): string {
  const rows = server.variants.map((v) => {
    const bare = server.variants.find((b) => b.framework === v.framework && b.variant === 'bare');
    const share = bare === undefined ? NaN : v.requestsPerSecond / bare.requestsPerSecond;
    const cpu = bare === undefined ? NaN : v.cpuMicrosPerRequest / bare.cpuMicrosPerRequest;
    return [
      v.framework,
      v.variant,
      `${v.answer}${v.correct ? '' : ' ✗'}`,
      Math.round(v.requestsPerSecond).toLocaleString('en-US'),
      formatPercent(share),
      v.cpuMicrosPerRequest.toFixed(1),
      formatPercent(cpu),
      `${(v.serverBusy * 100).toFixed(0)} %`,
      String(v.failures),
    ];
  });
  const table = markdown(
    [
      'framework',
      'variant',
      'answer',
      'req/s',
      'of bare',
      'server CPU µs/req',
      'of bare',
      'server busy',
      'failed',
    ],
    rows,
  );
  const skipped = server.skipped.map((s) => `Skipped ${s}.`);
  return skipped.length === 0 ? table : `${table}\n\n${skipped.join('\n')}`;
}

/** `0.62 %` (two decimals: the goal is 1 %). */
export function formatShare(ratio: number): string {
  return `${(ratio * 100).toFixed(2)} %`;
}

/** Per framework: the share of the server's busy CPU samples in our functions, and where. */
export function cpuShareTable(results: readonly CpuShareResult[]): string {
  const rows = results.map((r) => [
    r.framework,
    `${r.answer}${r.correct ? '' : ' ✗'}`,
    `**${formatShare(r.share)}**`,
    `${r.ourSamples.toLocaleString('en-US')} / ${r.busySamples.toLocaleString('en-US')}`,
    Math.round(r.requestsPerSecond).toLocaleString('en-US'),
    String(r.failures),
    r.top
      .slice(0, 3)
      .map(
        (f) =>
          `${f.name} (${f.where.replace(/^packages\//, '')}) ${formatShare(f.samples / r.busySamples)}`,
      )
      .join('; '),
  ]);
  return markdown(
    [
      'framework',
      'answer',
      'ours, of server CPU',
      'samples ours / busy',
      'req/s (profiled)',
      'failed',
      'our top functions',
    ],
    rows,
  );
}

/** The targets, met or missed. */
export function targetList(results: Pick<Results, 'targets'>): string {
  return results.targets
    .map((t) => {
      const mark = t.met === undefined ? '·' : t.met ? '✓' : '✗';
      return `- ${mark} ${t.target}: **${t.measured}**`;
    })
    .join('\n');
}
