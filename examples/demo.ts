/**
 * The quick-start demo: resolves a few typical requests and prints who the client is and why.
 * Run with `npm start`.
 */
import { createResolver, type ResolveInput } from '@realip/core';

const resolve = createResolver({ trust: ['loopback', '10.0.0.0/8'] });

const requests: [string, ResolveInput][] = [
  ['direct client, no proxy', { remoteAddress: '203.0.113.7', headers: {} }],
  [
    'behind two trusted proxies, client spoofs the left end',
    {
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.9, 10.0.0.1' },
    },
  ],
  [
    'untrusted peer sends a forged header',
    { remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': '1.1.1.1' } },
  ],
  [
    'proxy wrote garbage',
    { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '198.51.100.9, unknown' } },
  ],
  [
    'IPv6 with port, mapped peer',
    { remoteAddress: '::ffff:10.0.0.1', headers: { 'x-forwarded-for': '[2001:DB8::1]:443' } },
  ],
];

for (const [title, input] of requests) {
  const r = resolve(input);
  console.log(
    `${title.padEnd(58)} -> ${String(r.ip).padEnd(14)} (${r.source}, hops ${r.hops}, ${r.reason})`,
  );
}
