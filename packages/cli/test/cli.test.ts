import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createResolver, type RealIpOptions } from '@realip/core';
import { main } from '@realip/cli';
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

/** Runs `main` in this process with the same arguments. */
async function realipInProcess(args: string[], input = '') {
  let stdout = '';
  let stderr = '';
  const code = await main({
    args,
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(input),
    stdinIsTTY: false,
    stdoutIsTTY: false,
  });
  return { code, stdout, stderr };
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

  test.each([
    [
      'a kernel without modules',
      {},
      /note +no TOA module: this kernel cannot load modules .*\n +Connections from a layer-4 proxy show the proxy as socket\.remoteAddress/,
    ],
    ['no TOA module loaded', { modules: MODULES }, /note +no TOA module loaded\n/],
    [
      'toa loaded and used',
      { modules: `${MODULES}toa 20480 0 - Live 0x0 (OE)\n`, 'net/toa_stats': STATS(42) },
      /ok +TOA module loaded \(toa\): 42 connection\(s\) carried a TOA option\n/,
    ],
    [
      'vtoa built in, never used',
      { modules: MODULES, 'net/vtoa_stats': STATS(0) },
      /warn +TOA module loaded \(built into the kernel\): 0 connection\(s\).*\n +No connection has carried a TOA option yet/,
    ],
  ])('%s', (_title, files: Record<string, string>, report) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(proc, name), text);
    const { code, stdout } = realip(['doctor', '--trust', 'loopback', '--proc', proc]);
    expect(code).toBe(0); // layer 4 informs; only a trust danger fails the check
    expect(stdout).toContain(`layer 4 (TOA kernel module, from ${proc})\n`);
    expect(stdout).toMatch(report);
  });

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
    expect(stdout).toMatch(/layer 4 \(TOA kernel module, from \/proc\)\n {2}(note|warn|ok) +\S/);
  });
});
