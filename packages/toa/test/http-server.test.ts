import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { RealIpOptions } from '@realip/core';
import { acceptProxyProtocol, type RejectInfo, type ToaOptions } from '@realip/toa';
import { credentials, get, reportingApp } from './http-app';
import { listen, v1, v2 } from './helpers';

async function serve(
  secure: boolean,
  options: ToaOptions,
  core: RealIpOptions = { trust: '127.0.0.1' },
  host = '127.0.0.1',
) {
  const rejects: RejectInfo[] = [];
  const app = reportingApp(core);
  const server = secure ? https.createServer(credentials(), app) : http.createServer(app);
  acceptProxyProtocol(server, { ...options, onReject: (r) => rejects.push(r) });
  const { port, close } = await listen(server, host);
  return { target: { port, host, secure }, rejects, close, server };
}

describe.each([
  ['http', false],
  ['https', true],
])('acceptProxyProtocol on %s with Express', (_name, secure) => {
  test.each([
    [
      'v1, IPv4 client',
      v1('203.0.113.50', '192.0.2.1', 5555, 443),
      '203.0.113.50',
      5555,
      'IPv4',
      1,
    ],
    ['v2, IPv6 client', v2({ src: '2001:db8::50', sport: 6666 }), '2001:db8::50', 6666, 'IPv6', 2],
    [
      'v2 with TLVs and CRC32C',
      v2({ src: '198.51.100.50', sport: 7, tlvs: [{ type: 0x05, value: 'id' }], crc: 'good' }),
      '198.51.100.50',
      7,
      'IPv4',
      2,
    ],
  ])(
    '%s: the PROXY source is the socket peer for Express, the core and socketAddress',
    async (_title, header, ip, port, family, version) => {
      const s = await serve(secure, { trust: '127.0.0.1' });
      const report = await get(s.target, header);
      await s.close();
      expect(report).toEqual({
        socket: ip,
        socketPort: port,
        socketFamily: family,
        express: ip,
        core: {
          ip,
          family: family === 'IPv6' ? 6 : 4,
          port,
          source: 'socket',
          hops: 0,
          reason: 'untrusted',
        },
        status: 'proxy-protocol',
        proxy: '127.0.0.1',
        version,
        socketAddress: ip,
      });
    },
  );

  test('the core walks X-Forwarded-For on from a trusted PROXY source, and not from an untrusted one', async () => {
    const s = await serve(secure, { trust: '127.0.0.1' }, { trust: ['127.0.0.1', '10.0.0.0/8'] });
    const xff = { 'x-forwarded-for': '6.6.6.6, 198.51.100.8' };
    const viaInternal = await get(s.target, v1('10.0.0.7', '10.0.0.1', 1, 443), { headers: xff });
    const direct = await get(s.target, v1('203.0.113.9', '10.0.0.1', 2, 443), { headers: xff });
    await s.close();
    expect(viaInternal.core).toMatchObject({
      ip: '198.51.100.8',
      source: 'x-forwarded-for',
      hops: 1,
    });
    expect(direct.core).toMatchObject({
      ip: '203.0.113.9',
      source: 'socket',
      hops: 0,
      reason: 'untrusted',
    });
  });

  test('required: a connection without a header is closed before HTTP sees it', async () => {
    const s = await serve(secure, { trust: '127.0.0.1' });
    await expect(get(s.target, '')).rejects.toThrow();
    await s.close();
    expect(s.rejects.map((r) => r.reason)).toEqual(['missing-header']);
  });

  test('required: an untrusted peer is closed even with a header', async () => {
    const s = await serve(secure, { trust: '127.0.0.1' });
    await expect(
      get(s.target, v1('1.2.3.4', '192.0.2.1', 1, 1), { from: '127.0.0.2' }),
    ).rejects.toThrow();
    await s.close();
    expect(s.rejects.map((r) => r.reason)).toEqual(['untrusted-peer']);
  });

  test('optional: a trusted proxy without a header reports itself, flagged toa-not-effective', async () => {
    const s = await serve(secure, { trust: '127.0.0.1', proxyProtocol: 'optional' });
    const report = await get(s.target, '');
    await s.close();
    expect(report).toMatchObject({ socket: '127.0.0.1', status: 'toa-not-effective' });
    expect(report.version).toBeUndefined(); // no header was read
  });

  test('keep-alive: every request on the connection reports the client', async () => {
    const s = await serve(secure, { trust: '127.0.0.1' });
    const Agent = secure ? https.Agent : http.Agent;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let opened = 0;
    (agent as unknown as { createConnection: () => net.Socket }).createConnection = () => {
      opened++;
      const raw = net.connect({ port: s.target.port, host: s.target.host });
      raw.write(v1('203.0.113.77', '192.0.2.1', 7777, 443));
      return secure ? tls.connect({ socket: raw, rejectUnauthorized: false }) : raw;
    };
    const first = await get(s.target, '', { agent });
    const second = await get(s.target, '', { agent });
    agent.destroy();
    await s.close();
    expect(opened).toBe(1);
    expect([first.socket, second.socket, second.socketPort]).toEqual([
      '203.0.113.77',
      '203.0.113.77',
      7777,
    ]);
  });
});

test('connection listeners added before the call still run, after the header, seeing the client', async () => {
  const server = http.createServer(reportingApp({ trust: false }));
  const seen: string[] = [];
  server.on('connection', (socket: net.Socket) => seen.push(`on ${socket.remoteAddress}`));
  server.once('connection', (socket: net.Socket) => seen.push(`once ${socket.remoteAddress}`));
  acceptProxyProtocol(server, { trust: 'loopback' });
  const { port, close } = await listen(server);
  const target = { port, host: '127.0.0.1', secure: false };
  await get(target, v1('192.0.2.1', '192.0.2.2', 1, 2));
  await get(target, v1('192.0.2.3', '192.0.2.2', 1, 2));
  await close();
  expect(seen).toEqual(['on 192.0.2.1', 'once 192.0.2.1', 'on 192.0.2.3']);
});

test('IPv6 listener: a PROXY v1 TCP4 client on an IPv6 connection', async () => {
  const s = await serve(false, { trust: '::1' }, { trust: '::1' }, '::1');
  const report = await get(s.target, v1('192.0.2.44', '192.0.2.1', 44, 443));
  await s.close();
  expect(report).toMatchObject({
    socket: '192.0.2.44',
    socketFamily: 'IPv4',
    proxy: '::1',
    core: { ip: '192.0.2.44' },
  });
});
