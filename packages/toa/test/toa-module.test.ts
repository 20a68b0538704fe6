import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toaModuleStatus } from '@realip/toa';

const MODULES = [
  'nf_conntrack 172032 2 nf_nat,xt_conntrack, Live 0x0000000000000000',
  'tcp_diag 16384 0 - Live 0x0000000000000000',
].join('\n');

/** The layout Tencent's `toa_stats_show` prints: a CPU header, then `%-25s:` and `%10lu ` per CPU. */
const TOA_STATS = [
  '                                  CPU0       CPU1       ',
  'syn_recv_sock_toa        :        12          30 ',
  'syn_recv_sock_no_toa     :         1           0 ',
  'getname_toa_ok           :        40          2 ',
].join('\n');

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'realip-proc-'));
  mkdirSync(join(root, 'net'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('toaModuleStatus', () => {
  test('no module: says the proxy shows as the peer', () => {
    writeFileSync(join(root, 'modules'), MODULES);
    const s = toaModuleStatus({ platform: 'linux', procRoot: root });
    expect(s).toMatchObject({ checked: true, loaded: false, modules: [], statsFile: undefined });
    expect(s.summary).toBe('no TOA module loaded');
    expect(s.advice.join(' ')).toMatch(/toa-not-effective/);
  });

  test.each([['toa'], ['vtoa']])('module %s loaded, counters show TOA traffic', (name) => {
    writeFileSync(
      join(root, 'modules'),
      `${MODULES}\n${name} 20480 0 - Live 0x0000000000000000 (OE)`,
    );
    writeFileSync(join(root, 'net', name === 'toa' ? 'toa_stats' : 'vtoa_stats'), TOA_STATS);
    const s = toaModuleStatus({ platform: 'linux', procRoot: root });
    expect(s).toMatchObject({
      checked: true,
      loaded: true,
      modules: [{ name, state: 'Live' }],
      counters: { syn_recv_sock_toa: 42, syn_recv_sock_no_toa: 1, getname_toa_ok: 42 },
    });
    expect(s.summary).toBe(`TOA module loaded (${name}): 42 connection(s) carried a TOA option`);
  });

  test('built into the kernel: found by its counters alone; zero TOA traffic is flagged', () => {
    writeFileSync(join(root, 'modules'), MODULES);
    writeFileSync(
      join(root, 'net', 'toa_stats'),
      TOA_STATS.replace(/ 12 /, ' 0 ').replace(/ 30 /, ' 0 '),
    );
    const s = toaModuleStatus({ platform: 'linux', procRoot: root });
    expect(s.loaded).toBe(true);
    expect(s.summary).toBe(
      'TOA module loaded (built into the kernel): 0 connection(s) carried a TOA option',
    );
    expect(s.advice[0]).toMatch(/No connection has carried a TOA option yet/);
  });

  test('a module whose name merely contains "toa" is not taken for one', () => {
    writeFileSync(join(root, 'modules'), `${MODULES}\nstoat 1 0 - Live 0x0`);
    expect(toaModuleStatus({ platform: 'linux', procRoot: root }).loaded).toBe(false);
  });

  test('no /proc/modules (a kernel without loadable modules): a definite no', () => {
    const s = toaModuleStatus({ platform: 'linux', procRoot: root });
    expect(s).toMatchObject({ checked: true, loaded: false });
    expect(s.summary).toBe(`no TOA module: this kernel cannot load modules (no ${root}/modules)`);
  });

  test('an unreadable /proc/modules: checked is false, nothing thrown', () => {
    mkdirSync(join(root, 'modules')); // reading a directory fails with EISDIR
    const s = toaModuleStatus({ platform: 'linux', procRoot: root });
    expect(s).toMatchObject({ checked: false, loaded: false });
    expect(s.summary).toBe(`could not read ${root}/modules`);
  });

  test.each([['darwin'], ['win32']])('%s: TOA does not exist there', (platform) => {
    const s = toaModuleStatus({ platform, procRoot: root });
    expect(s).toMatchObject({ platform, checked: false, loaded: false });
    expect(s.advice.join(' ')).toMatch(/PROXY protocol/);
  });

  test('this host: runs without root and answers', () => {
    const s = toaModuleStatus();
    expect(s.platform).toBe(process.platform);
    expect(typeof s.summary).toBe('string');
  });
});
