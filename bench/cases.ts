/**
 * The benchmark cases: one request each, with our options and the answer our resolver must give.
 * Every library in a case is timed on the very same request object.
 *
 * Requests are plain objects shaped like an `IncomingMessage` (headers plus `socket` and its
 * deprecated alias `connection`, which request-ip still reads first), with the headers a browser
 * sends, so a header lookup costs what it costs on a real request.
 */
import type { RealIpOptions, TrustEntry } from '@realip/core';
import { PRESET_NAMES, PROVIDERS } from '@realip/ranges';

/** The libraries compared with ours. */
export type PeerName =
  | 'proxy-addr'
  | '@fastify/proxy-addr'
  | 'request-ip'
  | 'forwarded-parse + walk'
  | 'forwarded-parse (parse only)';

/** The request shape every library reads. */
export interface BenchRequest {
  readonly headers: Record<string, string>;
  readonly socket: { readonly remoteAddress: string };
  readonly connection: { readonly remoteAddress: string };
}

/** One benchmark case. */
export interface BenchCase {
  /** Stable kebab-case id (JSON results are keyed by it). */
  readonly id: string;
  /** Label in the table. */
  readonly title: string;
  readonly request: BenchRequest;
  /** Our options; peers of the proxy-addr family get the same trust (see peers.ts). */
  readonly options: RealIpOptions;
  /** Canonical answer our resolver must give. */
  readonly expected: string;
  /** Peers that apply to this case (the rest cannot express it). */
  readonly peers: readonly PeerName[];
  /** Peers known to answer differently, and why; timed anyway and marked in the table. */
  readonly wrong?: Partial<Record<PeerName, string>>;
}

const BROWSER_HEADERS = {
  host: 'api.example.com',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.5',
  connection: 'keep-alive',
};

function request(peer: string, headers: Record<string, string> = {}): BenchRequest {
  const socket = { remoteAddress: peer };
  return { headers: { ...BROWSER_HEADERS, ...headers }, socket, connection: socket };
}

const XFF_PEERS: readonly PeerName[] = ['proxy-addr', '@fastify/proxy-addr', 'request-ip'];
const LEFTMOST = 'takes the leftmost entry, which the client wrote (spoofable)';

/** One address family's addresses and trusted ranges for the hop matrix. */
interface Family {
  readonly name: string;
  readonly client: string;
  /** The socket peer: the proxy closest to the server. */
  readonly peer: string;
  /** The k-th proxy further out (k >= 1). */
  readonly proxy: (k: number) => string;
  /** Trusted ranges; the matching one last, so every range is tried for each hop. */
  readonly cidrs: Record<1 | 3, readonly TrustEntry[]>;
}

const V4_CIDRS: Record<1 | 3, TrustEntry[]> = {
  1: ['10.0.0.0/8'],
  3: ['192.168.0.0/16', '172.16.0.0/12', '10.0.0.0/8'],
};

const FAMILIES: readonly Family[] = [
  {
    name: 'IPv4',
    client: '198.51.100.23',
    peer: '10.0.0.1',
    proxy: (k) => `10.0.1.${k}`,
    cidrs: V4_CIDRS,
  },
  {
    name: 'IPv6',
    client: '2001:db8:85a3::8a2e:370:7334',
    peer: 'fd12:3456:789a::1',
    proxy: (k) => `fd12:3456:789a:1::${k.toString(16)}`,
    cidrs: { 1: ['fd00::/8'], 3: ['2001:db8:ffff::/48', 'fe80::/10', 'fd00::/8'] },
  },
  {
    // A dual-stack server sees IPv4 peers as IPv4-mapped IPv6; the header holds plain IPv4.
    name: 'mapped peer',
    client: '198.51.100.23',
    peer: '::ffff:10.0.0.1',
    proxy: (k) => `10.0.1.${k}`,
    cidrs: V4_CIDRS,
  },
];

/**
 * `hops` entries walked: the client, then `hops - 1` proxies, all appended by trusted proxies (no
 * spoofed prefix, so the leftmost-entry libraries agree too).
 */
function chain(f: Family, hops: number): string {
  const entries = [f.client];
  for (let k = hops - 1; k >= 1; k--) entries.push(f.proxy(k));
  return entries.join(', ');
}

function hopMatrix(): BenchCase[] {
  const out: BenchCase[] = [];
  for (const f of FAMILIES) {
    for (const hops of [1, 3, 10]) {
      for (const n of [1, 3] as const) {
        out.push({
          id: `xff-${f.name.replace(' ', '-').toLowerCase()}-${hops}hop-${n}cidr`,
          title: `XFF ${f.name}, ${hops} hop${hops > 1 ? 's' : ''}, ${n} CIDR${n > 1 ? 's' : ''}`,
          request: request(f.peer, { 'x-forwarded-for': chain(f, hops) }),
          options: { trust: f.cidrs[n] },
          expected: f.client,
          peers: XFF_PEERS,
        });
      }
    }
  }
  return out;
}

/**
 * `count` trusted CIDRs spread over the whole IPv4 space (disjoint /24s, about two per /12 as in
 * the providers' lists), with the range that holds the proxies (10.0.0.0/8) last: a scan tries
 * every range for each hop.
 */
export function spreadCidrs(count: number): TrustEntry[] {
  const out: TrustEntry[] = [];
  const step = Math.floor(2 ** 32 / count) & ~255;
  for (let i = 0; out.length < count - 1; i++) {
    const base = (i * step) >>> 0;
    const a = base >>> 24;
    if (a === 10 || a === 127 || a === 198) continue; // the proxies, loopback, the client
    out.push(`${a}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.0/24`);
  }
  return [...out, '10.0.0.0/8'];
}

function manyCidrs(count: number): BenchCase {
  const ipv4 = FAMILIES[0]!;
  return {
    id: `xff-ipv4-3hop-${count}cidr`,
    title: `XFF IPv4, 3 hops, ${count.toLocaleString('en-US')} CIDRs`,
    request: request(ipv4.peer, { 'x-forwarded-for': chain(ipv4, 3) }),
    options: { trust: spreadCidrs(count) },
    expected: ipv4.client,
    peers: XFF_PEERS,
  };
}

/**
 * Every provider's full published list at once (what trusting all the names loads), written out
 * so proxy-addr gets the very same list, then the proxies' range.
 */
function allPresets(): BenchCase {
  const lists = PRESET_NAMES.flatMap((n) => [
    ...PROVIDERS[n].snapshot.v4,
    ...PROVIDERS[n].snapshot.v6,
  ]);
  return {
    ...manyCidrs(3),
    id: 'xff-ipv4-3hop-presets',
    title: `XFF IPv4, 3 hops, every preset (${lists.length} CIDRs)`,
    options: { trust: [...(lists as TrustEntry[]), '10.0.0.0/8'] },
  };
}

/** `size` untrusted entries a client wrote, then the client address a trusted proxy appended. */
function longHeader(size: number): string {
  const entries: string[] = [];
  for (let i = 0; i < size - 1; i++) entries.push(`203.0.${(i >> 8) & 255}.${i & 255}`);
  entries.push('198.51.100.23');
  return entries.join(', ');
}

function longHeaderCase(size: number): BenchCase {
  return {
    id: `xff-${size}-entries`,
    title: `XFF ${size.toLocaleString('en-US')} entries, 1 hop decides`,
    request: request('10.0.0.1', { 'x-forwarded-for': longHeader(size) }),
    options: { trust: V4_CIDRS[3] },
    expected: '198.51.100.23',
    peers: XFF_PEERS,
    wrong: { 'request-ip': LEFTMOST },
  };
}

/** Every case, in table order. */
export const CASES: readonly BenchCase[] = [
  {
    id: 'no-header',
    title: 'no header (trusted peer)',
    request: request('10.0.0.1'),
    options: { trust: V4_CIDRS[3] },
    expected: '10.0.0.1',
    peers: XFF_PEERS,
  },
  {
    id: 'direct-client',
    title: 'direct client, spoofed XFF',
    request: request('203.0.113.7', { 'x-forwarded-for': '1.2.3.4' }),
    options: { trust: V4_CIDRS[3] },
    expected: '203.0.113.7',
    peers: XFF_PEERS,
    wrong: { 'request-ip': 'believes X-Forwarded-For from any peer (spoofable)' },
  },
  ...hopMatrix(),
  manyCidrs(300),
  manyCidrs(10_000),
  allPresets(),
  {
    id: 'trust-all',
    title: 'trust all, 3 entries',
    request: request('203.0.113.7', {
      'x-forwarded-for': '198.51.100.23, 203.0.113.50, 203.0.113.60',
    }),
    options: { trust: true },
    expected: '198.51.100.23',
    peers: XFF_PEERS,
  },
  {
    id: 'hops-3',
    title: 'hops: 3, spoofed prefix',
    request: request('10.0.0.1', {
      'x-forwarded-for': '6.6.6.6, 198.51.100.23, 203.0.113.50, 203.0.113.60',
    }),
    options: { trust: V4_CIDRS[3], hops: 3 },
    expected: '198.51.100.23',
    peers: XFF_PEERS,
    wrong: { 'request-ip': LEFTMOST },
  },
  longHeaderCase(100),
  longHeaderCase(10_000),
  {
    id: 'forwarded-1',
    title: 'Forwarded, 1 element',
    request: request('10.0.0.1', { forwarded: 'for=198.51.100.23;proto=https;by=10.0.0.1' }),
    options: { header: 'forwarded', trust: V4_CIDRS[3] },
    expected: '198.51.100.23',
    peers: ['forwarded-parse + walk', 'forwarded-parse (parse only)'],
  },
  {
    id: 'forwarded-5',
    title: 'Forwarded, 5 elements',
    request: request('10.0.0.1', {
      forwarded:
        'for=192.0.2.43, for="[2001:db8:cafe::17]:4711";proto=https, ' +
        'for=10.1.0.3;by=10.0.0.9, for=10.1.0.2, for="10.1.0.1:8080"',
    }),
    options: { header: 'forwarded', trust: V4_CIDRS[3] },
    expected: '2001:db8:cafe::17',
    peers: ['forwarded-parse + walk', 'forwarded-parse (parse only)'],
  },
  {
    id: 'vendor-header',
    title: 'CF-Connecting-IP (single address)',
    // Cloudflare sends its client header and an X-Forwarded-For holding the same address.
    request: request('173.245.48.5', {
      'cf-connecting-ip': '198.51.100.23',
      'x-forwarded-for': '198.51.100.23',
    }),
    options: {
      header: 'cf-connecting-ip',
      trust: ['103.21.244.0/22', '103.22.200.0/22', '173.245.48.0/20'],
    },
    expected: '198.51.100.23',
    peers: ['request-ip'],
  },
];
