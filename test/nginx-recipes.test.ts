/**
 * The README's "Choosing trust" recipes with a real proxy in the path: Debian's nginx, with its
 * usual `proxy_set_header` lines, in front of every adapter on loopback. "Cloudflare → nginx →
 * app", "CloudFront → AWS ALB → app" and "Cloudflare → Google Cloud load balancer → app".
 *
 * Requests are sent FROM the addresses they would come from in production: a Cloudflare edge
 * (172.68.10.20, 2606:4700::6810:1), a CloudFront origin-facing address, an attacker's
 * (203.0.113.66, 2001:db8::66). They are added to lo for the suite (helpers/lo-addresses.ts), so
 * nginx's `$remote_addr`, which it appends to `X-Forwarded-For`, is that address and not
 * 127.0.0.1. When nginx plays the cloud load balancer it also connects to the app from the load
 * balancer's own address (`proxy_bind`). The CDN's part (it appends the viewer to what the viewer
 * wrote, and sets its single-address header) is what the test's request carries.
 *
 * As the CDN delivers it, the answer is the client; from an attacker who reaches nginx (or the
 * load balancer) directly, whatever it writes, the answer is the attacker's own address.
 */
import type { RealIpOptions } from '@realip/core';
import { adapters } from './helpers/adapters';
import { listen, send, type Listening } from './helpers/http';
import { addLoAddresses, loAddressesMissing } from './helpers/lo-addresses';
import { NGINX, freePort, startNginx, type Nginx } from './helpers/nginx';
import { describeIfAvailable } from './helpers/requires';

const CLIENT = '198.51.100.7';
const CHOSEN = '6.6.6.6';
const CF_EDGE = '172.68.10.20';
const CF_EDGE6 = '2606:4700::6810:1';
const CLOUDFRONT = '130.176.0.1'; // CLOUDFRONT_ORIGIN_FACING
const ATTACKER = '203.0.113.66';
const ATTACKER6 = '2001:db8::66';
const ALB = '10.0.1.5'; // an ALB node's address in the VPC
const GFE = '130.211.0.9'; // a Google Front End
const GLB = '203.0.113.10'; // the Google load balancer's own (forwarding rule) address

const missing =
  NGINX === undefined
    ? 'nginx (apt-get install -y nginx; .ci/deps/nginx.sh does this)'
    : loAddressesMissing();
const suite = describeIfAvailable('nginx recipes', missing);

/** One request, from where it is sent, and what the app must answer. */
interface Arrival {
  readonly as: string;
  readonly from: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly ip: string;
  /** Where the answer came from: proves which header was believed. */
  readonly source: string;
  /** Hops walked: proves nginx appended the hop it saw. */
  readonly hops: number;
}

interface Recipe {
  /** The README row (its first cell), and a variant when one row has two settings. */
  readonly row: string;
  readonly options: RealIpOptions;
  /** The `location` lines besides `proxy_pass`: what this proxy sets. */
  readonly proxy: readonly string[];
  readonly arrivals: readonly Arrival[];
}

/** nginx on the host, as every guide writes it. */
const NGINX_ON_HOST = [
  'proxy_set_header Host $host;',
  'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
];

/** As Cloudflare delivers a request: the client appended to what it wrote, and its own header. */
const viaCloudflare = { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}`, 'cf-connecting-ip': CLIENT };
/** An attacker that found the origin: whatever it likes in every header. */
const forged = { 'x-forwarded-for': CHOSEN, 'cf-connecting-ip': CHOSEN };

/** One arrival, as a table row: who sends it, from where, with what; the answer expected. */
function arrive(
  as: string,
  from: string,
  headers: Arrival['headers'],
  [ip, source, hops]: readonly [string, string, number],
): Arrival {
  return { as, from, headers, ip, source, hops };
}

/** Cloudflare's edges (both families) and attackers that reach nginx directly. */
function throughCloudflare(source: string): Arrival[] {
  return [
    arrive('Cloudflare (IPv4 edge)', CF_EDGE, viaCloudflare, [CLIENT, source, 2]),
    arrive('Cloudflare (IPv6 edge)', CF_EDGE6, viaCloudflare, [CLIENT, source, 2]),
    arrive('an attacker (IPv4)', ATTACKER, forged, [ATTACKER, 'x-forwarded-for', 1]),
    arrive('an attacker (IPv6)', ATTACKER6, forged, [ATTACKER6, 'x-forwarded-for', 1]),
  ];
}

const RECIPES: readonly Recipe[] = [
  {
    row: 'Cloudflare, then nginx on the host',
    options: { trust: ['loopback', 'cloudflare'], header: 'cf-connecting-ip' },
    proxy: NGINX_ON_HOST,
    arrivals: throughCloudflare('cf-connecting-ip'),
  },
  {
    row: 'Cloudflare, then nginx on the host (X-Forwarded-For)',
    options: { trust: ['loopback', 'cloudflare'] },
    proxy: NGINX_ON_HOST,
    arrivals: throughCloudflare('x-forwarded-for'),
  },
  {
    // nginx plays the ALB: it connects from its VPC address and appends (xff_header_processing append).
    row: 'CloudFront, then an AWS Application Load Balancer',
    options: { trust: ['10.0.0.0/16', 'cloudfront'] },
    proxy: [`proxy_bind ${ALB};`, ...NGINX_ON_HOST],
    arrivals: [
      arrive('CloudFront', CLOUDFRONT, { 'x-forwarded-for': `${CHOSEN}, ${CLIENT}` }, [
        CLIENT,
        'x-forwarded-for',
        2,
      ]),
      arrive('an attacker', ATTACKER, forged, [ATTACKER, 'x-forwarded-for', 1]),
    ],
  },
  {
    // nginx plays the Google load balancer: from a Google Front End, appending the client and
    // then its own forwarding-rule address, as Google documents.
    row: 'Cloudflare, then a Google Cloud load balancer',
    options: { trust: ['google-lb', GLB, 'cloudflare'] },
    proxy: [
      `proxy_bind ${GFE};`,
      'proxy_set_header Host $host;',
      `proxy_set_header X-Forwarded-For "$proxy_add_x_forwarded_for, ${GLB}";`,
    ],
    arrivals: [
      arrive('Cloudflare', CF_EDGE, viaCloudflare, [CLIENT, 'x-forwarded-for', 3]),
      arrive('an attacker', ATTACKER, forged, [ATTACKER, 'x-forwarded-for', 2]),
    ],
  },
];

suite('real nginx in front of the app', () => {
  let removeAddresses: () => void = () => undefined;
  beforeAll(() => {
    removeAddresses = addLoAddresses([
      CF_EDGE,
      CF_EDGE6,
      CLOUDFRONT,
      ATTACKER,
      ATTACKER6,
      ALB,
      GFE,
    ]);
  });
  afterAll(() => removeAddresses());

  describe.each(RECIPES.map((r) => [r.row, r] as const))('%s', (_row, recipe) => {
    test.each(adapters.map((a) => [a.name, a] as const))('%s', async (_name, adapter) => {
      const app = await adapter.build(recipe.options);
      const server = await listen(app.handler, '127.0.0.1');
      let nginx: Nginx | undefined;
      try {
        const port = await freePort('127.0.0.1');
        const fronts = [
          { host: '127.0.0.1', port },
          { host: '::1', port },
        ];
        nginx = await startNginx(
          [
            'server {',
            ...fronts.map((f) => `  listen ${f.host === '::1' ? '[::1]' : f.host}:${port};`),
            '  location / {',
            `    proxy_pass http://127.0.0.1:${server.port};`,
            ...recipe.proxy.map((line) => `    ${line}`),
            '  }',
            '}',
          ].join('\n'),
          fronts,
        );
        for (const arrival of recipe.arrivals) {
          const front: Listening = {
            host: arrival.from.includes(':') ? '::1' : '127.0.0.1',
            port,
            close: () => Promise.resolve(),
          };
          const reply = await send(front, { from: arrival.from, headers: arrival.headers });
          const { realIp } = JSON.parse(reply.body) as {
            realIp: { ip: string; source: string; hops: number };
          };
          expect([arrival.as, realIp.ip, realIp.source, realIp.hops]).toEqual([
            arrival.as,
            arrival.ip,
            arrival.source,
            arrival.hops,
          ]);
        }
      } finally {
        await nginx?.stop();
        await server.close();
        await app.close();
      }
    });
  });
});
