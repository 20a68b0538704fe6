/** Type tests, compiled by `npm run typecheck` (never run). */
import type { ClientAddress } from '@realip/core';
import { H3, type Middleware } from 'h3';
import { expectType, type Equal } from '../../../test/types/equal';
import { getClientIp, realIp, type RealIpH3Options } from '../src/index';

const app = new H3();
const middleware: Middleware = realIp({ trust: ['loopback', '10.0.0.0/8'], host: true });
app.use(middleware);
app.use(realIp());
app.use(realIp({ trust: (address, hop) => hop < 2 && address.startsWith('10.'), override: false }));

app.get('/', (event) => {
  // Typed with no cast, through the `declare module 'h3'` augmentation of H3EventContext
  // (without it, event.context.realIp would be `unknown`). Optional: set only by the middleware.
  expectType<Equal<typeof event.context.realIp, ClientAddress | undefined>>(true);
  expectType<Equal<ReturnType<typeof getClientIp>, string | undefined>>(true);
  return { ip: getClientIp(event), reason: event.context.realIp?.reason };
});

const options: RealIpH3Options = { header: 'forwarded', protocol: true };
realIp(options);
// @ts-expect-error trust takes addresses, ranges, booleans or a function, not a number
realIp({ trust: 1 });
// @ts-expect-error override is a boolean
realIp({ override: 'no' });
// @ts-expect-error unknown option (h3's getRequestIP option)
realIp({ xForwardedFor: true });
// @ts-expect-error getClientIp takes the event, not the request
getClientIp(new Request('http://app.test/'));
