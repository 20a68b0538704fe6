/** Type tests, compiled by `npm run typecheck` (never run). */
import type { ClientAddress } from '@realip/core';
import { Hono, type MiddlewareHandler } from 'hono';
import type { GetConnInfo } from 'hono/conninfo';
import { ipRestriction } from 'hono/ip-restriction';
import { expectType, type Equal } from '../../../test/types/equal';
import { getConnInfo, realIp, type RealIpEnv, type RealIpHonoOptions } from '../src/index';

// A plain app: c.get('realIp') is typed through Hono's ContextVariableMap, no generics needed.
const app = new Hono();
app.use(realIp({ trust: ['loopback', '10.0.0.0/8'], protocol: true }));
app.get('/', (c) => {
  const client = c.get('realIp');
  expectType<Equal<typeof client, ClientAddress>>(true);
  const reason: 'untrusted' | 'exhausted' | 'invalid' | 'limit' | 'no-peer' | 'trust-error' =
    client.reason;
  return c.text(reason);
});

// With the Env spelt out, c.var.realIp too.
const typed = new Hono<RealIpEnv>();
const middleware: MiddlewareHandler<RealIpEnv> = realIp();
typed.use(middleware);
typed.get('/', (c) => {
  expectType<Equal<typeof c.var.realIp, ClientAddress>>(true);
  return c.text(c.var.realIp.ip ?? 'unknown');
});

// getConnInfo is Hono's GetConnInfo, so ipRestriction takes it.
const conn: GetConnInfo = getConnInfo;
app.use(ipRestriction(conn, { allowList: ['203.0.113.0/24'] }));

const options: RealIpHonoOptions = { header: 'cf-connecting-ip', hops: 2 };
realIp(options);
// @ts-expect-error trust takes addresses, ranges, booleans or a function, not a number
realIp({ trust: 1 });
// @ts-expect-error no override in Hono: there is no ip of its own to replace
realIp({ override: false });
// @ts-expect-error hops is a number
realIp({ hops: '2' });
