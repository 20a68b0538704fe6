/**
 * The handshake table every WebSocket integration replays (ws, Express and Koa upgrade paths,
 * @fastify/websocket, Socket.IO): a trusted proxy peer and an untrusted one sending forged
 * headers, over IPv4 (127.0.0.x source addresses) and ::1, and a PROXY protocol v1 / v2 client
 * through a relay in front of a server wrapped by `acceptProxyProtocol`. Expected answers are
 * written out, and are what the HTTP adapters answer for the same request (test/vectors.ts).
 */
import type { ClientAddress, RealIpOptions } from '@realip/core';
import net from 'node:net';
import { v1, v2 } from '../../packages/toa/test/helpers';

/** The fields compared: the port is the connection's own, different on every run. */
export type Answer = Pick<ClientAddress, 'ip' | 'source' | 'hops' | 'reason'>;

/** One handshake: where the client connects from, what it sends, and the answer. */
export interface HandshakeCase {
  readonly name: string;
  readonly options: RealIpOptions;
  /** The server's host, and the client's source address (a genuine loopback peer). */
  readonly host: '127.0.0.1' | '::1';
  readonly from: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly expected: Answer;
}

const proxy = { trust: ['127.0.0.1', '::1'] } satisfies RealIpOptions;
const ipv4Only = { trust: '127.0.0.1' } satisfies RealIpOptions;

/** Forwarding-header cases, over a direct connection. */
export const handshakeCases: readonly HandshakeCase[] = [
  {
    name: 'IPv4 trusted proxy',
    options: proxy,
    host: '127.0.0.1',
    from: '127.0.0.1',
    headers: { 'x-forwarded-for': '198.51.100.7' },
    expected: { ip: '198.51.100.7', source: 'x-forwarded-for', hops: 1, reason: 'untrusted' },
  },
  {
    name: 'IPv4 trusted proxy, forged entry on the left',
    options: proxy,
    host: '127.0.0.1',
    from: '127.0.0.1',
    headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' },
    expected: { ip: '198.51.100.7', source: 'x-forwarded-for', hops: 1, reason: 'untrusted' },
  },
  {
    name: 'IPv4 untrusted peer, forged header',
    options: proxy,
    host: '127.0.0.1',
    from: '127.0.0.2',
    headers: { 'x-forwarded-for': '6.6.6.6' },
    expected: { ip: '127.0.0.2', source: 'socket', hops: 0, reason: 'untrusted' },
  },
  {
    name: '::1 trusted proxy',
    options: proxy,
    host: '::1',
    from: '::1',
    headers: { 'x-forwarded-for': '2001:db8::7' },
    expected: { ip: '2001:db8::7', source: 'x-forwarded-for', hops: 1, reason: 'untrusted' },
  },
  {
    name: '::1 untrusted peer, forged header',
    options: ipv4Only,
    host: '::1',
    from: '::1',
    headers: { 'x-forwarded-for': '6.6.6.6' },
    expected: { ip: '::1', source: 'socket', hops: 0, reason: 'untrusted' },
  },
];

/** A PROXY protocol case: the relay writes `header` before the client's bytes. */
export interface ProxyProtocolCase {
  readonly name: string;
  readonly header: string | Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly expected: Answer;
}

/** Core options for PROXY protocol servers: the relay (127.0.0.1) is the only proxy. */
export const proxyProtocolOptions = { trust: '127.0.0.1' } satisfies RealIpOptions;

/** The client the PROXY header names is untrusted: a forged header it sends is not believed. */
export const proxyProtocolCases: readonly ProxyProtocolCase[] = [
  {
    name: 'PROXY v1, IPv4 client, forged header',
    header: v1('203.0.113.50', '127.0.0.1', 5555, 80),
    headers: { 'x-forwarded-for': '6.6.6.6' },
    expected: { ip: '203.0.113.50', source: 'socket', hops: 0, reason: 'untrusted' },
  },
  {
    name: 'PROXY v2, IPv6 client, forged header',
    header: v2({ src: '2001:db8::50', sport: 6666 }),
    headers: { 'x-forwarded-for': '6.6.6.6' },
    expected: { ip: '2001:db8::50', source: 'socket', hops: 0, reason: 'untrusted' },
  },
];

/** The compared fields of an answer. */
export function answerOf(result: ClientAddress): Answer {
  return { ip: result.ip, source: result.source, hops: result.hops, reason: result.reason };
}

/** A listening TCP relay on 127.0.0.1 that plays a layer-4 proxy in front of `target`. */
export interface Relay {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A layer-4 proxy: every connection is relayed to `target` from 127.0.0.1, after `header` (a PROXY
 * protocol header naming the client), as haproxy's `send-proxy` does.
 */
export async function proxyRelay(
  target: { readonly host: string; readonly port: number },
  header: string | Buffer,
): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect({ ...target, localAddress: '127.0.0.1' });
    track(client);
    track(upstream);
    upstream.write(header);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
