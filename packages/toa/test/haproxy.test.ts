/**
 * Interop with a PROXY protocol sender we did not write: haproxy (Debian's package), in `mode tcp`
 * with `send-proxy` (v1) and `send-proxy-v2` (with CRC32C and unique-id TLVs), in front of a
 * `toa()` TCP server and of an Express app wrapped with `acceptProxyProtocol`. Clients connect from
 * distinct loopback addresses; the client our side reports must be the one haproxy accepted.
 * A second suite has haproxy terminate TLS and send its SSL, ALPN, AUTHORITY and UNIQUE_ID TLVs.
 *
 * `.ci/run` installs haproxy and openssl; if one is missing, its suite is skipped with a loud
 * message.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptProxyProtocol, toa, type Layer4Client, type RejectInfo } from '@realip/toa';
import { reportingApp, type Report } from './http-app';
import { addressBytes, listen, sleep, until } from './helpers';
import { describeIfAvailable } from '../../../test/helpers/requires';

/** The haproxy binary: on PATH, or where Debian puts it (/usr/sbin is not on every PATH). */
const BINARY = ['haproxy', '/usr/sbin/haproxy'].find(
  (candidate) => spawnSync(candidate, ['-v']).status === 0,
);
const HAPROXY =
  BINARY === undefined
    ? undefined
    : (/version (\S+)/.exec(spawnSync(BINARY, ['-v'], { encoding: 'utf8' }).stdout)?.[1] ?? '?');
const suite = describeIfAvailable(
  'haproxy interop',
  HAPROXY === undefined ? 'haproxy (apt-get install -y haproxy; .ci/run does this)' : undefined,
);

/** What the TCP server greets each connection with. */
interface Greeting {
  ip: string;
  port: number;
  status: string;
  version: number | undefined;
  command: string | undefined;
  tlvs: [number, string][];
  peer: string | undefined;
}

function greeting(client: Layer4Client): string {
  const g: Greeting = {
    ip: client.ip!,
    port: client.port!,
    status: client.status,
    version: client.proxy?.version,
    command: client.proxy?.command,
    tlvs: (client.proxy?.tlvs ?? []).map((t) => [t.type, t.value.toString('latin1')]),
    peer: client.peer?.ip,
  };
  return JSON.stringify(g) + '\n';
}

async function freePort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Connects through a frontend, reads the greeting, round-trips `payload`, returns all of it. */
async function through(
  port: number,
  host: string,
  from: string | undefined,
  payload: string,
): Promise<{ greeting: Greeting; echoed: string; local: { ip: string; port: number } }> {
  const socket = net.connect({ port, host, localAddress: from });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const local = { ip: socket.localAddress!, port: socket.localPort! };
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (text += d));
  const closed = new Promise((resolve) => socket.on('close', resolve));
  await until(() => text.includes('\n'));
  socket.end(payload);
  await closed;
  const nl = text.indexOf('\n');
  return {
    greeting: JSON.parse(text.slice(0, nl)) as Greeting,
    echoed: text.slice(nl + 1),
    local,
  };
}

/** GET / through a frontend from `from`; returns the app's report and the client's own address. */
function getThrough(port: number, host: string, from: string | undefined) {
  return new Promise<{ report: Report; local: { ip: string; port: number } }>((resolve, reject) => {
    let local = { ip: '', port: 0 };
    const req = http.get({ host, port, path: '/', localAddress: from, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ report: JSON.parse(body) as Report, local }));
    });
    req.on('socket', (s: net.Socket) =>
      s.on('connect', () => (local = { ip: s.localAddress!, port: s.localPort! })),
    );
    req.on('error', reject);
  });
}

/** haproxy's unique-id for `%ci:%cp` (the format below): hex address, `:`, 4 hex digits of port. */
function uniqueIdClient(id: string): string {
  return id.split('_')[0]!;
}
function hexClient(ip: string, port: number): string {
  return `${addressBytes(ip).toString('hex').toUpperCase()}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A running haproxy; `stop()` ends it and waits. */
interface Haproxy {
  stop: () => Promise<void>;
}

/**
 * Starts haproxy on `config` (written into `dir`) and waits until every frontend in `fe` accepts
 * (names ending in 6 listen on ::1); a bounded wait, with haproxy's own words if it fails.
 */
async function startHaproxy(
  dir: string,
  config: string,
  fe: Record<string, number>,
): Promise<Haproxy> {
  writeFileSync(join(dir, 'haproxy.cfg'), config);
  const child: ChildProcess = spawn(BINARY!, ['-db', '-f', join(dir, 'haproxy.cfg')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 10_000;
  for (const [name, port] of Object.entries(fe)) {
    const host = name.endsWith('6') ? '::1' : '127.0.0.1';
    for (;;) {
      if (child.exitCode !== null) throw new Error(`haproxy exited: ${log}`);
      const ok = await new Promise<boolean>((resolve) => {
        const probe = net.connect({ port, host });
        probe.once('connect', () => (probe.destroy(), resolve(true)));
        probe.once('error', () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`haproxy did not listen on ${name}: ${log}`);
      }
      await sleep(50);
    }
  }
  return { stop };
}

suite(`haproxy ${HAPROXY ?? ''} as the PROXY protocol sender`, () => {
  const seen: Layer4Client[] = [];
  const rejects: RejectInfo[] = [];
  const servers: { close: () => Promise<void> }[] = [];
  const fe: Record<string, number> = {};
  let haproxy: Haproxy | undefined;
  let dir: string;

  beforeAll(async () => {
    const listener = toa(
      { trust: ['127.0.0.1', '::1'], proxyProtocol: 'required', onReject: (r) => rejects.push(r) },
      (socket, client) => {
        seen.push(client);
        socket.on('error', () => undefined);
        socket.write(greeting(client));
        socket.pipe(socket);
      },
    );
    const tcp4 = await listen(net.createServer(listener), '127.0.0.1');
    const tcp6 = await listen(net.createServer(listener), '::1');
    const app = acceptProxyProtocol(http.createServer(reportingApp({ trust: '127.0.0.1' })), {
      trust: '127.0.0.1',
    });
    const web = await listen(app, '127.0.0.1');
    servers.push(tcp4, tcp6, web);

    for (const name of ['v1_4', 'v1_6', 'v2_4', 'v2_6', 'http_v1', 'http_v2_4', 'http_v2_6']) {
      fe[name] = await freePort(name.endsWith('6') ? '::1' : '127.0.0.1');
    }
    const config = `
global
    maxconn 500
defaults
    mode tcp
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend v1
    bind 127.0.0.1:${fe.v1_4}
    bind [::1]:${fe.v1_6}
    default_backend tcp4_v1
backend tcp4_v1
    server ours 127.0.0.1:${tcp4.port} send-proxy
frontend v2
    bind 127.0.0.1:${fe.v2_4}
    bind [::1]:${fe.v2_6}
    unique-id-format %{+X}o\\ %ci:%cp_%fi:%fp_%Ts_%rt:%pid
    default_backend tcp6_v2
backend tcp6_v2
    server ours [::1]:${tcp6.port} send-proxy-v2 proxy-v2-options crc32c,unique-id
backend health
    timeout check 2s
    option tcp-check
    tcp-check expect string status
    server ours 127.0.0.1:${tcp4.port} send-proxy-v2 check inter 200
frontend http_v1
    bind 127.0.0.1:${fe.http_v1}
    default_backend web_v1
backend web_v1
    server ours 127.0.0.1:${web.port} send-proxy
frontend http_v2
    bind 127.0.0.1:${fe.http_v2_4}
    bind [::1]:${fe.http_v2_6}
    default_backend web_v2
backend web_v2
    server ours 127.0.0.1:${web.port} send-proxy-v2 proxy-v2-options crc32c
`;
    dir = mkdtempSync(join(tmpdir(), 'realip-haproxy-'));
    haproxy = await startHaproxy(dir, config, fe);
  }, 20_000);

  afterAll(async () => {
    await haproxy?.stop();
    for (const s of servers) await s.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['send-proxy (v1): IPv4 client, IPv4 server', 'v1_4', '127.0.0.1', '127.0.0.2', 1, '127.0.0.1'],
    [
      'send-proxy (v1): IPv6 client, IPv4 server (a TCP6 line)',
      'v1_6',
      '::1',
      undefined,
      1,
      '127.0.0.1',
    ],
    ['send-proxy-v2: IPv4 client, IPv6 server', 'v2_4', '127.0.0.1', '127.0.0.3', 2, '::1'],
    ['send-proxy-v2: IPv6 client, IPv6 server', 'v2_6', '::1', undefined, 2, '::1'],
  ])('%s', async (_title, frontend, host, from, proxyVersion, proxyAddress) => {
    const payload = `payload through ${frontend}\r\nPROXY TCP4 6.6.6.6 6.6.6.6 6 6\r\n`;
    const { greeting: g, echoed, local } = await through(fe[frontend]!, host, from, payload);
    expect(g).toMatchObject({
      ip: local.ip,
      port: local.port,
      status: 'proxy-protocol',
      version: proxyVersion,
      command: 'proxy',
      peer: proxyAddress,
    });
    expect(echoed).toBe(payload); // every byte after the header, a PROXY-looking line included
    if (proxyVersion === 2) {
      // haproxy's own record of the client it accepted, in its unique-id TLV; and its CRC32C.
      const tlvTypes = g.tlvs.map(([type]) => type);
      expect(tlvTypes).toEqual(expect.arrayContaining([0x03, 0x05]));
      const uniqueId = g.tlvs.find(([type]) => type === 0x05)![1];
      expect(uniqueIdClient(uniqueId)).toBe(hexClient(local.ip, local.port));
    }
  });

  test('20 clients at once from distinct loopback addresses, through v1 and v2', async () => {
    const runs = Array.from({ length: 20 }, (_, i) =>
      through(fe[i % 2 ? 'v2_4' : 'v1_4']!, '127.0.0.1', `127.0.0.${10 + i}`, `client ${i}`),
    );
    for (const [i, r] of (await Promise.all(runs)).entries()) {
      expect([r.greeting.ip, r.greeting.port, r.echoed]).toEqual([
        `127.0.0.${10 + i}`,
        r.local.port,
        `client ${i}`,
      ]);
    }
  });

  // A plain `check` connects, sends its header and resets at once, before Node hands the socket
  // over; with `tcp-check expect`, haproxy waits for our greeting, so the header is read.
  test('haproxy health checks (send-proxy-v2, tcp-check) arrive as LOCAL: reported as the proxy itself', async () => {
    await until(() => seen.some((c) => c.proxy?.command === 'local'), 10_000);
    const check = seen.find((c) => c.proxy?.command === 'local')!;
    expect(check).toMatchObject({
      ip: '127.0.0.1',
      status: 'proxy-local',
      source: 'socket',
      peer: { ip: '127.0.0.1' },
    });
  });

  test.each([
    ['send-proxy (v1), IPv4 client', 'http_v1', '127.0.0.1', '127.0.0.4'],
    ['send-proxy-v2, IPv4 client', 'http_v2_4', '127.0.0.1', '127.0.0.5'],
    ['send-proxy-v2, IPv6 client', 'http_v2_6', '::1', undefined],
  ])(
    'Express behind haproxy, %s: req.socket, req.ip and the core report the client',
    async (_title, frontend, host, from) => {
      const { report, local } = await getThrough(fe[frontend]!, host, from);
      expect(report).toMatchObject({
        socket: local.ip,
        socketPort: local.port,
        express: local.ip,
        core: { ip: local.ip, port: local.port, source: 'socket', reason: 'untrusted' },
        status: 'proxy-protocol',
        proxy: '127.0.0.1',
      });
    },
  );

  test('nothing was rejected along the way', () => {
    // The readiness probes above connect and close at once; haproxy still sends the header first.
    expect(rejects.filter((r) => r.reason !== 'closed')).toEqual([]);
  });
});

const OPENSSL = spawnSync('openssl', ['version']).status === 0;
const tlsSuite = describeIfAvailable(
  'haproxy TLS interop',
  HAPROXY === undefined
    ? 'haproxy (apt-get install -y haproxy; .ci/run does this)'
    : OPENSSL
      ? undefined
      : 'openssl (apt-get install -y openssl; .ci/run does this)',
);

/**
 * haproxy terminating TLS and sending what it knows of the client's TLS connection: the SSL TLV
 * (client flags, verify result, version, certificate CN, cipher, its own certificate's signature
 * and key algorithms), ALPN, AUTHORITY (the SNI) and UNIQUE_ID; all decoded on `client.proxy`.
 * A CA, haproxy's certificate and a client certificate are made with openssl for the run.
 */
tlsSuite(
  `haproxy ${HAPROXY ?? ''} terminating TLS: its SSL, ALPN, AUTHORITY, UNIQUE_ID TLVs`,
  () => {
    const seen: Layer4Client[] = [];
    let dir: string;
    let haproxy: Haproxy | undefined;
    let server: { port: number; close: () => Promise<void> } | undefined;
    let port: number;
    let client: { cert: Buffer; key: Buffer };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'realip-haproxy-tls-'));
      const file = (name: string) => join(dir, name);
      const openssl = (...args: string[]) => {
        const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
      };
      const days = ['-days', '2'];
      openssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        ...days,
        '-subj',
        '/CN=realip test CA',
      );
      for (const [name, subject, key] of [
        ['server', '/CN=shop.example', 'rsa:2048'],
        ['client', '/CN=José Client', 'rsa:2048'],
      ] as const) {
        openssl(
          'req',
          '-utf8',
          '-newkey',
          key,
          '-nodes',
          '-keyout',
          `${name}.key`,
          '-out',
          `${name}.csr`,
          '-subj',
          subject,
        );
        openssl(
          'x509',
          '-req',
          '-in',
          `${name}.csr`,
          '-CA',
          'ca.pem',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-out',
          `${name}.pem`,
          ...days,
        );
      }
      writeFileSync(
        file('haproxy.pem'),
        Buffer.concat([readFileSync(file('server.pem')), readFileSync(file('server.key'))]),
      );
      client = { cert: readFileSync(file('client.pem')), key: readFileSync(file('client.key')) };

      const listener = toa({ trust: '127.0.0.1', proxyProtocol: 'required' }, (socket, c) => {
        seen.push(c);
        socket.on('error', () => undefined);
        socket.end('ok\n');
      });
      server = await listen(net.createServer(listener), '127.0.0.1');
      port = await freePort('127.0.0.1');
      const config = `
global
    maxconn 100
defaults
    mode tcp
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend tls
    bind 127.0.0.1:${port} ssl crt ${file('haproxy.pem')} ca-file ${file('ca.pem')} verify optional alpn h2,http/1.1
    unique-id-format %{+X}o\\ %ci:%cp
    default_backend ours
backend ours
    server ours 127.0.0.1:${server.port} send-proxy-v2 proxy-v2-options ssl,cert-cn,ssl-cipher,cert-sig,cert-key,authority,unique-id,crc32c
`;
      haproxy = await startHaproxy(dir, config, { tls: port });
    }, 30_000);

    afterAll(async () => {
      await haproxy?.stop();
      await server?.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    /** One TLS connection through haproxy; the client our server saw, and the client's own view. */
    async function connectTls(options: tls.ConnectionOptions) {
      const before = seen.length;
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        rejectUnauthorized: false,
        ...options,
      });
      await new Promise((resolve, reject) =>
        socket.once('secureConnect', resolve).once('error', reject),
      );
      const local = { ip: socket.localAddress!, port: socket.localPort! };
      const view = {
        protocol: socket.getProtocol(),
        cipher: socket.getCipher().name,
        alpn: socket.alpnProtocol,
      };
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (text += d));
      await new Promise((resolve) => socket.on('close', resolve));
      expect(text).toBe('ok\n');
      await until(() => seen.length > before);
      return { client: seen[seen.length - 1]!, local, view };
    }

    test('with a verified client certificate and SNI: everything decoded', async () => {
      const {
        client: c,
        local,
        view,
      } = await connectTls({
        servername: 'shop.example',
        ALPNProtocols: ['h2'],
        ...client,
      });
      expect(c).toMatchObject({ ip: local.ip, port: local.port, status: 'proxy-protocol' });
      const proxy = c.proxy!;
      expect(proxy.tlvProblems).toEqual([]);
      expect([proxy.alpn, view.alpn]).toEqual(['h2', 'h2']);
      expect(proxy.authority).toBe('shop.example');
      expect(proxy.uniqueId?.toString()).toBe(hexClient(local.ip, local.port));
      expect(proxy.ssl).toMatchObject({
        tls: true,
        certInConnection: true,
        certInSession: true,
        verify: 0,
        verified: true,
        version: view.protocol,
        cn: 'José Client',
        cipher: view.cipher,
        keyAlg: 'RSA2048',
      });
      expect(proxy.ssl?.sigAlg).toMatch(/SHA256/i);
    });

    test('without a client certificate: TLS, but not "verified" (verify 0 alone proves nothing)', async () => {
      const { client: c, view } = await connectTls({ ALPNProtocols: ['http/1.1'] });
      const proxy = c.proxy!;
      expect(proxy.tlvProblems).toEqual([]);
      expect(proxy.alpn).toBe('http/1.1');
      expect(proxy.authority).toBeUndefined(); // no SNI sent
      expect(proxy.ssl).toMatchObject({
        tls: true,
        certInConnection: false,
        certInSession: false,
        verified: false,
        version: view.protocol,
        cn: undefined,
      });
    });
  },
);
