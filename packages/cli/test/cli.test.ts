import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createResolver, type RealIpOptions } from '@realip/core';
import { main } from '@realip/cli';
import { packageVersion } from '../src/version';
import { realipInProcess } from './in-process';
import { vectors, type Vector } from '../../../test/vectors';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'packages/cli/src/bin.ts');

/** Runs `realip` as a process, from source. */
function realip(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], {
    cwd: root,
    input: input ?? '',
    encoding: 'utf8',
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: 'tsconfig.test.json',
      NO_COLOR: '1',
      FORCE_COLOR: undefined,
      TRUST_PROXY: undefined,
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The command line that asks `realip explain` about a vector. */
function argsFor(v: Vector): string[] {
  const o: RealIpOptions = v.options;
  const args = ['explain', '--json', '--peer', v.peer!];
  if (o.trust === true || o.trust === false) args.push('--trust', String(o.trust));
  else if (typeof o.trust === 'string') args.push('--trust', o.trust);
  else if (Array.isArray(o.trust)) args.push('--trust', ...(o.trust as string[]));
  if (o.trust !== undefined && Array.isArray(o.trust) && o.trust.length === 0)
    args.push('--trust-proxy', 'false');
  if (o.hops !== undefined) args.push('--hops', String(o.hops));
  if (o.header !== undefined) args.push('-H', o.header);
  if (o.maxEntries !== undefined) args.push('--max-entries', String(o.maxEntries));
  if (o.keepMapped === true) args.push('--keep-mapped');
  if (o.protocol !== undefined && o.protocol !== false)
    args.push(o.protocol === true ? '--protocol' : `--protocol=${o.protocol}`);
  if (o.host !== undefined && o.host !== false)
    args.push(o.host === true ? '--host' : `--host=${o.host}`);
  for (const [name, value] of Object.entries(v.headers)) {
    for (const line of typeof value === 'string' ? [value] : value)
      args.push('-H', `${name}: ${line}`);
  }
  return args;
}

// Header lines travel as arguments: skip what a shell argument or a header line cannot carry.
const cliVectors = vectors.filter(
  (v) =>
    v.peer !== undefined &&
    v.coreOnly === undefined &&
    !(Array.isArray(v.options.trust) && v.options.trust.length === 0) &&
    Object.values(v.headers).every((value) =>
      (typeof value === 'string' ? [value] : value).every(
        (line) => line === line.trim() && !/[\r\n\0]/.test(line),
      ),
    ),
);
const expectedFor = (v: Vector) =>
  JSON.parse(
    JSON.stringify(createResolver(v.options)({ remoteAddress: v.peer, headers: v.headers })),
  ) as unknown;

describe('realip explain on the shared vectors', () => {
  test('most vectors can be asked on the command line', () => {
    expect(cliVectors.length).toBeGreaterThan(200);
  });

  test.each(cliVectors.map((v) => [v.id, v] as const))('%s (in process)', async (_id, v) => {
    const { code, stdout, stderr } = await realipInProcess(argsFor(v));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { result: unknown }).result).toEqual(expectedFor(v));
  });

  // Every 15th vector also runs as a real process (each costs a Node start-up).
  test.each(cliVectors.filter((_, i) => i % 15 === 0).map((v) => [v.id, v] as const))(
    '%s (as a process)',
    (_id, v) => {
      const { code, stdout } = realip(argsFor(v));
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as { result: unknown }).result).toEqual(expectedFor(v));
    },
  );
});

describe('realip explain', () => {
  test('prints the walk as a table, plain when piped', () => {
    const { code, stdout } = realip([
      'explain',
      '--peer',
      '10.0.0.2',
      '--trust',
      'private',
      '--header',
      'X-Forwarded-For: 6.6.6.6, 198.51.100.9, 10.0.0.1',
    ]);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toMatch(
      /^0 +socket +10\.0\.0\.2 +10\.0\.0\.2 +trusted +private \(10\.0\.0\.0\/8\)$/m,
    );
    expect(stdout).toMatch(
      /^2 +x-forwarded-for +198\.51\.100\.9 +198\.51\.100\.9 +untrusted +not in trust +<- client$/m,
    );
    expect(stdout).toMatch(/^client: 198\.51\.100\.9 +\(source x-forwarded-for, 2 hops walked\)$/m);
    expect(stdout).toMatch(/^why: +untrusted: stopped at the first hop that is not trusted$/m);
  });

  test('is coloured when asked (as on a TTY)', () => {
    const { stdout } = realip(
      ['explain', '--peer', '10.0.0.2', '-H', 'X-Forwarded-For: 1.2.3.4'],
      '',
      { NO_COLOR: undefined, FORCE_COLOR: '1' },
    );
    expect(stdout).toContain('\u001b[32m');
  });

  test('reads a captured request from stdin', () => {
    const captured =
      'GET / HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 198.51.100.9, 10.0.0.7\r\n\r\nbody: ignored\r\n';
    const { code, stdout } = realip(['explain', '--peer', '10.0.0.2', '--json'], captured);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      result: { ip: string; hops: number };
      input: { headers: Record<string, unknown> };
    };
    expect(out.result).toMatchObject({ ip: '198.51.100.9', hops: 2 });
    expect(out.input.headers).toEqual({
      host: 'shop.example',
      'x-forwarded-for': ['6.6.6.6', '198.51.100.9, 10.0.0.7'],
    });
  });

  test('takes TRUST_PROXY from the environment and --trust-proxy values', () => {
    const viaEnv = realip(
      ['explain', '--json', '--peer', '10.0.0.2', '-H', 'X-Forwarded-For: 6.6.6.6, 198.51.100.9'],
      '',
      { TRUST_PROXY: '2' },
    );
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({
      trustFrom: 'TRUST_PROXY="2"',
      result: { ip: '6.6.6.6', hops: 2 },
    });
    const viaFlag = realip([
      'explain',
      '--json',
      '--peer',
      '10.0.0.2',
      '--trust-proxy',
      'false',
      '-H',
      'X-Forwarded-For: 1.1.1.1',
    ]);
    expect(JSON.parse(viaFlag.stdout)).toMatchObject({ result: { ip: '10.0.0.2', hops: 0 } });
  });

  test.each([
    [['explain'], /required option '--peer <address>' not specified/],
    [
      ['explain', '--peer', '10.0.0.1', '--trust', '1'],
      /realip: @realip\/core: trust\[0\] "1": it looks like a hop count/,
    ],
    [['explain', '--peer', '10.0.0.1', '--hops', 'two'], /hops "two": must be a whole number/],
    [
      ['explain', '--peer', '10.0.0.1', '--trust-proxy', 'localhost'],
      /--trust-proxy \(trust\[0\]\) "localhost"/,
    ],
    [['explain', '--peer', '10.0.0.1', '--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('bad input %j exits 2 with a message', (args, message) => {
    const { code, stderr } = realip(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test.each([['--help'], ['explain', '--help'], ['doctor', '--help']])(
    '%j prints usage and exits 0',
    (...args) => {
      const { code, stdout } = realip(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: realip/m);
    },
  );
});

describe('realip explain hints at the usual misconfigurations', () => {
  test.each([
    [
      'the proxy is not trusted, so its header is ignored',
      ['--peer', '203.0.113.10', '--trust', 'loopback', '-H', 'X-Forwarded-For: 198.51.100.9'],
      'hint:   the peer 203.0.113.10 is not trusted, so no header was read; if it is your proxy, add it to --trust',
    ],
    [
      'trust: true lets a direct client choose its address',
      ['--peer', '198.51.100.66', '--trust', 'true', '-H', 'X-Forwarded-For: 6.6.6.6'],
      'hint:   trust: true believes every entry, so the leftmost wins and any client can choose its address',
    ],
    [
      'the trusted proxy does not add the header',
      ['--peer', '10.0.0.2', '--trust', 'private'],
      'hint:   the peer is trusted but sent no x-forwarded-for entry: is the proxy adding the header',
    ],
    [
      'a trusted proxy forwards garbage',
      ['--peer', '10.0.0.2', '-H', 'X-Forwarded-For: 198.51.100.9, unknown'],
      'hint:   a proxy you trust wrote something that is not an address',
    ],
    [
      'every entry is a trusted proxy',
      ['--peer', '10.0.0.2', '-H', 'X-Forwarded-For: 10.0.0.7, 10.0.0.1'],
      'hint:   every entry was trusted: if the leftmost is a proxy of yours, the client address never arrived',
    ],
  ])('%s', async (_title, args, hint) => {
    const { code, stdout } = await realipInProcess(['explain', ...args]);
    expect(code).toBe(0);
    expect(stdout).toContain(hint);
  });

  test('no hint when the walk found a client behind trusted proxies', async () => {
    const { stdout } = await realipInProcess([
      'explain',
      '--peer',
      '10.0.0.2',
      '-H',
      'X-Forwarded-For: 6.6.6.6, 198.51.100.9',
    ]);
    expect(stdout).not.toContain('hint:');
  });

  test('a hop count given as a trust entry ("1") is refused with the fix', async () => {
    const { code, stderr } = await realipInProcess([
      'explain',
      '--peer',
      '10.0.0.2',
      '--trust',
      '1',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('"1": it looks like a hop count, not an address. Use hops: 1');
  });
});

describe('realip doctor', () => {
  test.each([
    [['--trust', 'true'], 1, /danger +trust: true trusts every hop/],
    [['--trust', 'true', '--hops', '1'], 1, /peer-blind hop count/],
    [
      ['--trust', '10.0.0.0/8', '--hops', '2'],
      0,
      /warn +hops: 2 counts proxies after a trusted peer/,
    ],
    [['--trust', '8.0.0.0/7'], 1, /danger +8\.0\.0\.0\/7 trusts a huge public range \(\/7\)/],
    [['--trust', '2001:db8::/48'], 0, /warn +2001:db8::\/48 is public address space/],
    [['--trust', 'loopback'], 0, /ok +no risky trust setting found/],
    [[], 0, /note +the default trust "private" believes every machine on your private networks/],
    [
      ['-H', 'cf-connecting-ip', '--trust', '173.245.48.0/20'],
      0,
      /cf-connecting-ip is believed from every trusted peer/,
    ],
  ])('%j', async (args, exitCode, finding) => {
    const { code, stdout } = await realipInProcess(['doctor', ...args]);
    expect(code).toBe(exitCode);
    expect(stdout).toMatch(finding);
  });

  test('--json lists the findings', () => {
    const { code, stdout } = realip(['doctor', '--json', '--trust', 'true']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      trustFrom: '--trust',
      findings: [{ level: 'danger' }],
    });
  });
});

describe("realip doctor's layer-4 check (TOA kernel module)", () => {
  // A /proc of our own making per case: the files toaModuleStatus() reads, as kernels write them.
  const MODULES = 'nf_conntrack 172032 2 nf_nat, Live 0x0000000000000000\n';
  const STATS = (toa: number) =>
    `                 CPU0       CPU1\nsyn_recv_sock_toa        :  ${toa}  0\nsyn_recv_sock_no_toa     :  3  1\n`;
  let proc: string;
  beforeEach(() => {
    proc = mkdtempSync(path.join(tmpdir(), 'realip-cli-proc-'));
    mkdirSync(path.join(proc, 'net'));
  });
  afterEach(() => rmSync(proc, { recursive: true, force: true }));

  // The whole section when a TOA module is active or --layer4 asks; one line otherwise.
  test.each([
    [
      'a kernel without modules, --layer4',
      {},
      ['--layer4'],
      /note +no TOA module: this kernel cannot load modules .*\n +Connections from a layer-4 proxy show the proxy as socket\.remoteAddress/,
    ],
    [
      'no TOA module loaded, --layer4',
      { modules: MODULES },
      ['--layer4'],
      /note +no TOA module loaded\n/,
    ],
    [
      'toa loaded and used',
      { modules: `${MODULES}toa 20480 0 - Live 0x0 (OE)\n`, 'net/toa_stats': STATS(42) },
      [],
      /ok +TOA module loaded \(toa\): 42 connection\(s\) carried a TOA option\n/,
    ],
    [
      'vtoa built in, never used',
      { modules: MODULES, 'net/vtoa_stats': STATS(0) },
      [],
      /warn +TOA module loaded \(built into the kernel\): 0 connection\(s\).*\n +No connection has carried a TOA option yet/,
    ],
  ])('%s', (_title, files: Record<string, string>, flags, report) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(proc, name), text);
    const { code, stdout } = realip(['doctor', '--trust', 'loopback', '--proc', proc, ...flags]);
    expect(code).toBe(0); // layer 4 informs; only a trust danger fails the check
    expect(stdout).toContain(`layer 4 (TOA kernel module, from ${proc})\n`);
    expect(stdout).toMatch(report);
  });

  test.each([
    ['a kernel without modules', {}, 'no TOA module: this kernel cannot load modules'],
    ['no TOA module loaded', { modules: MODULES }, 'no TOA module loaded'],
  ])(
    '%s (an HTTP-only host): one line, no advice',
    async (_title, files: Record<string, string>, summary) => {
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(proc, name), text);
      const { code, stdout } = await realipInProcess([
        'doctor',
        '--trust',
        'loopback',
        '--proc',
        proc,
      ]);
      expect(code).toBe(0);
      const layer4 = stdout.slice(stdout.indexOf('layer 4'));
      expect(layer4).toMatch(
        new RegExp(`^layer 4 note +${summary}.*--layer4 for what it means\\)\\n$`),
      );
    },
  );

  test('--json carries what toaModuleStatus() found', () => {
    writeFileSync(path.join(proc, 'modules'), `${MODULES}toa 20480 0 - Live 0x0 (OE)\n`);
    writeFileSync(path.join(proc, 'net', 'toa_stats'), STATS(7));
    const { stdout } = realip(['doctor', '--json', '--proc', proc]);
    expect(JSON.parse(stdout)).toMatchObject({
      layer4: {
        level: 'ok',
        status: {
          loaded: true,
          modules: [{ name: 'toa', state: 'Live' }],
          counters: { syn_recv_sock_toa: 7, syn_recv_sock_no_toa: 4 },
        },
      },
    });
  });

  test('checks this host by default', async () => {
    const { stdout } = await realipInProcess(['doctor']);
    expect(stdout).toMatch(
      /layer 4 \(TOA kernel module, from \/proc\)\n {2}(warn|ok) +\S|layer 4 note +\S.*\(from \/proc; --layer4/,
    );
  });
});

describe('realip explain --peer takes an IP address only', () => {
  test.each([
    ['not-an-ip', 'It is a name, not an address'],
    [
      'localhost',
      'It is a name, not an address: give the address the server sees (127.0.0.1 or ::1',
    ],
    ['1.2.3.4.5', 'It is not a dotted-quad IPv4 address'],
    ['[::1]:443', 'It has a port or brackets: give the address alone (::1).'],
    ['192.0.2.1:8080', 'It has a port or brackets: give the address alone (192.0.2.1).'],
    [
      '010.0.0.1',
      'It is not a dotted-quad IPv4 address (four decimal numbers 0-255, no leading zeros).',
    ],
    ['', 'It is empty'],
  ])('%j: a usage error naming the value', async (peer, message) => {
    const { code, stdout, stderr } = await realipInProcess(['explain', '--peer', peer]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`option '--peer <address>' argument '${peer}' is invalid. ${message}`);
  });

  test.each([['10.0.0.2'], ['2001:db8::1'], ['::ffff:10.0.0.1'], ['fe80::1%eth0']])(
    '%j is accepted',
    async (peer) => {
      const { code } = await realipInProcess([
        'explain',
        '--peer',
        peer,
        '-H',
        'X-Real-IP: 1.1.1.1',
      ]);
      expect(code).toBe(0);
    },
  );
});

describe('realip --version', () => {
  const { version } = JSON.parse(
    readFileSync(path.join(root, 'packages/cli/package.json'), 'utf8'),
  ) as { version: string };
  test.each([
    ['the bin in src', bin, version],
    ['the bin in bin/', path.join(root, 'packages/cli/bin/realip.js'), version],
    ['no script', undefined, undefined],
    ['a path that does not exist', path.join(tmpdir(), 'no-such-realip', 'bin.js'), undefined],
    ['a script outside the package', path.join(root, 'package.json'), undefined],
  ])('packageVersion(%s)', (_title, script, expected) => {
    expect(packageVersion(script)).toBe(expected);
  });

  test.each([['--version'], ['-V']])('%s prints the package version', (flag) => {
    const { code, stdout } = realip([flag]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });
});

describe('realip explain --protocol / --host: the value, or why none was taken', () => {
  const xff = (value: string) => ['-H', `X-Forwarded-For: ${value}`];
  test.each([
    [
      'no such header',
      ['--protocol', '--host', ...xff('198.51.100.9')],
      [
        'protocol: none taken: no x-forwarded-proto header',
        'host:     none taken: no x-forwarded-host header',
      ],
    ],
    [
      'fewer elements than hops walked (only the nearest proxy set it)',
      ['--protocol', ...xff('198.51.100.9, 10.0.0.1'), '-H', 'X-Forwarded-Proto: https'],
      ['protocol: none taken: x-forwarded-proto has 1 element, fewer than the 2 hops walked'],
    ],
    [
      'an invalid value',
      [
        '--protocol',
        '--host',
        ...xff('198.51.100.9'),
        '-H',
        'X-Forwarded-Proto: javascript',
        '-H',
        'X-Forwarded-Host: a b',
      ],
      [
        'protocol: none taken: x-forwarded-proto element 1 from the right, "javascript", is not http or https',
        'host:     none taken: x-forwarded-host element 1 from the right, "a b", is not a host[:port]',
      ],
    ],
    [
      'taken: the value and where from',
      ['--protocol', ...xff('198.51.100.9'), '-H', 'X-Forwarded-Proto: https'],
      ['protocol: https  ("https" from x-forwarded-proto element 1 from the right)'],
    ],
    [
      'the answer is the peer',
      ['--protocol', '--trust', 'loopback', ...xff('198.51.100.9')],
      ['protocol: none taken: the answer is the socket peer, which forwarded nothing'],
    ],
    [
      'Forwarded without proto=',
      ['--protocol', '-H', 'forwarded', '-H', 'Forwarded: for=198.51.100.9'],
      ["protocol: none taken: the answer's Forwarded element has no proto= parameter"],
    ],
    [
      'Forwarded with a bad proto=',
      ['--protocol', '-H', 'forwarded', '-H', 'Forwarded: for=198.51.100.9;proto=ftp'],
      ['protocol: none taken: proto="ftp" in the answer\'s Forwarded element is not http or https'],
    ],
  ])('%s', async (_title, args, lines) => {
    const { code, stdout } = await realipInProcess(['explain', '--peer', '10.0.0.2', ...args]);
    expect(code).toBe(0);
    for (const line of lines) expect(stdout).toContain(`\n${line}`);
  });

  test('--json carries the notes', async () => {
    const { stdout } = await realipInProcess([
      'explain',
      '--json',
      '--peer',
      '10.0.0.2',
      '--host',
      '-H',
      'X-Forwarded-For: 1.2.3.4',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({
      hostNote: 'none taken: no x-forwarded-host header',
    });
  });

  test('nothing is said when neither option is on', async () => {
    const { stdout } = await realipInProcess([
      'explain',
      '--peer',
      '10.0.0.2',
      '-H',
      'X-Forwarded-For: 1.2.3.4',
    ]);
    expect(stdout).not.toMatch(/^(protocol|host):/m);
  });
});

describe('realip explain --trust true --hops 1: the answer came from the hop count', () => {
  test('no "leftmost wins" hint; the peer-blind hop count is named instead', async () => {
    const { stdout } = await realipInProcess([
      'explain',
      '--peer',
      '198.51.100.66',
      '--trust',
      'true',
      '--hops',
      '1',
      '-H',
      'X-Forwarded-For: 6.6.6.6, 1.2.3.4',
    ]);
    expect(stdout).toContain('client: 1.2.3.4');
    expect(stdout).not.toContain('the leftmost wins');
    expect(stdout).toContain('hint:   with trust: true the hop count starts at any peer');
  });
});

describe('realip explain reads standard input only when asked or when it holds data', () => {
  /** main() with a stdin of our making; records whether it was read. */
  interface Stdin {
    tty: boolean;
    ready?: boolean;
    text?: string;
  }
  async function run(args: string[], stdin: Stdin) {
    let stdout = '';
    let stderr = '';
    let read = false;
    const code = await main({
      args,
      env: {},
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readStdin: () => ((read = true), Promise.resolve(stdin.text ?? '')),
      ...(stdin.ready === undefined ? {} : { stdinReady: () => Promise.resolve(stdin.ready!) }),
      stdinIsTTY: stdin.tty,
      stdoutIsTTY: false,
    });
    return { code, stdout, stderr, read };
  }
  const captured = 'X-Forwarded-For: 198.51.100.9\n';
  const peer = ['explain', '--peer', '10.0.0.2'];

  test.each<[string, string[], Stdin, boolean, string]>([
    ['a pipe holding data', [], { tty: false, ready: true, text: captured }, true, ''],
    [
      'an empty pipe: not waited for',
      [],
      { tty: false, ready: false },
      false,
      'not waiting for it',
    ],
    ['a terminal', [], { tty: true }, false, ''],
    ['-H lines given', ['-H', 'X-Real-IP: 1.1.1.1'], { tty: false, ready: true }, false, ''],
    [
      '--stdin on a terminal: says what it waits for',
      ['--stdin'],
      { tty: true, ready: false, text: captured },
      true,
      'waiting for a captured request on standard input (its header lines; end with Ctrl-D)',
    ],
    [
      '"-" on a terminal',
      ['-'],
      { tty: true, ready: false, text: captured },
      true,
      'end with Ctrl-D',
    ],
    [
      '--stdin on an empty pipe: waits, and says so',
      ['--stdin'],
      { tty: false, ready: false, text: captured },
      true,
      'until the writer closes it',
    ],
    [
      '--stdin with data: reads it, silently',
      ['--stdin'],
      { tty: false, ready: true, text: captured },
      true,
      '',
    ],
  ])('%s', async (_title, args, stdin, read, message) => {
    const r = await run([...peer, ...args], stdin);
    expect(r.code).toBe(0);
    expect(r.read).toBe(read);
    if (message === '') expect(r.stderr).toBe('');
    else expect(r.stderr).toContain(message);
    if (read && stdin.text === captured) expect(r.stdout).toContain('client: 198.51.100.9');
  });

  test('any other argument is a usage error', async () => {
    const r = await run([...peer, 'captured.txt'], { tty: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unexpected argument "captured.txt": only "-"');
  });

  // The process, with a stdin pipe that stays open and empty (`sleep 8 | realip explain ...`):
  // it must answer and exit without waiting for the writer. Before, it never exited.
  test('as a process: an open, silent stdin pipe does not hold the command', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', bin, ...peer], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: 'tsconfig.test.json',
        NO_COLOR: '1',
        TRUST_PROXY: undefined,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    child.stdin.destroy();
    expect(code).toBe(0);
    expect(stdout).toContain('client: 10.0.0.2');
    expect(stderr).toContain('standard input is empty so far; not waiting for it');
  }, 20_000);

  test('as a process: a file on stdin is read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'realip-cli-stdin-'));
    const file = path.join(dir, 'captured.txt');
    writeFileSync(file, captured);
    const result = spawnSync(process.execPath, ['--import', 'tsx', bin, ...peer], {
      cwd: root,
      stdio: [openSync(file, 'r'), 'pipe', 'pipe'],
      encoding: 'utf8',
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: 'tsconfig.test.json',
        NO_COLOR: '1',
        TRUST_PROXY: undefined,
      },
    });
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('client: 198.51.100.9');
  });
});
