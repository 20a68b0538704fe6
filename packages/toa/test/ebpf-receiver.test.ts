/**
 * The eBPF TOA receiver end to end, with real TCP options on the wire: a test-only sender
 * (sockops on the client's cgroup, writing the option into the final ACK through the kernel's TCP
 * header-option API) plays the layer-4 proxy; tcpdump (Debian's, a decoder we did not write)
 * shows the option with our bytes; `attachToa()` puts the receiver on the server's cgroup; a
 * `toa()` TCP server, an Express app behind `@realip/express` and a raw server report what Node
 * sees. Everything runs in cgroups and pins of this run only, on loopback (the trusted "proxy" is
 * 127.0.0.2 and ::1, an untrusted one 127.0.0.3), and is removed in afterAll.
 *
 * Needs root, clang, bpftool and tcpdump (.ci/deps/ebpf.sh installs them); skipped loudly without.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  attachToa,
  decodeTcpOption,
  detachToa,
  toaStatus,
  ToaEbpfError,
  toaModuleStatus,
  type EbpfCounters,
} from '@realip/toa';
import { main } from '@realip/cli';
import { describeIfAvailable } from '../../../test/helpers/requires';
import type { TrustEntry } from '@realip/core';
import {
  EbpfFixture,
  buildObjects,
  bytesOf,
  missingForEbpf,
  option,
  type Child,
} from './ebpf/harness';

const suite = describeIfAvailable('eBPF TOA receiver', missingForEbpf());

const TRUST: TrustEntry[] = ['127.0.0.2', '::1'];
const CLIENT4 = '198.51.100.23';
const CLIENT6 = '2001:db8::7';

interface Ports {
  raw: number;
  http: number;
  late: number;
}
interface RawReply {
  remoteAddress: string;
  remotePort: number;
  client: { ip: string; port: number; status: string };
}
interface HttpReply {
  ip: string;
  remoteAddress: string;
  remotePort: number;
}

suite('eBPF TOA receiver: real options on the wire', () => {
  jest.setTimeout(120_000);
  const fixture = new EbpfFixture();
  let serverCgroup: string;
  let clientCgroup: string;
  let client: Child;
  const servers: Record<'v4' | 'dual', Ports> = {} as Record<'v4' | 'dual', Ports>;

  beforeAll(async () => {
    buildObjects();
    serverCgroup = fixture.cgroup();
    clientCgroup = fixture.cgroup();
    // Attached before the servers start: a socket's cgroup programs are fixed at its creation.
    attachToa({ cgroup: serverCgroup, trust: TRUST, pinRoot: fixture.pinRoot });
    fixture.attachSender(clientCgroup);
    fixture.senderOption([]);
    const v4 = fixture.start(serverCgroup, 'server-process.ts', [
      '127.0.0.1',
      JSON.stringify(TRUST),
    ]);
    const dual = fixture.start(serverCgroup, 'server-process.ts', ['::', JSON.stringify(TRUST)]);
    client = fixture.start(clientCgroup, 'client-process.ts');
    servers.v4 = (await v4.nextLine()) as Ports;
    servers.dual = (await dual.nextLine()) as Ports;
  });
  afterAll(() => fixture.cleanup());

  /** Connections from the client cgroup; each reply as the server sent it. */
  async function connect<T>(
    server: keyof Ports,
    on: 'v4' | 'dual',
    from: string,
    count = 1,
    concurrency = 1,
  ): Promise<T[]> {
    const host = from.includes(':') ? '::1' : '127.0.0.1';
    client.send({
      server,
      host,
      port: servers[on][server],
      localAddress: from,
      count,
      concurrency,
    });
    const reply = (await client.nextLine()) as { results?: T[]; error?: string };
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.results!;
  }

  const counters = (): EbpfCounters => toaStatus({ pinRoot: fixture.pinRoot })[0]!.counters;

  test('the receiver is attached to our cgroup only, and doctor sees it', () => {
    const attached = fixture
      .attached(serverCgroup)
      .map((a) => a.attach_type)
      .sort();
    expect(attached).toEqual([
      'cgroup_inet4_getpeername',
      'cgroup_inet6_getpeername',
      'cgroup_sock_ops',
    ]);
    const [status] = toaStatus({ pinRoot: fixture.pinRoot });
    expect(status).toMatchObject({
      cgroup: serverCgroup,
      kinds: [200, 254, 253, 252, 249],
      trust: ['127.0.0.2/32', '::1/128'],
    });
    expect(status!.attached).toHaveLength(3);
    const doctor = toaModuleStatus({ ebpfPinRoot: fixture.pinRoot });
    expect(doctor.ebpf).toEqual([`/${serverCgroup.slice(fixture.cgroup2.length + 1)}`]);
    expect(doctor.summary).toMatch(/^TOA eBPF receiver attached/);
  });

  test('tcpdump decodes the final ACK and shows the option bytes we sent', async () => {
    const bytes = option(200, 31337, bytesOf(CLIENT4));
    fixture.senderOption(bytes);
    const port = servers.v4.raw;
    const tcpdump = spawn('tcpdump', [
      '-i',
      'lo',
      '-nn',
      '-v',
      '-l',
      '-c',
      '1',
      `src host 127.0.0.2 and dst port ${port} and tcp[tcpflags] == tcp-ack`,
    ]);
    let out = '';
    tcpdump.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve) =>
      tcpdump.stderr.on('data', (d: Buffer) => d.toString().includes('listening') && resolve()),
    );
    await connect<RawReply>('raw', 'v4', '127.0.0.2');
    await new Promise((resolve) => tcpdump.once('exit', resolve));
    console.log(`tcpdump: ${out.trim().replace(/\s+/g, ' ')}`);
    // tcpdump prints unknown options as `unknown-KIND 0x<data>`
    expect(out).toContain(`unknown-200 0x${Buffer.from(bytes.slice(2)).toString('hex')}`);
    expect(out).toMatch(/Flags \[\.\]/);
  });

  /** Layouts on the wire: what Node must report for each, from our independent decoder. */
  const layouts: [string, 'v4' | 'dual', string, number[]][] = [
    ['kind 200, IPv4 listener', 'v4', '127.0.0.2', option(200, 31337, bytesOf(CLIENT4))],
    [
      'kind 254 8 bytes, IPv4 listener',
      'v4',
      '127.0.0.2',
      option(254, 8080, bytesOf('192.0.2.44')),
    ],
    [
      'kind 252 (vtoa: VPC id and virtual server dropped)',
      'v4',
      '127.0.0.2',
      option(252, 4242, bytesOf('192.0.2.9'), [0, 0, 0, 7, 10, 0, 0, 1, 0x1f, 0x90, 0, 0]),
    ],
    [
      'kind 200, dual-stack listener, IPv4 client',
      'dual',
      '127.0.0.2',
      option(200, 31337, bytesOf(CLIENT4)),
    ],
    [
      'kind 254 8 bytes, dual-stack listener',
      'dual',
      '127.0.0.2',
      option(254, 1234, bytesOf('192.0.2.45')),
    ],
    [
      'kind 254 20 bytes (IPv6), dual-stack listener',
      'dual',
      '::1',
      option(254, 5555, bytesOf(CLIENT6)),
    ],
    [
      'kind 253 (IPv6), dual-stack listener',
      'dual',
      '::1',
      option(253, 6666, bytesOf('2001:db8:1::53')),
    ],
  ];

  test.each(layouts)(
    '%s: socket.remoteAddress, toa() and Express report the option',
    async (_, on, from, bytes) => {
      const expected = decodeTcpOption(Uint8Array.from(bytes));
      if (!expected.ok) throw new Error(expected.error);
      const before = counters().kinds[expected.kind as 200];
      fixture.senderOption(bytes);
      const [raw] = await connect<RawReply>('raw', on, from);
      const [web] = await connect<HttpReply>('http', on, from);
      const nodeForm =
        on === 'dual' && expected.family === 4 ? `::ffff:${expected.ip}` : expected.ip;
      expect(raw).toEqual({
        remoteAddress: nodeForm,
        remotePort: expected.port,
        client: { ip: expected.ip, port: expected.port, status: 'direct' },
      });
      expect(web).toEqual({ ip: expected.ip, remoteAddress: nodeForm, remotePort: expected.port });
      const after = counters().kinds[expected.kind as 200];
      expect(after.seen - before.seen).toBe(2);
      expect(after.rewritten - before.rewritten).toBe(2);
    },
  );

  test('an option in the first data packet instead of the ACK is read too', async () => {
    fixture.senderOption(option(200, 999, bytesOf('192.0.2.77')), 'data');
    const [late] = await connect<{ remoteAddress: string; remotePort: number }>(
      'late',
      'v4',
      '127.0.0.2',
    );
    expect(late).toEqual({ remoteAddress: '192.0.2.77', remotePort: 999 });
  });

  test('from an untrusted source the option is ignored and counted', async () => {
    fixture.senderOption(option(200, 31337, bytesOf(CLIENT4)));
    const before = counters().kinds[200];
    const [raw] = await connect<RawReply>('raw', 'v4', '127.0.0.3');
    const [web] = await connect<HttpReply>('http', 'v4', '127.0.0.3');
    expect(raw!.remoteAddress).toBe('127.0.0.3');
    expect(raw!.client).toMatchObject({ ip: '127.0.0.3', status: 'direct' });
    expect(web!.ip).toBe('127.0.0.3');
    const after = counters().kinds[200];
    expect(after.untrusted - before.untrusted).toBe(2);
    expect(after.rewritten - before.rewritten).toBe(0);
  });

  test('an IPv6 client on an IPv4 listener cannot be written: the proxy shows, counted unusable', async () => {
    fixture.senderOption(option(253, 6666, bytesOf(CLIENT6)));
    const before = counters().kinds[253];
    const [raw] = await connect<RawReply>('raw', 'v4', '127.0.0.2');
    expect(raw!.remoteAddress).toBe('127.0.0.2');
    expect(counters().kinds[253].unusable - before.unusable).toBe(1);
  });

  test('a TOA kind with a length no layout has is malformed and ignored', async () => {
    fixture.senderOption([200, 6, 0x7a, 0x69, 198, 51]);
    const before = counters().kinds[200];
    const [raw] = await connect<RawReply>('raw', 'v4', '127.0.0.2');
    expect(raw!.remoteAddress).toBe('127.0.0.2');
    expect(counters().kinds[200].malformed - before.malformed).toBe(1);
  });

  test('no option: the real peer, and toa() says toa-not-effective for the trusted proxy', async () => {
    fixture.senderOption([]);
    const before = counters().noOption;
    const [raw] = await connect<RawReply>('raw', 'v4', '127.0.0.2');
    expect(raw).toMatchObject({
      remoteAddress: '127.0.0.2',
      client: { ip: '127.0.0.2', status: 'toa-not-effective' },
    });
    const [late] = await connect<{ remoteAddress: string }>('late', 'v4', '127.0.0.2');
    expect(late!.remoteAddress).toBe('127.0.0.2');
    expect(counters().noOption - before).toBe(2);
  });

  test('2,000 connections: all rewritten, no per-socket entry left, counters add up', async () => {
    fixture.senderOption(option(200, 31337, bytesOf(CLIENT4)));
    const before = counters();
    const replies = await connect<RawReply>('raw', 'v4', '127.0.0.2', 2000, 20);
    expect(
      replies.filter(
        (r) =>
          r.remoteAddress === CLIENT4 && r.remotePort === 31337 && r.client.status === 'direct',
      ),
    ).toHaveLength(2000);
    // Entries are deleted when their socket reaches TCP_CLOSE: wait for the last closes.
    let after = counters();
    for (let i = 0; i < 50 && after.released - before.released < 2000; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = counters();
    }
    const k = after.kinds[200];
    const b = before.kinds[200];
    console.log(
      `after 2,000 connections: ${JSON.stringify({ kind200: k, released: after.released, getpeername: after.getpeername, noOption: after.noOption })}`,
    );
    expect(k.rewritten - b.rewritten).toBe(2000);
    expect(k.seen - b.seen).toBe(2000);
    expect(after.released - before.released).toBe(2000);
    // every entry ever stored was released: nothing outlives its socket
    const stored = Object.values(after.kinds).reduce((sum, c) => sum + c.rewritten, 0);
    expect(after.released).toBe(stored);
    for (const c of Object.values(after.kinds)) {
      expect(c.seen).toBe(c.rewritten + c.untrusted + c.malformed + c.unusable);
    }
  });

  test('realip toa status prints the receiver and its counters', async () => {
    let stdout = '';
    const code = await main({
      args: ['toa', 'status', '--pin-root', fixture.pinRoot],
      env: {},
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: true,
      stdoutIsTTY: false,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`attached ${serverCgroup}`);
    expect(stdout).toMatch(/kind 200: seen \d+, rewritten \d+, untrusted [1-9]/);
  });
});

suite('eBPF TOA receiver: attach, detach and failures leave nothing behind', () => {
  jest.setTimeout(60_000);
  const fixture = new EbpfFixture();
  beforeAll(() => buildObjects());
  afterAll(() => fixture.cleanup());

  const pinned = () =>
    existsSync(fixture.pinRoot) && toaStatus({ pinRoot: fixture.pinRoot }).length > 0;

  test('attach twice: one set of programs, kinds and trust updated; detach removes all', () => {
    const cgroup = fixture.cgroup();
    const first = attachToa({ cgroup, trust: '127.0.0.2', kinds: [200], pinRoot: fixture.pinRoot });
    const again = attachToa({
      cgroup,
      trust: ['127.0.0.4', '10.0.0.0/8'],
      kinds: '200,254',
      pinRoot: fixture.pinRoot,
    });
    expect([first.already, again.already]).toEqual([false, true]);
    expect(fixture.attached(cgroup)).toHaveLength(3);
    const [status] = toaStatus({ pinRoot: fixture.pinRoot });
    expect(status).toMatchObject({ kinds: [200, 254], trust: ['10.0.0.0/8', '127.0.0.4/32'] });
    expect(detachToa({ cgroup, pinRoot: fixture.pinRoot })).toEqual([cgroup]);
    expect(fixture.attached(cgroup)).toEqual([]);
    expect(
      existsSync(
        join(fixture.pinRoot, encodeURIComponent(`/${cgroup.slice(fixture.cgroup2.length + 1)}`)),
      ),
    ).toBe(false);
    expect(() => detachToa({ cgroup, pinRoot: fixture.pinRoot })).toThrow(
      /no TOA receiver is attached/,
    );
  });

  test.each([
    [
      'a cgroup that does not exist',
      { cgroup: '/realip-test-nonexistent' },
      'bad-cgroup',
      /is not a cgroup v2 directory/,
    ],
    [
      'a kernel older than 5.10',
      { probe: { release: '5.4.0-150-generic' } },
      'kernel-too-old',
      /kernel 5\.4\.0-150-generic is older than 5\.10/,
    ],
    ['no bpftool', { probe: { bpftool: null } }, 'no-bpftool', /apt-get install bpftool/],
    [
      'a pin root off the bpf filesystem',
      { pinRoot: join(tmpdir(), 'realip-not-bpffs') },
      'no-bpffs',
      /realip-not-bpffs is not on the bpf filesystem \(mounted at /,
    ],
  ])('attach with %s: the right message, nothing attached or pinned', (_, extra, code, message) => {
    const cgroup = fixture.cgroup();
    let error: unknown;
    try {
      attachToa({ cgroup, trust: '127.0.0.2', pinRoot: fixture.pinRoot, ...extra });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ToaEbpfError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) as string });
    expect(fixture.attached(cgroup)).toEqual([]);
    expect(pinned()).toBe(false);
  });

  test('a load that fails half-way leaves nothing: a broken object', () => {
    const cgroup = fixture.cgroup();
    expect(() =>
      attachToa({
        cgroup,
        trust: '127.0.0.2',
        pinRoot: fixture.pinRoot,
        probe: { object: __filename },
      }),
    ).toThrow(/bpftool prog loadall/);
    expect(fixture.attached(cgroup)).toEqual([]);
    expect(pinned()).toBe(false);
  });

  test('realip toa attach with a bad cgroup exits 1 and says how to fix it', async () => {
    let stderr = '';
    const code = await main({
      args: [
        'toa',
        'attach',
        '--cgroup',
        '/realip-test-nonexistent',
        '--trust',
        '127.0.0.2',
        '--pin-root',
        fixture.pinRoot,
      ],
      env: {},
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: true,
      stdoutIsTTY: false,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /realip: @realip\/toa: \/realip-test-nonexistent is not a cgroup v2 directory .* Give an existing cgroup/,
    );
  });
});
