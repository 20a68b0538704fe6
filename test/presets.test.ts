/**
 * The root README's "Choosing trust" rows that name a CDN or cloud load balancer, each through
 * every adapter over real HTTP: the request as the provider delivers it (the answer is the
 * client), and as an attacker who bypasses the provider sends it (the answer is the attacker's own
 * address, never the one it wrote). Peers outside loopback are presented with the test-only peer
 * header (see helpers/http.ts); the ones on loopback connect for real.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createResolver, type RealIpOptions } from '@realip/core';
import { PRESET_NAMES } from '@realip/ranges';
import { toa } from '@realip/toa';
import { adapters } from './helpers/adapters';
import { PEER_HEADER, listen, send } from './helpers/http';

const CLIENT = '198.51.100.7';
const CHOSEN = '6.6.6.6';
const ATTACKER = '203.0.113.66';
const GLB = '203.0.113.10'; // your Google Cloud load balancer's own (forwarding rule) address

interface Arrival {
  readonly peer: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly ip: string;
}
interface Recipe {
  /** The README row (its first cell). */
  readonly row: string;
  readonly options: RealIpOptions;
  readonly genuine: Arrival;
  readonly attacker: Arrival;
}

const RECIPES: readonly Recipe[] = [
  {
    row: 'Cloudflare',
    options: { trust: 'cloudflare' },
    genuine: {
      peer: '172.68.10.20',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}` },
      ip: CLIENT,
    },
    attacker: { peer: ATTACKER, headers: { 'x-forwarded-for': CHOSEN }, ip: ATTACKER },
  },
  {
    row: 'Cloudflare, then nginx on the host',
    options: { trust: ['loopback', 'cloudflare'], header: 'cf-connecting-ip' },
    genuine: {
      peer: '127.0.0.1',
      headers: {
        'x-forwarded-for': `${CHOSEN}, ${CLIENT}, 172.68.10.20`,
        'cf-connecting-ip': CLIENT,
      },
      ip: CLIENT,
    },
    attacker: {
      peer: '127.0.0.1',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${ATTACKER}`, 'cf-connecting-ip': CHOSEN },
      ip: ATTACKER,
    },
  },
  {
    row: 'Amazon CloudFront',
    options: { trust: 'cloudfront' },
    genuine: {
      peer: '130.176.0.1',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}` },
      ip: CLIENT,
    },
    attacker: { peer: ATTACKER, headers: { 'x-forwarded-for': CHOSEN }, ip: ATTACKER },
  },
  {
    row: 'AWS Application Load Balancer',
    options: { trust: '10.0.0.0/16' },
    genuine: {
      peer: '10.0.1.5',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}` },
      ip: CLIENT,
    },
    attacker: { peer: ATTACKER, headers: { 'x-forwarded-for': CHOSEN }, ip: ATTACKER },
  },
  {
    row: 'CloudFront, then an AWS Application Load Balancer',
    options: { trust: ['10.0.0.0/16', 'cloudfront'] },
    genuine: {
      peer: '10.0.1.5',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}, 130.176.0.1` },
      ip: CLIENT,
    },
    attacker: {
      peer: '10.0.1.5',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${ATTACKER}` },
      ip: ATTACKER,
    },
  },
  {
    row: 'Fastly',
    options: { trust: 'fastly', header: 'fastly-client-ip' },
    genuine: { peer: '151.101.1.1', headers: { 'fastly-client-ip': CLIENT }, ip: CLIENT },
    attacker: { peer: ATTACKER, headers: { 'fastly-client-ip': CHOSEN }, ip: ATTACKER },
  },
  {
    row: 'Google Cloud external Application Load Balancer',
    options: { trust: ['google-lb', GLB] },
    genuine: {
      peer: '35.191.0.5',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}, ${GLB}` },
      ip: CLIENT,
    },
    attacker: { peer: ATTACKER, headers: { 'x-forwarded-for': `${CHOSEN}, ${GLB}` }, ip: ATTACKER },
  },
  {
    row: 'Cloudflare, then a Google Cloud load balancer',
    options: { trust: ['google-lb', GLB, 'cloudflare'] },
    genuine: {
      peer: '130.211.0.9',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}, 172.68.10.20, ${GLB}` },
      ip: CLIENT,
    },
    attacker: {
      peer: '130.211.0.9',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${ATTACKER}, ${GLB}` },
      ip: ATTACKER,
    },
  },
  {
    row: 'Azure Front Door',
    options: { trust: 'azure-frontdoor' },
    genuine: {
      peer: '147.243.0.9',
      headers: { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}` },
      ip: CLIENT,
    },
    attacker: { peer: ATTACKER, headers: { 'x-forwarded-for': CHOSEN }, ip: ATTACKER },
  },
];

describe.each(RECIPES.map((r) => [r.row, r] as const))('%s', (_row, recipe) => {
  test.each([
    ['as the provider delivers it', recipe.genuine],
    ['from an attacker bypassing it', recipe.attacker],
  ])('core: %s', (_how, arrival) => {
    const result = createResolver(recipe.options)({
      remoteAddress: arrival.peer,
      headers: arrival.headers,
    });
    expect(result.ip).toBe(arrival.ip);
  });

  test.each(adapters.map((a) => [a.name, a] as const))('%s over HTTP', async (_name, adapter) => {
    const app = await adapter.build(recipe.options);
    const server = await listen(app.handler, '127.0.0.1');
    try {
      for (const arrival of [recipe.genuine, recipe.attacker]) {
        const loopback = arrival.peer === '127.0.0.1';
        const reply = await send(server, {
          from: loopback ? arrival.peer : undefined,
          headers: loopback ? arrival.headers : { ...arrival.headers, [PEER_HEADER]: arrival.peer },
        });
        const body = JSON.parse(reply.body) as { realIp: { ip: string } };
        expect([arrival.peer, body.realIp.ip]).toEqual([arrival.peer, arrival.ip]);
      }
    } finally {
      await server.close();
      await app.close();
    }
  });
});

test('@realip/toa takes the names too', () => {
  expect(() =>
    toa({ trust: ['loopback', 'cloudflare', 'google-lb'] }, () => undefined),
  ).not.toThrow();
  // @ts-expect-error: a typo is a type error, and a RealIpConfigError listing the names at run time
  expect(() => toa({ trust: ['cloudflair'] }, () => undefined)).toThrow(
    /cloudflare, cloudfront, fastly/,
  );
});

test('every README row that names a provider is a recipe here, and every recipe a README row', () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Choosing `trust`'),
    readme.indexOf('## Security'),
  );
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| deployment'))
    .map((l) => l.split('|').map((c) => c.trim()));
  const named = rows.filter(([, , trust]) => PRESET_NAMES.some((n) => trust!.includes(`'${n}'`)));
  expect(named.length).toBeGreaterThan(5);
  for (const [, first] of named) expect(RECIPES.map((r) => r.row)).toContain(first);
  for (const r of RECIPES) expect(rows.map((c) => c[1])).toContain(r.row);
});
