/**
 * What `npm start` prints once the servers are up: where each listens, and requests to try with
 * the answer each will give. The answers are worked out with `@realip/core` and the launcher's
 * own options, so they hold whatever TRUST_PROXY says (test/start.test.ts checks them against
 * the servers). The TCP demo's answers too: a PROXY header is one more hop for `@realip/toa`,
 * so it answers as the core does for a one-entry X-Forwarded-For (with `source: 'proxy-protocol'`).
 */
import { createResolver, type RealIpOptions } from '@realip/core';
import { toaModuleStatus } from '@realip/toa';
import { describeClient } from './describe';
import { HOST, type Demo } from './demos';

/** A request to try on the HTTP demos, from loopback. */
interface Try {
  readonly why: string;
  readonly headers: Readonly<Record<string, string>>;
}

export const TRIES: readonly Try[] = [
  { why: 'no header: the socket peer (you) is the client', headers: {} },
  {
    why: 'one proxy (you, trusted): the rightmost untrusted entry is the client; 6.6.6.6 is a claim the client made up',
    headers: { 'X-Forwarded-For': '6.6.6.6, 198.51.100.9' },
  },
  {
    why: 'protocol and host come from the same hop as the address',
    headers: {
      'X-Forwarded-For': '6.6.6.6, 198.51.100.9',
      'X-Forwarded-Proto': 'http, https',
      'X-Forwarded-Host': 'evil.example, shop.example',
    },
  },
  {
    why: 'ports, brackets and case are normalised',
    headers: { 'X-Forwarded-For': '[2001:DB8:0::1]:4711' },
  },
  {
    why: 'garbage stops the walk at the last trusted hop; it is never the answer',
    headers: { 'X-Forwarded-For': '198.51.100.9, unknown' },
  },
];

/** A connection to try on the TCP demo: what it sends first, with `PORT` for the demo's port. */
interface TcpTry {
  readonly why: string;
  readonly client: string | undefined;
  readonly send: string;
}

const TCP_TRIES: readonly TcpTry[] = [
  {
    why: 'a PROXY protocol header from a trusted proxy (you) names the client; the line after it is echoed',
    client: '198.51.100.9:51000',
    send: 'PROXY TCP4 198.51.100.9 127.0.0.1 51000 PORT\\r\\nping\\n',
  },
  {
    why: 'no header from a trusted proxy: the answer is the proxy itself, and the greeting says TOA was not effective',
    client: undefined,
    send: 'ping\\n',
  },
];

/**
 * What a try says instead of its `why` when the launcher trusts nobody (TRUST_PROXY=false): its
 * `why` describes you as a trusted proxy, which you then are not.
 */
const UNTRUSTED_HTTP =
  'you are not a trusted proxy here: the headers are never read, the socket peer (you) is the client';
const UNTRUSTED_TCP =
  'you are not a trusted proxy here: a PROXY header is never parsed, it arrives as data';

/** How to get `nc`, which the TCP tries use: not installed on every machine. */
export const NC_HINT =
  '(no nc? apt-get install netcat-openbsd on Debian/Ubuntu; macOS has one; ncat from nmap works too)';

/** A started demo, as the guide lists it. */
export interface Listed {
  readonly demo: Demo;
  readonly port: number;
}

/** The text printed after start-up. */
export function guide(
  listed: readonly Listed[],
  options: RealIpOptions,
  trustFrom: string,
): string {
  const resolve = createResolver(options);
  const out = [`realip demo: ${listed.length} server(s) on loopback, trust from ${trustFrom}`, ''];
  for (const { demo, port } of listed) {
    out.push(
      demo.kind === 'http'
        ? `  ${demo.name.padEnd(8)} http://${HOST}:${port}/`
        : `  ${demo.name.padEnd(8)} ${HOST}:${port}  (raw TCP; this host: ${toaModuleStatus().summary})`,
    );
  }
  const http = listed.filter((l) => l.demo.kind === 'http');
  if (http.length > 0) {
    out.push(
      '',
      "Try these (every HTTP demo answers alike: JSON with the framework's own ip, ips, protocol and host, and realIp, the client shown after ->):",
    );
    TRIES.forEach((t, i) => {
      const { port } = http[i % http.length]!;
      const flags = Object.entries(t.headers).map(([name, value]) => ` -H '${name}: ${value}'`);
      const answer = resolve({ remoteAddress: HOST, headers: lower(t.headers) });
      const trusted = answer.reason !== 'untrusted' || answer.hops > 0;
      const headerless = Object.keys(t.headers).length === 0;
      out.push(
        '',
        `  # ${trusted || headerless ? t.why : UNTRUSTED_HTTP}`,
        `  curl -s${flags.join('')} http://${HOST}:${port}/`,
        `  -> ${describeClient(answer)}`,
      );
    });
  }
  const tcp = listed.find((l) => l.demo.kind === 'tcp');
  if (tcp !== undefined) {
    // The TCP demo is given only `trust`, so predict with `trust` only.
    const layer4 = createResolver(options.trust === undefined ? {} : { trust: options.trust });
    out.push(
      '',
      'Raw TCP (the server greets you with the client shown after ->, echoes one line and closes):',
      `  ${NC_HINT}`,
    );
    for (const t of TCP_TRIES) {
      const r = layer4({
        remoteAddress: HOST,
        headers: t.client === undefined ? {} : { 'x-forwarded-for': t.client },
      });
      const answer = { ...r, source: r.source === 'socket' ? r.source : 'proxy-protocol' };
      const trusted = r.reason !== 'untrusted' || r.hops > 0;
      out.push(
        '',
        `  # ${trusted ? t.why : UNTRUSTED_TCP}`,
        `  printf '${t.send.replace('PORT', String(tcp.port))}' | nc ${HOST} ${tcp.port}`,
        `  -> ${describeClient(answer)}`,
      );
    }
  }
  out.push('', 'Each client is logged below as it is resolved. Ctrl-C stops all.', '');
  return out.join('\n');
}

function lower(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
