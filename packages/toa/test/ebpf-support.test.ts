/**
 * `checkEbpfSupport()` on hosts described by fixtures: each requirement missing alone gives its
 * code and a fix; the mounts are found by filesystem type, wherever they are mounted. No root
 * needed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEbpfSupport, type EbpfProbe } from '@realip/toa';

const MOUNTS_V2 = [
  'sysfs /sys sysfs rw,nosuid 0 0',
  'cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid 0 0',
  'bpf /sys/fs/bpf bpf rw,nosuid 0 0',
].join('\n');
const MOUNTS_V1 = ['sysfs /sys sysfs rw 0 0', 'cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0'].join(
  '\n',
);
const ROOT_CAPS = 'Name:\tnode\nCapEff:\t000001ffffffffff\n';
const BPF_CAPS = `CapEff:\t${((1n << 39n) | (1n << 38n) | (1n << 12n)).toString(16).padStart(16, '0')}\n`;
const NO_CAPS = 'CapEff:\t0000000000000000\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'realip-ebpf-'));
  mkdirSync(join(dir, 'self'));
  writeFileSync(join(dir, 'btf'), '');
  writeFileSync(join(dir, 'toa.bpf.o'), '');
  writeFileSync(join(dir, 'bpftool'), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function probe(mounts: string, status: string, extra: Partial<EbpfProbe> = {}): EbpfProbe {
  writeFileSync(join(dir, 'self', 'mounts'), mounts);
  writeFileSync(join(dir, 'self', 'status'), status);
  return {
    platform: 'linux',
    release: '6.1.0-13-amd64',
    procRoot: dir,
    btf: join(dir, 'btf'),
    bpftool: join(dir, 'bpftool'),
    object: join(dir, 'toa.bpf.o'),
    ...extra,
  };
}

describe('checkEbpfSupport', () => {
  test.each([
    ['root', ROOT_CAPS],
    ['CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN', BPF_CAPS],
  ])('a host with everything (%s) is ok, mounts found by type', (_, caps) => {
    const support = checkEbpfSupport(probe(MOUNTS_V2, caps));
    expect(support).toMatchObject({
      ok: true,
      cgroup2: '/sys/fs/cgroup/unified',
      bpffs: '/sys/fs/bpf',
      problems: [],
    });
  });

  test('a cgroup2 mount with an escaped space in its path', () => {
    const support = checkEbpfSupport(probe('none /srv/my\\040cgroups cgroup2 rw 0 0', ROOT_CAPS));
    expect(support.cgroup2).toBe('/srv/my cgroups');
  });

  test.each<[string, () => EbpfProbe, string, RegExp]>([
    [
      'kernel 5.4',
      () => probe(MOUNTS_V2, ROOT_CAPS, { release: '5.4.0-150-generic' }),
      'kernel-too-old',
      /older than 5\.10.*PROXY protocol/,
    ],
    [
      'kernel 4.19',
      () => probe(MOUNTS_V2, ROOT_CAPS, { release: '4.19.0' }),
      'kernel-too-old',
      /4\.19\.0 is older/,
    ],
    [
      'no BTF',
      () => probe(MOUNTS_V2, ROOT_CAPS, { btf: join(dir, 'nope') }),
      'no-btf',
      /CONFIG_DEBUG_INFO_BTF/,
    ],
    [
      'cgroup v1 only',
      () => probe(MOUNTS_V1, ROOT_CAPS),
      'cgroup-v1-only',
      /only cgroup v1.*unified_cgroup_hierarchy/,
    ],
    ['not root', () => probe(MOUNTS_V2, NO_CAPS), 'not-root', /needs root.*ExecStartPre=\+/],
    [
      'no bpftool',
      () => probe(MOUNTS_V2, ROOT_CAPS, { bpftool: null }),
      'no-bpftool',
      /apt-get install bpftool/,
    ],
    [
      'no object',
      () => probe(MOUNTS_V2, ROOT_CAPS, { object: join(dir, 'nope.o') }),
      'no-object',
      /Reinstall @realip\/toa/,
    ],
    [
      'not Linux',
      () => probe(MOUNTS_V2, ROOT_CAPS, { platform: 'darwin' }),
      'not-linux',
      /PROXY protocol/,
    ],
  ])('%s: one problem, its code and how to fix it', (_, make, code, text) => {
    const support = checkEbpfSupport(make());
    expect(support.ok).toBe(false);
    expect(support.problems.map((p) => p.code)).toEqual([code]);
    expect(`${support.problems[0]!.problem}: ${support.problems[0]!.fix}`).toMatch(text);
  });
});
