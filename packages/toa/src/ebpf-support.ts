/**
 * Can this host run the eBPF TOA receiver? Every requirement is read from the system, never
 * guessed from a path: the kernel release (>= 5.10: the TCP header-option API, the youngest piece;
 * see the minimum-kernel table in the README), BTF (`/sys/kernel/btf/vmlinux`, for CO-RE),
 * a cgroup v2 hierarchy and bpffs found by filesystem type in `/proc/self/mounts`, the
 * capabilities to load programs, bpftool, and the compiled object.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { release } from 'node:os';
import { findBpftool } from './bpftool.js';
import { ebpfObjectPath } from './ebpf-object.js';
import { ToaEbpfError, type ToaEbpfErrorCode } from './ebpf-error.js';

/** The oldest kernel with every hook the receiver uses. */
const MINIMUM: readonly [number, number] = [5, 10];

/** Capability bits (linux/capability.h). */
const CAP_NET_ADMIN = 12;
const CAP_SYS_ADMIN = 21;
const CAP_PERFMON = 38;
const CAP_BPF = 39;

/** Where to look; tests point these at fixtures. Every field defaults to this host. */
export interface EbpfProbe {
  /** @defaultValue `process.platform` */
  readonly platform?: string;
  /** The kernel release, e.g. `'6.1.0-13-amd64'`. @defaultValue `os.release()` */
  readonly release?: string;
  /** @defaultValue `'/proc'` */
  readonly procRoot?: string;
  /** @defaultValue `'/sys/kernel/btf/vmlinux'` */
  readonly btf?: string;
  /** The bpftool binary; `null` for none. @defaultValue found on PATH or in the sbin dirs */
  readonly bpftool?: string | null;
  /** The compiled receiver. @defaultValue the one shipped in this package */
  readonly object?: string;
}

/** One unmet requirement: what and how to fix it. */
export interface EbpfProblem {
  readonly code: ToaEbpfErrorCode;
  readonly problem: string;
  readonly fix: string;
}

/** What {@link checkEbpfSupport} found. */
export interface EbpfSupport {
  /** Every requirement is met (bpffs may still need mounting: `bpffs` undefined, `mountBpffs`). */
  readonly ok: boolean;
  readonly release: string;
  /** The cgroup v2 mount point, e.g. `/sys/fs/cgroup` or `/sys/fs/cgroup/unified`. */
  readonly cgroup2: string | undefined;
  /** The bpffs mount point, if one is mounted. */
  readonly bpffs: string | undefined;
  /** bpffs is not mounted but can be, at this directory. */
  readonly mountBpffs: string | undefined;
  readonly bpftool: string | undefined;
  readonly object: string | undefined;
  readonly problems: readonly EbpfProblem[];
}

/**
 * Checks every requirement of the receiver; never throws.
 *
 * @example
 * ```ts
 * const support = checkEbpfSupport();
 * if (!support.ok) for (const p of support.problems) console.error(`${p.problem}: ${p.fix}`);
 * // kernel 5.4.0 is older than 5.10: upgrade the kernel (Debian 11+, Ubuntu 22.04+, RHEL 9), or use the PROXY protocol
 * ```
 */
export function checkEbpfSupport(probe: EbpfProbe = {}): EbpfSupport {
  const platform = probe.platform ?? process.platform;
  const kernel = probe.release ?? release();
  const proc = probe.procRoot ?? '/proc';
  const problems: EbpfProblem[] = [];
  const add = (code: ToaEbpfErrorCode, problem: string, fix: string) =>
    problems.push({ code, problem, fix });
  if (platform !== 'linux') {
    add('not-linux', `eBPF TOA needs Linux, this is ${platform}`, 'Use the PROXY protocol');
    return result(false, kernel, undefined, undefined, undefined, undefined, undefined, problems);
  }

  const [major, minor] = kernel.split(/[.-]/).map(Number);
  if (
    major === undefined ||
    minor === undefined ||
    Number.isNaN(major) ||
    Number.isNaN(minor) ||
    major < MINIMUM[0] ||
    (major === MINIMUM[0] && minor < MINIMUM[1])
  ) {
    add(
      'kernel-too-old',
      `kernel ${kernel} is older than ${MINIMUM.join('.')} (the TCP header-option API)`,
      "Upgrade the kernel (Debian 11+, Ubuntu 22.04+, RHEL 9), use your provider's TOA kernel module (kernels before 5.7), or the PROXY protocol",
    );
  }
  const btf = probe.btf ?? '/sys/kernel/btf/vmlinux';
  if (!existsSync(btf)) {
    add(
      'no-btf',
      `${btf} is missing: this kernel has no BTF (CONFIG_DEBUG_INFO_BTF)`,
      'Use a distribution kernel built with BTF (Debian 11+, Ubuntu 20.10+, RHEL 8.2+)',
    );
  }

  const mounts = readText(`${proc}/self/mounts`) ?? '';
  const mountsOf = (type: string) =>
    mounts
      .split('\n')
      .map((line) => line.split(' '))
      .filter((fields) => fields[2] === type)
      .map((fields) => unescapeMount(fields[1]!));
  const cgroup2 = mountsOf('cgroup2')[0];
  if (cgroup2 === undefined) {
    add(
      'cgroup-v1-only',
      mountsOf('cgroup').length > 0
        ? 'only cgroup v1 is mounted: the receiver attaches to a cgroup v2'
        : 'no cgroup v2 filesystem is mounted',
      'Boot with systemd.unified_cgroup_hierarchy=1 (or mount -t cgroup2 none /sys/fs/cgroup/unified)',
    );
  }
  const bpffs = mountsOf('bpf')[0];
  const mountBpffs = bpffs === undefined && isDirectory('/sys/fs/bpf') ? '/sys/fs/bpf' : undefined;
  if (bpffs === undefined && mountBpffs === undefined) {
    add(
      'no-bpffs',
      'no bpf filesystem is mounted and /sys/fs/bpf does not exist',
      'mount -t bpf bpf /sys/fs/bpf',
    );
  }

  const caps = capabilities(readText(`${proc}/self/status`));
  const has = (bit: number) => (caps >> BigInt(bit)) & 1n;
  if (!has(CAP_SYS_ADMIN) && !(has(CAP_BPF) && has(CAP_NET_ADMIN) && has(CAP_PERFMON))) {
    add(
      'not-root',
      'loading eBPF programs needs root (CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON, or CAP_SYS_ADMIN)',
      'Run it as root (sudo, or a systemd ExecStartPre=+...); the service itself can run as any user',
    );
  }

  const tool = probe.bpftool === undefined ? findBpftool() : (probe.bpftool ?? undefined);
  if (tool === undefined) {
    add(
      'no-bpftool',
      'bpftool is not installed',
      'apt-get install bpftool (Debian/Ubuntu: bpftool or linux-tools-common), dnf install bpftool (RHEL/Fedora)',
    );
  }
  const object = probe.object ?? ebpfObjectPath();
  if (object === undefined || !existsSync(object)) {
    add(
      'no-object',
      `the compiled receiver (toa.bpf.o) is not in this install${object ? ` (${object})` : ''}`,
      'Reinstall @realip/toa from npm (the object ships in it), or build it: npm run build -w @realip/toa with clang and bpftool installed',
    );
  }
  return result(problems.length === 0, kernel, cgroup2, bpffs, mountBpffs, tool, object, problems);
}

/**
 * Throws the host's problems (those with one of `codes`, or all) as one {@link ToaEbpfError}:
 * the first one's code, every fix. Returns the support when there are none.
 *
 * @example
 * ```ts
 * const host = requireSupport(checkEbpfSupport(), ['not-root', 'no-bpftool']);
 * ```
 */
export function requireSupport(
  support: EbpfSupport,
  codes?: readonly ToaEbpfErrorCode[],
): EbpfSupport {
  const problems = support.problems.filter((p) => codes === undefined || codes.includes(p.code));
  const [first] = problems;
  if (first === undefined) return support;
  throw new ToaEbpfError(
    first.code,
    problems.map((p) => p.problem).join('; '),
    problems
      .map((p) => `${p.fix}.`)
      .join(' ')
      .replace(/\.$/, ''),
  );
}

/**
 * What reading or removing receivers needs (not the kernel's features: they are there already).
 *
 * @example
 * ```ts
 * requireSupport(checkEbpfSupport(), MANAGE);
 * ```
 */
export const MANAGE: readonly ToaEbpfErrorCode[] = ['not-linux', 'not-root', 'no-bpftool'];

function result(
  ok: boolean,
  kernel: string,
  cgroup2: string | undefined,
  bpffs: string | undefined,
  mountBpffs: string | undefined,
  bpftool: string | undefined,
  object: string | undefined,
  problems: EbpfProblem[],
): EbpfSupport {
  return { ok, release: kernel, cgroup2, bpffs, mountBpffs, bpftool, object, problems };
}

/** The effective capabilities (`CapEff:` in /proc/self/status, hex), 0 when unknown. */
function capabilities(status: string | undefined): bigint {
  const hex = /^CapEff:\s*([0-9a-f]+)$/im.exec(status ?? '')?.[1];
  return hex === undefined ? 0n : BigInt(`0x${hex}`);
}

/** /proc/self/mounts escapes space, tab, newline and backslash as octal (getmntent(3)). */
function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
