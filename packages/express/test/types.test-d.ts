/** Type tests, compiled by `npm run typecheck` (never run). */
import type { ClientAddress } from '@realip/core';
import express, { type RequestHandler } from 'express';
import { expectType, type Equal } from '../../../test/types/equal';
import { realIp, type RealIpExpressOptions } from '../src/index';

const app = express();
const middleware: RequestHandler = realIp({ trust: ['loopback', '10.0.0.0/8'], protocol: true });
app.use(middleware);
app.use(realIp());
app.use(realIp({ trust: (address, hop) => hop < 2 && address.startsWith('10.'), override: false }));

app.get('/', (req, res) => {
  // Typed with no cast, through the Express.Request augmentation.
  expectType<Equal<typeof req.realIp, ClientAddress>>(true);
  const reason: 'untrusted' | 'exhausted' | 'invalid' | 'limit' | 'no-peer' | 'trust-error' =
    req.realIp.reason;
  const ip: string | undefined = req.ip;
  // @ts-expect-error realIp is read-only
  req.realIp = { ...req.realIp, ip: '6.6.6.6' };
  res.json({ ip, reason });
});

const options: RealIpExpressOptions = { header: 'x-real-ip', hops: 2 };
realIp(options);
// @ts-expect-error trust takes addresses, ranges, booleans or a function, not a number
realIp({ trust: 1 });
// @ts-expect-error override is a boolean
realIp({ override: 'no' });
// @ts-expect-error unknown option (Express's name for trust)
realIp({ trustProxy: true });
// @ts-expect-error hops is a number
realIp({ hops: '2' });
