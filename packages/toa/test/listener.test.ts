import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import {
  PROXY_TLV,
  toa,
  type Layer4Client,
  type ProxyProtocolMode,
  type RejectInfo,
} from '@realip/toa';
import type { TrustEntry } from '@realip/core';
import { echoServer, exchange, expectNoLeaks, type EchoServer, type Reader } from './harness';
import { connect, liveHeaderTimers, pieces, resources, sleep, until, v1, v2 } from './helpers';

const HOSTS = [
  { name: 'IPv4', host: '127.0.0.1', client: '203.0.113.5', dst: '198.51.100.1' },
  { name: 'IPv6', host: '::1', client: '2001:db8::5', dst: '2001:db8::1' },
];

const TRUSTED: TrustEntry = 'loopback';
const UNTRUSTED: TrustEntry = '192.0.2.0/24'; // the peer (loopback) is not in it

describe.each(HOSTS)(
  'toa() over $name: modes × trust × what the peer sends',
  ({ host, client, dst }) => {
    const header = Buffer.from(v1(client, dst, 4242, 443));
    const data = Buffer.from('hello\n');
    const local = v2({ verCmd: 0x20, fam: 0x00, block: Buffer.alloc(0) });
    const unknown = Buffer.from('PROXY UNKNOWN\r\n');
    // A UDP flow's addresses on this TCP connection: not its client (section 2.2 fallback).
    const udp = v2({ src: client, dst, fam: client.includes(':') ? 0x22 : 0x12 });
    const peerIp = host;

    type Expect =
      | { status: string; ip: 'peer' | 'client'; reason: string; echoed: Buffer }
      | { rejected: string };

    test.each<[string, ProxyProtocolMode, TrustEntry, Buffer[], Expect]>([
      [
        'off, trusted, header: never parsed, TOA not effective',
        'off',
        TRUSTED,
        [header, data],
        {
          status: 'toa-not-effective',
          ip: 'peer',
          reason: 'exhausted',
          echoed: Buffer.concat([header, data]),
        },
      ],
      [
        'off, untrusted: the peer is the client',
        'off',
        UNTRUSTED,
        [header, data],
        {
          status: 'direct',
          ip: 'peer',
          reason: 'untrusted',
          echoed: Buffer.concat([header, data]),
        },
      ],
      [
        'optional, trusted, header: the client',
        'optional',
        TRUSTED,
        [header, data],
        { status: 'proxy-protocol', ip: 'client', reason: 'untrusted', echoed: data },
      ],
      [
        'optional, trusted, no header: TOA not effective, data untouched',
        'optional',
        TRUSTED,
        [data],
        { status: 'toa-not-effective', ip: 'peer', reason: 'exhausted', echoed: data },
      ],
      [
        'optional, untrusted, forged header: not believed, bytes untouched',
        'optional',
        UNTRUSTED,
        [header, data],
        {
          status: 'direct',
          ip: 'peer',
          reason: 'untrusted',
          echoed: Buffer.concat([header, data]),
        },
      ],
      [
        'optional, trusted, v2 LOCAL: the peer',
        'optional',
        TRUSTED,
        [local, data],
        { status: 'proxy-local', ip: 'peer', reason: 'exhausted', echoed: data },
      ],
      [
        'required, trusted, header: the client',
        'required',
        TRUSTED,
        [header, data],
        { status: 'proxy-protocol', ip: 'client', reason: 'untrusted', echoed: data },
      ],
      [
        'required, trusted, v1 UNKNOWN: the peer',
        'required',
        TRUSTED,
        [unknown, data],
        { status: 'proxy-local', ip: 'peer', reason: 'exhausted', echoed: data },
      ],
      [
        'required, trusted, v2 UDP transport: the peer, not the UDP source',
        'required',
        TRUSTED,
        [udp, data],
        { status: 'proxy-local', ip: 'peer', reason: 'exhausted', echoed: data },
      ],
      [
        'required, trusted, no header: closed',
        'required',
        TRUSTED,
        [data],
        { rejected: 'missing-header' },
      ],
      [
        'required, untrusted, forged header: closed',
        'required',
        UNTRUSTED,
        [header, data],
        { rejected: 'untrusted-peer' },
      ],
      [
        'required, untrusted, no header: closed',
        'required',
        UNTRUSTED,
        [data],
        { rejected: 'untrusted-peer' },
      ],
    ])('%s', async (_title, proxyProtocol, trust, parts, expected) => {
      const server = await echoServer({ trust, proxyProtocol, headerTimeout: 2000 }, host);
      const { port, echoed } = await exchange(server, parts);
      await server.close();
      if ('rejected' in expected) {
        expect(server.seen.size).toBe(0);
        expect(echoed.length).toBe(0);
        expect(server.rejects).toEqual([
          expect.objectContaining({
            reason: expected.rejected,
            peer: { ip: peerIp, family: host === '::1' ? 6 : 4, port },
          }),
        ]);
        return;
      }
      expect(server.rejects).toEqual([]);
      const seen = server.seen.get(port)!;
      const peer = { ip: peerIp, family: host === '::1' ? 6 : 4, port };
      const answer =
        expected.ip === 'peer'
          ? peer
          : { ip: client, family: client.includes(':') ? 6 : 4, port: 4242 };
      expect(seen.client).toMatchObject({
        ...answer,
        source: expected.status === 'proxy-protocol' ? 'proxy-protocol' : 'socket',
        hops: expected.status === 'proxy-protocol' ? 1 : 0,
        reason: expected.reason,
        protocol: undefined,
        host: undefined,
        status: expected.status,
        peer,
      });
      expect(echoed.toString('latin1')).toBe(expected.echoed.toString('latin1'));
    });
  },
);

describe('toa(): every byte after the header, however the segments split', () => {
  const payload = Buffer.from(
    'the first bytes of the protocol\r\nPROXY TCP4 6.6.6.6 6.6.6.6 1 1\r\n',
  );
  const headers = {
    v1: Buffer.from(v1('203.0.113.77', '198.51.100.1', 1234, 443)),
    'v2 with TLVs and CRC32C': v2({
      src: '2001:db8::77',
      sport: 1234,
      tlvs: [
        { type: PROXY_TLV.UNIQUE_ID, value: 'abc-123' },
        { type: PROXY_TLV.ALPN, value: 'h2' },
      ],
      crc: 'good',
    }),
  };

  test.each(Object.entries(headers))('%s: split in two at every offset', async (_name, header) => {
    const server = await echoServer({ trust: 'loopback', proxyProtocol: 'required' });
    const stream = Buffer.concat([header, payload]);
    const runs = [];
    for (let cut = 1; cut < stream.length; cut++) {
      runs.push(exchange(server, [stream.subarray(0, cut), stream.subarray(cut)], { gap: 5 }));
    }
    const results = await Promise.all(runs);
    await server.close();
    expect(server.rejects).toEqual([]);
    for (const { port, echoed } of results) {
      expect(echoed.toString('latin1')).toBe(payload.toString('latin1'));
      expect(server.seen.get(port)!.client.port).toBe(1234);
    }
  });

  test.each(Object.entries(headers))('%s: one byte per write', async (_name, header) => {
    const server = await echoServer({ trust: 'loopback', proxyProtocol: 'required' });
    const { port, echoed } = await exchange(server, pieces(Buffer.concat([header, payload]), 1), {
      gap: 1,
    });
    await server.close();
    expect(echoed.equals(payload)).toBe(true);
    expect(server.seen.get(port)!.client.status).toBe('proxy-protocol');
  });

  test.each<[Reader]>([['pipe'], ['data'], ['readable']])(
    'pipelined: header and 1 MiB in one write, read with %s',
    async (reader) => {
      const server = await echoServer(
        { trust: 'loopback', proxyProtocol: 'required' },
        '127.0.0.1',
        reader,
      );
      const big = randomBytes(1 << 20);
      const { port, echoed } = await exchange(server, [Buffer.concat([headers.v1, big])]);
      await server.close();
      expect(echoed.length).toBe(big.length);
      expect(createHash('sha256').update(echoed).digest('hex')).toBe(
        createHash('sha256').update(big).digest('hex'),
      );
      expect(server.seen.get(port)!.client.ip).toBe('203.0.113.77');
    },
  );

  test('half-close right after the header and data: the data still arrives', async () => {
    const server = await echoServer({ trust: 'loopback', proxyProtocol: 'required' });
    const { echoed } = await exchange(server, [Buffer.concat([headers.v1, Buffer.from('x')])]);
    await server.close();
    expect(echoed.toString()).toBe('x');
  });
});

describe('toa(): the listener sees what a plain net listener sees', () => {
  test('no listener of ours is left on the socket; `this` is the server; the answer is recorded', async () => {
    const off = await echoServer({ trust: 'loopback', proxyProtocol: 'off' });
    const req = await echoServer({ trust: 'loopback', proxyProtocol: 'required' });
    const a = await exchange(off, [Buffer.from('x')]);
    const b = await exchange(req, [
      Buffer.from(v1('192.0.2.9', '192.0.2.1', 9, 9)),
      Buffer.from('x'),
    ]);
    await off.close();
    await req.close();
    const plain = off.seen.get(a.port)!;
    const wrapped = req.seen.get(b.port)!;
    expect(wrapped.listeners).toEqual(plain.listeners);
    expect(wrapped.self).toBe(req.server);
    expect(wrapped.info).toBe(wrapped.client);
  });

  test('the peer from a distinct loopback address is not trusted when trust names another', async () => {
    const server = await echoServer({ trust: '127.0.0.1', proxyProtocol: 'optional' });
    const forged = Buffer.from(v1('192.0.2.66', '192.0.2.1', 66, 66));
    const fromProxy = await exchange(server, [forged], { from: '127.0.0.1' });
    const fromOther = await exchange(server, [forged], { from: '127.0.0.2' });
    await server.close();
    expect(server.seen.get(fromProxy.port)!.client).toMatchObject({
      ip: '192.0.2.66',
      status: 'proxy-protocol',
    });
    expect(server.seen.get(fromOther.port)!.client).toMatchObject({
      ip: '127.0.0.2',
      status: 'direct',
    });
    expect(fromOther.echoed.equals(forged)).toBe(true);
  });

  test('a dual-stack listener: the IPv4 proxy (::ffff:127.0.0.1 to Node) matches trust 127.0.0.1', async () => {
    const server = await echoServer({ trust: '127.0.0.1', proxyProtocol: 'required' }, '::');
    const { port } = await exchange(server, [Buffer.from(v1('192.0.2.8', '192.0.2.1', 8, 8))], {
      from: '127.0.0.1',
      to: '127.0.0.1',
    });
    await server.close();
    expect(server.seen.get(port)!.client).toMatchObject({
      ip: '192.0.2.8',
      peer: { ip: '127.0.0.1', family: 4, port },
    });
  });

  test('a trusted function sees the PROXY source as hop 1', async () => {
    const calls: [string, number][] = [];
    const server = await echoServer({
      trust: (address, hop) => {
        calls.push([address, hop]);
        return hop === 0 || address === '10.1.2.3';
      },
      proxyProtocol: 'required',
    });
    const { port } = await exchange(server, [Buffer.from(v1('10.1.2.3', '10.0.0.1', 5, 6))]);
    await server.close();
    expect(calls).toEqual([
      ['127.0.0.1', 0],
      ['10.1.2.3', 1],
    ]);
    expect(server.seen.get(port)!.client).toMatchObject({
      ip: '10.1.2.3',
      hops: 1,
      reason: 'exhausted',
    });
  });
});

describe.each(HOSTS)(
  'toa() over $name: hostile input is closed, bounded, and leaves nothing behind',
  ({ host }) => {
    let server: EchoServer;
    let baseline: Record<string, number>;
    const TIMEOUT = 250;
    beforeEach(async () => {
      baseline = resources();
      server = await echoServer(
        { trust: 'loopback', proxyProtocol: 'required', headerTimeout: TIMEOUT },
        host,
      );
    });
    afterEach(async () => {
      await server.close();
    });

    const good = Buffer.from(v1('192.0.2.10', '192.0.2.1', 10, 10));

    test.each<[string, () => { parts: Buffer[]; gap?: number; end?: boolean }, string]>([
      ['a silent peer', () => ({ parts: [], end: false }), 'timeout'],
      [
        'a partial header, then nothing',
        () => ({ parts: [good.subarray(0, 20)], end: false }),
        'timeout',
      ],
      [
        'slowloris: a valid header one byte every 40 ms',
        () => ({ parts: pieces(good, 1), gap: 40, end: false }),
        'timeout',
      ],
      [
        'a partial v2 header, then nothing',
        () => ({ parts: [v2().subarray(0, 20)], end: false }),
        'timeout',
      ],
      [
        'not a PROXY header',
        () => ({ parts: [Buffer.from('GET / HTTP/1.1\r\n\r\n')] }),
        'missing-header',
      ],
      [
        'a TLS ClientHello',
        () => ({ parts: [Buffer.from('16030100c8010000c4', 'hex')] }),
        'missing-header',
      ],
      [
        'v1 without CRLF in 107 bytes',
        () => ({ parts: [Buffer.from('PROXY ' + '1'.repeat(200))], end: false }),
        'too-large',
      ],
      [
        'v2 announcing 60000 bytes',
        () => ({ parts: [v2({ length: 60000 })], end: false }),
        'too-large',
      ],
      [
        'v1 with a bad address',
        () => ({ parts: [Buffer.from(v1('192.0.2.256', '192.0.2.1', 1, 1))], end: false }),
        'malformed',
      ],
      [
        'v1 with a lone LF',
        () => ({ parts: [Buffer.from('PROXY TCP4 192.0.2.1 192.0.2.2 1 2\n')], end: false }),
        'malformed',
      ],
      ['v2 with a bad version', () => ({ parts: [v2({ verCmd: 0x11 })], end: false }), 'malformed'],
      [
        'v2 with a truncated address block',
        () => ({ parts: [v2({ block: Buffer.alloc(4) })], end: false }),
        'malformed',
      ],
      ['v2 with a wrong CRC32C', () => ({ parts: [v2({ crc: 'bad' })], end: false }), 'malformed'],
      ['a disconnect mid-header', () => ({ parts: [good.subarray(0, 10)] }), 'closed'],
      ['a disconnect before any byte', () => ({ parts: [] }), 'closed'],
    ])('%s', async (_title, make, reason) => {
      const { parts, gap, end } = make();
      const run = await exchange(server, parts, { gap, end });
      expect(server.seen.size).toBe(0);
      expect(run.echoed.length).toBe(0);
      expect(server.rejects.map((r) => r.reason)).toEqual([reason]);
      // The server still serves others.
      const after = await exchange(server, [good, Buffer.from('ok')]);
      expect(after.echoed.toString()).toBe('ok');
      await expectNoLeaks(server, baseline);
    });

    test('a reset mid-header', async () => {
      const socket = await connect(server.port, host);
      socket.write(good.subarray(0, 10));
      await until(() => socket.bytesWritten === 10);
      await sleep(20);
      socket.resetAndDestroy();
      await until(() => server.rejects.length === 1);
      expect(server.rejects[0]).toMatchObject({ reason: 'closed', bytes: 10 });
      expect(server.rejects[0]!.error).toMatchObject({ code: 'ECONNRESET' });
      expect(server.seen.size).toBe(0);
      await expectNoLeaks(server, baseline);
    });

    test('the server destroying a socket mid-header (shutting down)', async () => {
      const socket = await connect(server.port, host);
      socket.on('error', () => undefined);
      socket.write(good.subarray(0, 7));
      await until(() => server.server.listenerCount('connection') > 0 && socket.bytesWritten === 7);
      await sleep(20);
      await server.close(); // destroys the server side of every open connection
      await until(() => server.rejects.length > 0);
      expect(server.rejects).toEqual([
        expect.objectContaining({
          reason: 'closed',
          detail: 'the connection closed after 7 bytes',
        }),
      ]);
      expect(server.seen.size).toBe(0);
      expect(liveHeaderTimers()).toBe(0);
    });

    test('the deadline is absolute: bytes trickling in do not extend it', async () => {
      await exchange(server, pieces(Buffer.from('PROXY ' + ' '.repeat(90)), 1), {
        gap: 20,
        end: false,
      });
      expect(server.rejects[0]).toMatchObject({ reason: 'timeout' });
      expect(server.rejects[0]!.bytes).toBeLessThan(96); // closed before the peer finished
    });
  },
);

describe('toa(): a socket without a peer address (reset before it was handed over)', () => {
  test.each<[ProxyProtocolMode, string]>([
    ['off', 'delivered'],
    ['optional', 'delivered'],
    ['required', 'closed'],
  ])('%s: %s', (proxyProtocol, outcome) => {
    const delivered: Layer4Client[] = [];
    const rejects: RejectInfo[] = [];
    const handler = toa({ trust: true, proxyProtocol, onReject: (r) => rejects.push(r) }, (_s, c) =>
      delivered.push(c),
    );
    const socket = new net.Socket(); // never connected: no remoteAddress, as after a reset
    handler(socket);
    if (outcome === 'delivered') {
      expect(delivered).toEqual([
        expect.objectContaining({
          ip: undefined,
          reason: 'no-peer',
          status: 'direct',
          peer: undefined,
        }),
      ]);
    } else {
      expect(delivered).toEqual([]);
      expect(rejects).toEqual([expect.objectContaining({ reason: 'closed', peer: undefined })]);
      expect(socket.destroyed).toBe(true);
    }
  });
});

describe('toa(): optional mode and silent trusted peers', () => {
  test('a trusted peer that says nothing is handed on after the timeout, as without a header', async () => {
    const server = await echoServer({
      trust: 'loopback',
      proxyProtocol: 'optional',
      headerTimeout: 100,
    });
    const socket = await connect(server.port);
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    await until(() => server.seen.size === 1);
    socket.end('late');
    await new Promise((resolve) => socket.on('close', resolve));
    await server.close();
    expect([...server.seen.values()][0]!.client.status).toBe('toa-not-effective');
    expect(Buffer.concat(chunks).toString()).toBe('late');
  });

  test('a trusted peer stalling inside a header is rejected', async () => {
    const server = await echoServer({
      trust: 'loopback',
      proxyProtocol: 'optional',
      headerTimeout: 100,
    });
    await exchange(server, [Buffer.from('PROXY TCP4 ')], { end: false });
    await server.close();
    expect(server.rejects.map((r) => r.reason)).toEqual(['timeout']);
    expect(server.seen.size).toBe(0);
  });
});
