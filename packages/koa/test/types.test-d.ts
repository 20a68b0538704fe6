/** Type tests, compiled by `npm run typecheck` (never run). */
import type { ClientAddress } from '@realip/core';
import Koa, { type Middleware } from 'koa';
import { expectType, type Equal } from '../../../test/types/equal';
import { realIp, type RealIpKoaOptions } from '../src/index';

const app = new Koa();
const middleware: Middleware = realIp({ trust: ['loopback', '10.0.0.0/8'], host: true });
app.use(middleware);
app.use(realIp());
app.use(realIp({ trust: (address, hop) => hop < 2 && address.startsWith('10.'), override: false }));

app.use((ctx) => {
  // Typed with no cast, through the `declare module 'koa'` augmentation of DefaultState
  // (without it, ctx.state.realIp would be `any`).
  expectType<Equal<typeof ctx.state.realIp, ClientAddress>>(true);
  const ip: string = ctx.ip;
  ctx.body = { ip, reason: ctx.state.realIp.reason, port: ctx.state.realIp.port };
});

const options: RealIpKoaOptions = { header: 'forwarded', protocol: true };
realIp(options);
// @ts-expect-error trust takes addresses, ranges, booleans or a function, not a number
realIp({ trust: 1 });
// @ts-expect-error override is a boolean
realIp({ override: 'no' });
// @ts-expect-error unknown option (Koa's name for the header)
realIp({ proxyIpHeader: 'x-real-ip' });
// @ts-expect-error maxEntries is a number
realIp({ maxEntries: '32' });
