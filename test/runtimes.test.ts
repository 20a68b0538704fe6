/**
 * `@realip/hono` on the real runtimes: the same Hono app (test/runtimes/vector-app.ts) served by
 * Bun and by Deno on real loopback sockets (127.0.0.1 and ::1), and run as a Worker in workerd
 * (miniflare). Each answers every conformance vector it can express, exactly as the core does.
 *
 * - Bun, Deno: the peer is the real connection, so the vectors whose peer a client on this
 *   machine can really be (127.0.0.0/8, ::1) travel; the others need a peer no test can connect
 *   from, and these runtimes give no way to present one (nor should they).
 * - workerd: a Worker has no socket; the peer is `CF-Connecting-IP`, which Cloudflare's edge
 *   sets and miniflare sets from the real connection when the request has none. So each vector's
 *   peer travels in that header, as the edge would send it: every vector with a known peer,
 *   except those whose own headers carry `CF-Connecting-IP`. The port of a socket answer is
 *   `undefined` there, as in the core run.
 */
import type { ClientAddress } from '@realip/core';
import { Miniflare } from 'miniflare';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { send, type Listening } from './helpers/http';
import { describeIfAvailable } from './helpers/requires';
import {
  bunBinary,
  bundle,
  denoBinary,
  serveOn,
  workerdBinary,
  type RuntimeServer,
} from './helpers/runtimes';
import { vectors, type Vector } from './vectors';

/** A peer a client on this machine can really connect from (as in conformance.test.ts). */
const genuine = (peer: string | undefined) =>
  peer === '::1' || (peer !== undefined && /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(peer));

const socketVectors = vectors.filter((v) => v.coreOnly === undefined && genuine(v.peer));
const workerVectors = vectors.filter(
  (v) => v.coreOnly === undefined && v.peer !== undefined && !('cf-connecting-ip' in v.headers),
);

/** A result as it travels in JSON: `undefined` fields are absent. */
const asJson = (result: ClientAddress): unknown => JSON.parse(JSON.stringify(result));

interface Answer {
  readonly realIp: ClientAddress;
  readonly ip?: string;
}

async function ask(to: Listening, v: Vector, from: string | undefined, extra = {}) {
  const reply = await send(to, {
    path: `/v/${v.id}`,
    from,
    headers: { ...v.headers, ...extra },
  });
  expect(reply.status).toBe(200);
  return { answer: JSON.parse(reply.body) as Answer, localPort: reply.localPort };
}

/** `server`'s listener on the host a vector's peer connects to. */
function listenerFor(server: RuntimeServer, peer: string): Listening {
  const host = peer === '::1' ? '::1' : '127.0.0.1';
  return { host, port: server.ports[host]!, close: () => Promise.resolve() };
}

/** One GET over a Unix socket: a connection with no address at all. */
function overUnixSocket(
  socketPath: string,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

const runtimes = [
  { name: 'bun', binary: bunBinary, args: (file: string, sock: string) => [file, sock] },
  {
    name: 'deno',
    binary: denoBinary,
    args: (file: string, sock: string) => [
      'run',
      '--allow-net',
      `--allow-read=${sock}`,
      `--allow-write=${sock}`,
      file,
      sock,
    ],
  },
] as const;

for (const runtime of runtimes) {
  describeIfAvailable(
    `Hono on ${runtime.name}`,
    runtime.binary === undefined ? `${runtime.name} (npm ci installs it)` : undefined,
  )(`@realip/hono on ${runtime.name}, real sockets`, () => {
    let server: RuntimeServer;
    let dir: string;
    let sock: string;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), `realip-${runtime.name}-`));
      sock = path.join(dir, 'app.sock');
      server = await serveOn(runtime.binary!, runtime.args(await bundle(runtime.name), sock));
    }, 30_000);
    afterAll(async () => {
      await server?.stop();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    test('a Unix socket has no peer: no-peer, answered, never a throw', async () => {
      const reply = await overUnixSocket(sock, '/v/anchors-01');
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({
        realIp: { source: 'socket', hops: 0, reason: 'no-peer' },
      });
    });

    test('serves on IPv4 and IPv6 loopback, and the subset is not empty', () => {
      expect(Object.keys(server.ports)).toEqual(expect.arrayContaining(['127.0.0.1', '::1']));
      expect(socketVectors.length).toBeGreaterThan(10);
    });

    if (runtime.name === 'bun') {
      test("Bun's server as c.env = { server } (as hono/bun accepts): the same peer", async () => {
        const v = socketVectors.find(
          (x) => x.peer === '127.0.0.1' && x.expected.source === 'socket',
        )!;
        const to = {
          host: '127.0.0.1',
          port: server.ports['{ server }']!,
          close: () => Promise.resolve(),
        };
        const { answer, localPort } = await ask(to, v, v.peer);
        expect(answer.realIp).toStrictEqual(asJson({ ...v.expected, port: localPort }));
      });
    }

    test.each(socketVectors.map((v) => [v.id, v] as const))('%s', async (_id, v) => {
      const { answer, localPort } = await ask(listenerFor(server, v.peer!), v, v.peer);
      // A socket answer carries the connection's real port: the client's local port.
      const port = v.expected.source === 'socket' ? localPort : v.expected.port;
      expect(answer.realIp).toStrictEqual(asJson({ ...v.expected, port }));
      expect(answer.ip).toBe(v.expected.ip);
    });
  });
}

describeIfAvailable(
  'Hono on workerd',
  workerdBinary === undefined ? 'workerd (npm ci installs it with miniflare)' : undefined,
)('@realip/hono on workerd (miniflare): the peer is CF-Connecting-IP', () => {
  let mf: Miniflare;
  let worker: Listening;
  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      scriptPath: await bundle('worker'),
      // The core imports node:net (isIP): a Worker using it needs nodejs_compat.
      compatibilityDate: '2026-04-26',
      compatibilityFlags: ['nodejs_compat'],
      host: '127.0.0.1',
      port: 0,
    });
    const url = await mf.ready;
    worker = { host: '127.0.0.1', port: Number(url.port), close: () => Promise.resolve() };
  }, 30_000);
  afterAll(() => mf?.dispose());

  test('without CF-Connecting-IP, the platform names the real connection', async () => {
    const v = vectors.find((x) => x.id === 'anchors-01')!;
    const { answer } = await ask(worker, v, '127.0.0.1');
    expect(answer.realIp).toMatchObject({ ip: '127.0.0.1', source: 'socket' });
    expect(answer.realIp).not.toHaveProperty('port'); // no socket, no port
  });

  test.each(workerVectors.map((v) => [v.id, v] as const))('%s', async (_id, v) => {
    const { answer } = await ask(worker, v, undefined, { 'cf-connecting-ip': v.peer! });
    expect(answer.realIp).toStrictEqual(asJson(v.expected));
    expect(answer.ip).toBe(v.expected.ip);
  });
});
