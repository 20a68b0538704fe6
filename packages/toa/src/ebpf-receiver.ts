/**
 * What attach, detach and status share: where a receiver's pins live, which cgroup it serves,
 * and which of its programs are attached there.
 *
 * Pins: `<bpffs>/realip-toa/<cgroup>/progs/<program>` and `.../maps/<map>`, where `<cgroup>` is
 * the cgroup's path below the cgroup v2 mount, URI-encoded into one name (`%2Fsystem.slice%2F
 * app.service`), so `toaStatus()` knows each receiver's cgroup from the pins alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { bpftoolJson } from './bpftool.js';
import { ToaEbpfError } from './ebpf-error.js';

/**
 * The receiver's programs: pinned name, bpftool's attach type, and how `cgroup show` names it.
 *
 * @example
 * ```ts
 * PROGRAMS.map((p) => p.attachType); // ['sock_ops', 'getpeername4', 'getpeername6']
 * ```
 */
export const PROGRAMS = [
  { name: 'realip_toa_sockops', attachType: 'sock_ops', shown: 'cgroup_sock_ops' },
  {
    name: 'realip_toa_getpeername4',
    attachType: 'getpeername4',
    shown: 'cgroup_inet4_getpeername',
  },
  {
    name: 'realip_toa_getpeername6',
    attachType: 'getpeername6',
    shown: 'cgroup_inet6_getpeername',
  },
] as const;

/** The attach-type names of the receiver's programs. */
export type AttachType = (typeof PROGRAMS)[number]['attachType'];

/**
 * The directory under bpffs the receivers are pinned in.
 *
 * @example
 * ```ts
 * join('/sys/fs/bpf', PIN_DIR); // '/sys/fs/bpf/realip-toa'
 * ```
 */
export const PIN_DIR = 'realip-toa';

/** Which cgroup: a path (absolute, or below the cgroup v2 mount) or a systemd unit. */
export interface CgroupTarget {
  /** A cgroup directory: `/sys/fs/cgroup/system.slice/app.service`, or `/system.slice/app.service` as systemd prints it. */
  readonly cgroup?: string;
  /** A systemd unit, e.g. `app.service`: its ControlGroup. */
  readonly unit?: string;
}

/** A resolved cgroup. */
export interface Cgroup {
  /** Its directory. */
  readonly path: string;
  /** Its path below the cgroup v2 mount, starting with `/` (`/` for the root). */
  readonly name: string;
}

/**
 * Resolves a cgroup path or unit to a cgroup v2 directory that exists.
 *
 * @example
 * ```ts
 * resolveCgroup({ unit: 'app.service' }, '/sys/fs/cgroup');
 * // { path: '/sys/fs/cgroup/system.slice/app.service', name: '/system.slice/app.service' }
 * ```
 */
export function resolveCgroup(target: CgroupTarget, mount: string): Cgroup {
  let given = target.cgroup;
  if (target.unit !== undefined) {
    const run = spawnSync('systemctl', ['show', '-p', 'ControlGroup', '--value', target.unit], {
      encoding: 'utf8',
    });
    given = run.status === 0 ? run.stdout.trim() : '';
    if (given === '') {
      throw new ToaEbpfError(
        'bad-unit',
        `systemd reports no cgroup for ${target.unit}${run.error ? ` (${run.error.message})` : ''}`,
        'A unit has a cgroup once it is starting: run `realip toa attach --unit` from its ExecStartPre=, or give --cgroup',
      );
    }
  }
  if (given === undefined || given === '') {
    throw new ToaEbpfError(
      'bad-cgroup',
      'no cgroup given',
      'Give --cgroup PATH or --unit NAME.service',
    );
  }
  const inside = (path: string) => {
    const rel = relative(mount, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  const path = inside(resolve(given)) ? resolve(given) : join(mount, given);
  if (!inside(path) || !isDirectory(path) || !existsSync(join(path, 'cgroup.procs'))) {
    throw new ToaEbpfError(
      'bad-cgroup',
      `${given} is not a cgroup v2 directory (below ${mount})`,
      `Give an existing cgroup, e.g. ${join(mount, 'system.slice', 'app.service')}, or --unit NAME.service`,
    );
  }
  return { path, name: `/${relative(mount, path)}` };
}

/**
 * The pin directory of the receiver of a cgroup.
 *
 * @example
 * ```ts
 * pinPath('/sys/fs/bpf/realip-toa', '/system.slice/app.service');
 * // '/sys/fs/bpf/realip-toa/%2Fsystem.slice%2Fapp.service'
 * ```
 */
export function pinPath(pinRoot: string, cgroupName: string): string {
  return join(pinRoot, encodeURIComponent(cgroupName));
}

/**
 * The receivers pinned under `pinRoot`: cgroup name and pin directory.
 *
 * @example
 * ```ts
 * pinnedReceivers('/sys/fs/bpf/realip-toa'); // [{ cgroup: '/system.slice/app.service', pins: '...' }]
 * ```
 */
export function pinnedReceivers(pinRoot: string): { cgroup: string; pins: string }[] {
  let names: string[];
  try {
    names = readdirSync(pinRoot);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith('%2F'))
    .sort()
    .map((name) => ({ cgroup: decodeURIComponent(name), pins: join(pinRoot, name) }));
}

/**
 * Which of the receiver's programs (pinned in `pins`) are attached to the cgroup `path`.
 *
 * @example
 * ```ts
 * attachedPrograms(bpftool, '/sys/fs/cgroup/app', pins); // Set { 'sock_ops', 'getpeername4', 'getpeername6' }
 * ```
 */
export function attachedPrograms(bpftool: string, path: string, pins: string): Set<AttachType> {
  const attached = new Set<AttachType>();
  if (!isDirectory(path)) return attached;
  const shown = bpftoolJson<{ id: number; attach_type: string }[]>(bpftool, [
    'cgroup',
    'show',
    path,
  ]);
  for (const program of PROGRAMS) {
    const pin = join(pins, 'progs', program.name);
    if (!existsSync(pin)) continue;
    const { id } = bpftoolJson<{ id: number }>(bpftool, ['prog', 'show', 'pinned', pin]);
    if (shown.some((s) => s.id === id && s.attach_type === program.shown)) {
      attached.add(program.attachType);
    }
  }
  return attached;
}

/**
 * Detaches a receiver's programs from its cgroup and removes its pins (the maps go with them).
 * Errors are not fatal: what cannot be detached is gone already.
 *
 * @example
 * ```ts
 * removeReceiver('/usr/sbin/bpftool', '/sys/fs/cgroup/app', '/sys/fs/bpf/realip-toa/%2Fapp');
 * ```
 */
export function removeReceiver(tool: string, cgroupPath: string, pins: string): void {
  let attached = new Set<string>();
  try {
    attached = attachedPrograms(tool, cgroupPath, pins);
  } catch {
    // no cgroup or no pins: nothing attached through them
  }
  for (const program of PROGRAMS) {
    if (!attached.has(program.attachType)) continue;
    const pin = join(pins, 'progs', program.name);
    spawnSync(tool, ['cgroup', 'detach', cgroupPath, program.attachType, 'pinned', pin]);
  }
  rmSync(pins, { recursive: true, force: true });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
