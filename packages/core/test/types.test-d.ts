/** Compile-only type tests (run by `npm run typecheck`). */
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import {
  createResolver,
  type ClientAddress,
  type RealIpOptions,
  type StopReason,
} from '@realip/core';

const resolve = createResolver({ trust: ['loopback', '10.0.0.0/8'], header: 'forwarded', hops: 1 });
declare const req: IncomingMessage;
declare const h2: Http2ServerRequest;

const result: ClientAddress = resolve(req);
resolve(h2);
resolve({ remoteAddress: '10.0.0.1', headers: new Headers() });
resolve({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': ['a', 'b'] } });
const ip: string | undefined = result.ip;
const reason: StopReason = result.reason;
const protocol: 'http' | 'https' | undefined = result.protocol;
void [ip, reason, protocol];

createResolver({ trust: 'private' });
createResolver({ trust: (address: string, hop: number) => hop === 0 && address === '::1' });
createResolver({
  trust: true,
  header: 'cf-connecting-ip',
  protocol: true,
  host: 'x-forwarded-server',
});

// @ts-expect-error: a hop count is `hops`, not `trust`
createResolver({ trust: 1 });
// @ts-expect-error: unknown option
createResolver({ trustProxy: true });
// @ts-expect-error: hops is a number
createResolver({ hops: '1' });
// @ts-expect-error: the result is read-only
result.ip = '1.2.3.4';

const options: RealIpOptions = { keepMapped: true, maxEntries: 8 };
void options;
