/** Text rendering of an explained walk: a table of hops, then the answer and why. */
import type { Explanation, StopReason } from '@realip/core';
import type { createColors } from 'picocolors';
import { providerHint, vendorHeaderHint } from './provider-hint.js';

type Colors = ReturnType<typeof createColors>;

const WHY: Record<StopReason, string> = {
  untrusted: 'stopped at the first hop that is not trusted',
  exhausted: 'every hop was trusted, so the leftmost one is the client',
  invalid: 'the next entry is not an address, so the last trusted hop is the answer',
  limit: 'maxEntries elements were examined; the last trusted hop is the answer',
  'no-peer': 'the socket address is unknown (Unix socket or closed connection)',
  'trust-error': 'the trust function threw for this hop, so it is treated as untrusted',
};

/**
 * Renders the walk as a table (plain text when `c` has colors off).
 *
 * @example
 * ```ts
 * const explained = createResolver({ trust: 'loopback' }).explain({
 *   remoteAddress: '127.0.0.1',
 *   headers: { 'x-forwarded-for': '203.0.113.7' },
 * });
 * renderExplanation(explained, 'x-forwarded-for', createColors(false));
 * // → the hop table, then 'client: 203.0.113.7  (source x-forwarded-for, 1 hop walked)'
 * ```
 */
export function renderExplanation(e: Explanation, header: string, c: Colors): string {
  const rows = e.steps.map((s) => {
    const address =
      s.address === undefined
        ? ''
        : s.port === undefined
          ? s.address
          : `${s.address} port ${s.port}`;
    return [
      String(s.hop),
      s.from,
      s.raw === '' ? '(empty)' : s.raw,
      address,
      s.verdict,
      s.rule ?? s.note ?? (s.verdict === 'untrusted' ? 'not in trust' : ''),
    ];
  });
  const head = ['hop', 'from', 'entry', 'address', 'verdict', 'rule / note'];
  const widths = head.map((h, i) =>
    Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : clip(cell, widths[i]!).padEnd(widths[i]!)))
      .join('  ');
  const paint = (verdict: string, text: string) =>
    verdict === 'trusted'
      ? c.green(text)
      : verdict === 'untrusted'
        ? c.yellow(text)
        : verdict === 'invalid'
          ? c.red(text)
          : c.dim(text);
  const answerHop = e.result.hops;
  const out = [c.bold(line(head))];
  for (const [i, row] of rows.entries()) {
    const step = e.steps[i]!;
    const text = paint(step.verdict, line(row));
    const isAnswer =
      step.hop === answerHop &&
      step.address !== undefined &&
      step.verdict !== 'invalid' &&
      e.result.ip !== undefined;
    out.push(
      isAnswer && (i === rows.length - 1 || e.steps[i + 1]!.hop !== answerHop)
        ? `${c.bold(text)}  ${c.cyan('<- client')}`
        : text,
    );
  }
  const r = e.result;
  out.push('');
  out.push(
    r.ip === undefined
      ? `${c.bold('client:')} ${c.red('unknown')}`
      : `${c.bold('client:')} ${c.cyan(c.bold(r.ip))}${r.port === undefined ? '' : ` port ${r.port}`}  (source ${r.source}, ${r.hops} ${r.hops === 1 ? 'hop' : 'hops'} walked)`,
  );
  out.push(`${c.bold('why:')}    ${r.reason}: ${WHY[r.reason]}`);
  // With --protocol / --host: the value and where it came from, or why none was taken.
  for (const [label, value, note] of [
    ['protocol:', r.protocol, e.protocolNote],
    ['host:', r.host, e.hostNote],
  ] as const) {
    if (note === undefined) continue;
    out.push(
      `${c.bold(label.padEnd(9))} ${value === undefined ? c.yellow(note) : `${c.cyan(value)}  (${note})`}`,
    );
  }
  const hint = hintFor(e, header);
  if (hint !== undefined) out.push(`${c.yellow('hint:')}   ${hint}`);
  return out.join('\n');
}

/** A nudge for the results that usually mean a configuration mistake. */
function hintFor(e: Explanation, header: string): string | undefined {
  const r = e.result;
  const peer = e.steps[0];
  // Header entries believed by trust: true (not by a hop count): the leftmost wins.
  if (e.steps.some((s) => s.hop > 0 && s.rule === 'trust: true')) {
    return 'trust: true believes every entry, so the leftmost wins and any client can choose its address: name your proxies in --trust instead (see realip doctor)';
  }
  if (r.hops > 0 && peer?.rule === 'trust: true') {
    return 'with trust: true the hop count starts at any peer: a client that connects directly spends the hops and chooses its address; name the proxy that connects to you in --trust (see realip doctor)';
  }
  // A vendor's header believed from a peer that is not its edge; the answer is an edge left out.
  const vendor = vendorHeaderHint(e);
  if (vendor !== undefined) return vendor;
  const edge = r.reason === 'untrusted' && r.ip !== undefined ? providerHint(r.ip) : undefined;
  if (edge !== undefined) return edge;
  if (r.reason === 'exhausted' && r.hops === 0) {
    return `the peer is trusted but sent no ${header} entry: is the proxy adding the header (and is it the header you configured)?`;
  }
  if (
    r.reason === 'untrusted' &&
    r.hops === 0 &&
    e.steps.length === 1 &&
    peer?.address !== undefined
  ) {
    return `the peer ${peer.address} is not trusted, so no header was read; if it is your proxy, add it to --trust`;
  }
  if (r.reason === 'invalid')
    return 'a proxy you trust wrote something that is not an address; check what it forwards';
  if (r.reason === 'exhausted' && r.hops > 0)
    return 'every entry was trusted: if the leftmost is a proxy of yours, the client address never arrived';
  return undefined;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
