import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { PROXY_TLV } from '@realip/toa';
import { echoServer, expectNoLeaks } from './harness';
import { collect, connect, pieces, resources, until, v1, v2 } from './helpers';

const CONNECTIONS = 1000;

/** One client's plan: what it sends, from where, and what the server must make of it. */
interface Plan {
  from: string;
  parts: Buffer[];
  end: boolean;
  expect: { ip: string; port: number; payload: Buffer } | { rejected: string };
}

function plan(i: number): Plan {
  const payload = randomBytes(1 + ((i * 7919) % 8192));
  const port = 10000 + i;
  switch (i % 8) {
    case 0: {
      const ip = `198.51.100.${i % 250}`;
      const header = Buffer.from(v1(ip, '192.0.2.1', port, 443));
      return {
        from: '127.0.0.1',
        parts: [Buffer.concat([header, payload])],
        end: true,
        expect: { ip, port, payload },
      };
    }
    case 1: {
      const ip = `2001:db8::${i.toString(16)}`;
      const header = v2({
        src: ip,
        sport: port,
        tlvs: [{ type: PROXY_TLV.UNIQUE_ID, value: `conn-${i}` }],
        crc: 'good',
      });
      const stream = Buffer.concat([header, payload]);
      const parts = [
        stream.subarray(0, 7),
        stream.subarray(7, header.length + 3),
        stream.subarray(header.length + 3),
      ];
      return { from: '127.0.0.1', parts, end: true, expect: { ip, port, payload } };
    }
    case 2: {
      const ip = `203.0.113.${i % 250}`;
      const header = Buffer.from(v1(ip, '192.0.2.1', port, 443));
      return {
        from: '127.0.0.1',
        parts: [...pieces(header, 1), payload],
        end: true,
        expect: { ip, port, payload },
      };
    }
    case 3:
      return {
        from: '127.0.0.1',
        parts: [Buffer.from('GET / HTTP/1.1\r\n\r\n')],
        end: true,
        expect: { rejected: 'missing-header' },
      };
    case 4:
      return { from: '127.0.0.1', parts: [], end: false, expect: { rejected: 'timeout' } };
    case 5:
      return {
        from: '127.0.0.1',
        parts: [Buffer.from('PROXY ' + 'x'.repeat(300))],
        end: false,
        expect: { rejected: 'too-large' },
      };
    case 6:
      return {
        from: '127.0.0.1',
        parts: [v2({ crc: 'bad' }), payload],
        end: false,
        expect: { rejected: 'malformed' },
      };
    default:
      return {
        from: '127.0.0.2',
        parts: [Buffer.from(v1('1.2.3.4', '192.0.2.1', 1, 1)), payload],
        end: true,
        expect: { rejected: 'untrusted-peer' },
      };
  }
}

test(`${CONNECTIONS} concurrent connections, good and hostile mixed: every good one gets its client and all its bytes`, async () => {
  const baseline = resources();
  const server = await echoServer({
    trust: '127.0.0.1',
    proxyProtocol: 'required',
    // Every timer starts at accept, before phase 2 sends anything: opening 1,000 connections
    // takes well under a second on an idle machine, but seconds on a loaded one, and a good
    // connection must not time out while the others are still being opened.
    headerTimeout: 10_000,
  });
  let accepted = 0;
  server.server.prependListener('connection', () => accepted++);

  const plans = Array.from({ length: CONNECTIONS }, (_, i) => plan(i));
  // Phase 1: open every connection before any byte is sent, so all are alive at once.
  // Collect from the first moment: untrusted peers are closed as soon as they are accepted.
  const sockets: net.Socket[] = [];
  const echoes: Promise<Buffer>[] = [];
  const ports: number[] = [];
  for (let i = 0; i < CONNECTIONS; i += 100) {
    await Promise.all(
      plans.slice(i, i + 100).map(async (p, k) => {
        const socket = await connect(server.port, '127.0.0.1', p.from);
        sockets[i + k] = socket;
        ports[i + k] = socket.localPort!;
        echoes[i + k] = collect(socket);
      }),
    );
  }
  await until(() => accepted === CONNECTIONS);

  // Phase 2: everyone sends at once.
  plans.forEach((p, i) => {
    const socket = sockets[i]!;
    socket.setNoDelay(true);
    for (const part of p.parts) socket.write(part);
    if (p.end) socket.end();
  });
  const echoed = await Promise.all(echoes);

  // Peers are told apart by address and port: 127.0.0.1 and 127.0.0.2 may use the same port.
  const key = (ip: string | undefined, port: number) => `${ip} ${port}`;
  const rejects = new Map(server.rejects.map((r) => [key(r.peer?.ip, r.peer!.port), r.reason]));
  const seen = new Map(
    [...server.seen.values()].map((s) => [key(s.client.peer?.ip, s.client.peer!.port), s]),
  );
  let good = 0;
  plans.forEach((p, i) => {
    const port = ports[i]!;
    if ('rejected' in p.expect) {
      expect([i, rejects.get(key(p.from, port))]).toEqual([i, p.expect.rejected]);
      expect(seen.has(key(p.from, port))).toBe(false);
      expect(echoed[i]!.length).toBe(0);
    } else {
      good++;
      const delivered = seen.get(key(p.from, port));
      expect([i, delivered?.client.ip, delivered?.client.port]).toEqual([
        i,
        p.expect.ip,
        p.expect.port,
      ]);
      expect(echoed[i]!.equals(p.expect.payload)).toBe(true);
    }
  });
  expect(good).toBe(375);
  expect(server.seen.size).toBe(good);
  expect(server.rejects.length).toBe(CONNECTIONS - good);

  await expectNoLeaks(server, baseline);
  await server.close();
}, 60_000);
