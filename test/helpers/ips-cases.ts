/**
 * The `ip` / `ips` cases every adapter checks, in its framework's own `ips` order. `chain` is
 * closest first with the socket peer (Fastify's order); Express and Koa list it farthest first,
 * without the peer.
 */
import type { RealIpOptions } from '@realip/core';

const chain: RealIpOptions = { trust: ['loopback', '10.0.0.0/8'] };

export const ipsCases: readonly {
  title: string;
  options: RealIpOptions;
  peer: string;
  xff: string;
  ip: string;
  chain: string[];
}[] = [
  {
    title: 'a direct client cannot spoof X-Forwarded-For',
    options: chain,
    peer: '203.0.113.7',
    xff: '1.1.1.1',
    ip: '203.0.113.7',
    chain: ['203.0.113.7'],
  },
  {
    title: 'two trusted proxies: the client and the chain',
    options: chain,
    peer: '10.0.0.2',
    xff: '6.6.6.6, 198.51.100.9, 10.0.0.1',
    ip: '198.51.100.9',
    chain: ['10.0.0.2', '10.0.0.1', '198.51.100.9'],
  },
  {
    title: 'canonical text, never the raw token',
    options: chain,
    peer: '::ffff:10.0.0.1',
    xff: '[2001:DB8:0::1]:443',
    ip: '2001:db8::1',
    chain: ['10.0.0.1', '2001:db8::1'],
  },
  {
    title: 'empty elements are skipped, not answered',
    options: chain,
    peer: '10.0.0.1',
    xff: ' , 198.51.100.9,,',
    ip: '198.51.100.9',
    chain: ['10.0.0.1', '198.51.100.9'],
  },
  {
    title: 'a hop count applies only behind a trusted peer',
    options: { trust: '10.0.0.0/8', hops: 2 },
    peer: '203.0.113.7',
    xff: '1.1.1.1, 2.2.2.2',
    ip: '203.0.113.7',
    chain: ['203.0.113.7'],
  },
  {
    title: 'trust everything: every entry is in the chain',
    options: { trust: true },
    peer: '10.0.0.1',
    xff: '6.6.6.6, 198.51.100.9',
    ip: '6.6.6.6',
    chain: ['10.0.0.1', '198.51.100.9', '6.6.6.6'],
  },
];

/** Express's and Koa's `ips` order: farthest first, without the socket peer. */
export const farthestFirst = (chain: readonly string[]) => chain.slice(1).reverse();
