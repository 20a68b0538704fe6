/**
 * Koa 3 with `@realip/koa`: `ctx.ip` is the client behind the proxies you trust.
 * Run from the repository root (see examples/README.md for the curl lines to try):
 *   npx tsx --tsconfig tsconfig.test.json examples/koa.ts
 */
import { parseTrustProxy } from '@realip/core';
import { realIp } from '@realip/koa';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';

const app = new Koa();
// TRUST_PROXY="loopback, 10.0.0.0/8" | "2" | "false"; unset: the private ranges (loopback included).
app.use(realIp({ ...parseTrustProxy(process.env.TRUST_PROXY), protocol: true, host: true }));

app.use((ctx) => {
  const { ip, source, hops, reason } = ctx.state.realIp;
  console.log(`${ctx.method} ${ctx.url} from ${ip} (${source}, hops ${hops}, ${reason})`);
  ctx.body = {
    ip: ctx.ip,
    ips: ctx.ips,
    protocol: ctx.protocol,
    host: ctx.host,
    realIp: ctx.state.realIp,
  };
});

const server = app.listen(Number(process.env.PORT ?? 3002), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
