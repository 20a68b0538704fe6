/**
 * `attachToa()`: loads the eBPF TOA receiver and attaches it to one cgroup, so every socket that
 * cgroup's processes create from then on reports the client carried in a TOA option (from a
 * trusted source) as its peer. The programs must be attached before the service creates its
 * listening socket: a socket's cgroup is fixed when it is created, and accepted sockets follow
 * their listener (hence `ExecStartPre=` in the README's systemd example).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import type { TrustOption } from '@realip/core';
import { bpftool, bpftoolJson } from './bpftool.js';
import { ToaEbpfError } from './ebpf-error.js';
import {
  bytesOf,
  configValueArgs,
  parseKinds,
  rangeText,
  trustEntryArgs,
  trustRanges,
  type EbpfKind,
  type TrieRange,
} from './ebpf-maps.js';
import {
  PIN_DIR,
  PROGRAMS,
  attachedPrograms,
  pinPath,
  removeReceiver,
  resolveCgroup,
  type CgroupTarget,
} from './ebpf-receiver.js';
import { checkEbpfSupport, requireSupport, type EbpfProbe } from './ebpf-support.js';

/** Options of {@link attachToa}. */
export interface ToaAttachOptions extends CgroupTarget {
  /**
   * The proxy's back-to-origin sources, in the core's `trust` syntax (CIDRs, addresses, named
   * ranges). An option from any other source is ignored and counted as `untrusted`.
   */
  readonly trust: TrustOption;
  /** The option kinds to believe. @defaultValue all: 200, 254, 253, 252, 249 */
  readonly kinds?: readonly number[] | string;
  /** Where to pin. @defaultValue `<bpffs>/realip-toa` */
  readonly pinRoot?: string;
  /** Host facts to check against; tests use it. @defaultValue this host */
  readonly probe?: EbpfProbe;
}

/** What {@link attachToa} did. */
export interface ToaAttachResult {
  /** The cgroup directory. */
  readonly cgroup: string;
  /** The pin directory of this receiver. */
  readonly pins: string;
  readonly kinds: readonly EbpfKind[];
  /** The trusted ranges as the kernel holds them. */
  readonly trust: readonly string[];
  /** It was attached already: its kinds and trust were updated in place. */
  readonly already: boolean;
}

/**
 * Attaches the receiver to a cgroup (or a systemd unit's), or updates its kinds and trust when it
 * is attached already. Needs root. Throws `RealIpConfigError` for a bad trust entry or kind, and
 * {@link ToaEbpfError} when the host cannot run it (the message says how to fix that); on failure
 * nothing is left behind.
 *
 * @example
 * ```ts
 * const result = attachToa({ unit: 'app.service', trust: '203.0.113.0/24', kinds: [200] });
 * console.log(`attached to ${result.cgroup}, pinned at ${result.pins}`);
 * ```
 */
export function attachToa(options: ToaAttachOptions): ToaAttachResult {
  const ranges = trustRanges(options.trust);
  const kinds = parseKinds(options.kinds);
  const host = requireSupport(checkEbpfSupport(options.probe));
  const tool = host.bpftool!;
  // Mounted first, whatever pinRoot says: pins only live on a bpf filesystem, and a directory
  // made under an unmounted /sys/fs/bpf is refused by sysfs (ENOENT), which Node 20's recursive
  // mkdirSync retries for ever instead of failing.
  const bpffs = host.bpffs ?? mountBpffs(host.mountBpffs!);
  const pinRoot = options.pinRoot ?? join(bpffs, PIN_DIR);
  requireOnBpffs(pinRoot, bpffs);
  const cgroup = resolveCgroup(options, host.cgroup2!);
  const pins = pinPath(pinRoot, cgroup.name);
  const already = existsSync(join(pins, 'progs', PROGRAMS[0].name));
  try {
    if (!already) {
      mkdirSync(pins, { recursive: true });
      bpftool(tool, [
        'prog',
        'loadall',
        host.object!,
        join(pins, 'progs'),
        'pinmaps',
        join(pins, 'maps'),
      ]);
    }
    configure(tool, pins, kinds, ranges);
    const attached = attachedPrograms(tool, cgroup.path, pins);
    const missing = PROGRAMS.filter((p) => !attached.has(p.attachType));
    if (missing.length > 0) {
      const lines = missing.map(
        (p) =>
          `cgroup attach ${quote(cgroup.path)} ${p.attachType} pinned ${quote(join(pins, 'progs', p.name))} multi`,
      );
      bpftool(tool, ['batch', 'file', '-'], `${lines.join('\n')}\n`);
    }
  } catch (err) {
    if (!already) removeReceiver(tool, cgroup.path, pins);
    throw err;
  }
  return { cgroup: cgroup.path, pins, kinds, trust: ranges.map(rangeText), already };
}

/** A pin root outside the bpf filesystem could not hold pins: say so before touching it. */
function requireOnBpffs(pinRoot: string, bpffs: string): void {
  const inside = relative(bpffs, pinRoot);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new ToaEbpfError(
      'no-bpffs',
      `pinRoot ${pinRoot} is not on the bpf filesystem (mounted at ${bpffs})`,
      `Pin under ${bpffs}, e.g. pinRoot: '${join(bpffs, PIN_DIR)}', or mount one there: mount -t bpf bpf <dir>`,
    );
  }
}

function mountBpffs(dir: string): string {
  const run = spawnSync('mount', ['-t', 'bpf', 'bpf', dir], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new ToaEbpfError(
      'no-bpffs',
      `could not mount bpffs at ${dir}: ${(run.stderr || run.error?.message || '').trim()}`,
      `mount -t bpf bpf ${dir}`,
    );
  }
  return dir;
}

/** Writes the kinds, then the trust ranges: new ones added before stale ones go, so no gap. */
function configure(tool: string, pins: string, kinds: readonly EbpfKind[], ranges: TrieRange[]) {
  const maps = join(pins, 'maps');
  const config = quote(join(maps, 'toa_config'));
  const trust = quote(join(maps, 'toa_trust'));
  const wanted = new Set(ranges.map((r) => trustEntryArgs(r).join(' ')));
  const present = bpftoolJson<{ key: string[] }[]>(tool, [
    'map',
    'dump',
    'pinned',
    join(maps, 'toa_trust'),
  ]);
  const stale = present
    .map(({ key }) => bytesOf(key))
    .map((bytes) => trustEntryArgs({ prefixlen: bytes[0]!, addr: bytes.slice(4) }).join(' '))
    .filter((entry) => !wanted.has(entry));
  const lines = [
    `map update pinned ${config} key 0 0 0 0 ${configValueArgs(kinds).join(' ')}`,
    ...[...wanted].map((entry) => `map update pinned ${trust} ${entry} value hex 01`),
    ...stale.map((entry) => `map delete pinned ${trust} ${entry}`),
  ];
  bpftool(tool, ['batch', 'file', '-'], `${lines.join('\n')}\n`);
}

/** bpftool's batch reader splits on spaces and honours double quotes. */
function quote(path: string): string {
  return /[\s"]/.test(path) ? `"${path.replace(/"/g, '\\"')}"` : path;
}
