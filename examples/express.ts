/**
 * Express 5 with `@realip/express`: `req.ip` is the client behind the proxies you trust.
 * Run from the repository root (see examples/README.md for the curl lines to try):
 *   npx tsx --tsconfig tsconfig.test.json examples/express.ts
 */
import { parseTrustProxy } from '@realip/core';
import { realIp } from '@realip/express';
import express from 'express';
import type { AddressInfo } from 'node:net';

const app = express();
// TRUST_PROXY="loopback, 10.0.0.0/8" | "2" | "false"; unset: the private ranges (loopback included).
app.use(realIp({ ...parseTrustProxy(process.env.TRUST_PROXY), protocol: true, host: true }));

app.get('/', (req, res) => {
  const { ip, source, hops, reason } = req.realIp;
  console.log(`GET / from ${ip} (${source}, hops ${hops}, ${reason})`);
  res.json({
    ip: req.ip,
    ips: req.ips,
    protocol: req.protocol,
    host: req.host,
    realIp: req.realIp,
  });
});

const server = app.listen(Number(process.env.PORT ?? 3001), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
