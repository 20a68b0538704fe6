/**
 * What `npm start` prints once the servers are up: where each listens, and requests to try with
 * the answer each will give. The answers are worked out with `@realip/core` and the launcher's
 * own options, so they hold whatever TRUST_PROXY says (test/start.test.ts checks them against
 * the servers).
 */
import { createResolver, type RealIpOptions } from '@realip/core';
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
      `  ${demo.name.padEnd(8)} ${demo.kind === 'http' ? `http://${HOST}:${port}/` : `${HOST}:${port}`}`,
    );
  }
  const http = listed.filter((l) => l.demo.kind === 'http');
  if (http.length > 0) {
    out.push(
      '',
      "Try (every HTTP demo gives the same answer; the JSON shows the framework's own ip, ips, protocol, host and realIp):",
    );
    TRIES.forEach((t, i) => {
      const { port } = http[i % http.length]!;
      const flags = Object.entries(t.headers).map(([name, value]) => ` -H '${name}: ${value}'`);
      out.push(
        '',
        `  # ${t.why}`,
        `  curl -s${flags.join('')} http://${HOST}:${port}/`,
        `  -> ${describeClient(resolve({ remoteAddress: HOST, headers: lower(t.headers) }))}`,
      );
    });
  }
  out.push('', 'Each request is logged below. Ctrl-C stops all.', '');
  return out.join('\n');
}

function lower(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
