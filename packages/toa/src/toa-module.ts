/**
 * Is a TOA kernel module active on this host? Read from `/proc` (world-readable, no root needed).
 *
 * A module shows up in `/proc/modules` when loaded (`toa` for the LVS/Tencent/Alibaba/dpvs builds,
 * `vtoa` for Anolis); a module built into the kernel (TencentOS and OpenCloudOS ship `net/toa`)
 * does not, but both register their counters: `/proc/net/toa_stats` (`toa`) or
 * `/proc/net/vtoa_stats` (`vtoa`). Their `syn_recv_sock_toa` row counts connections whose
 * handshake carried a TOA option, which tells "loaded" apart from "actually used".
 *
 * The eBPF receiver (`attachToa()`) is recognised too, by its pins under bpffs
 * (`<bpffs>/realip-toa/<cgroup>`, bpffs found by type in `/proc/self/mounts`); its counters need
 * root and bpftool, so they are left to `toaStatus()`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIN_DIR, pinnedReceivers } from './ebpf-receiver.js';

/** What {@link toaModuleStatus} found. */
export interface ToaModuleStatus {
  /** `process.platform` (TOA exists only on Linux). */
  readonly platform: string;
  /** Whether `/proc/modules` could be read. */
  readonly checked: boolean;
  /** A TOA module is loaded or built in (its counters exist). */
  readonly loaded: boolean;
  /** The cgroups an eBPF TOA receiver is attached to (its pins), below the cgroup v2 mount. */
  readonly ebpf: readonly string[];
  /** Loaded TOA modules from `/proc/modules`. */
  readonly modules: readonly { readonly name: string; readonly state: string }[];
  /** The counters file found, if any. */
  readonly statsFile: string | undefined;
  /** Its counters summed over CPUs, e.g. `syn_recv_sock_toa` and `syn_recv_sock_no_toa`. */
  readonly counters: Readonly<Record<string, number>>;
  /** One line for logs and the CLI. */
  readonly summary: string;
  /** What this means for the addresses your server sees, and what to do. */
  readonly advice: readonly string[];
}

/** Where to read from; tests point these at fixtures. */
export interface ToaModuleProbe {
  /** @defaultValue `process.platform` */
  readonly platform?: string;
  /** @defaultValue `'/proc'` */
  readonly procRoot?: string;
  /** Where eBPF receivers are pinned. @defaultValue `<bpffs>/realip-toa` */
  readonly ebpfPinRoot?: string;
}

const MODULE_NAMES = ['toa', 'vtoa'];
const STATS_FILES = ['net/toa_stats', 'net/vtoa_stats'];

/**
 * Says whether a TOA kernel module is active here and what that implies. Never throws: an
 * unreadable `/proc` is reported as `checked: false`.
 *
 * @example
 * ```ts
 * const status = toaModuleStatus();
 * console.log(status.summary); // 'TOA module loaded (toa): 1234 connections carried a TOA option'
 * for (const line of status.advice) console.log(' -', line);
 * ```
 */
export function toaModuleStatus(probe: ToaModuleProbe = {}): ToaModuleStatus {
  const platform = probe.platform ?? process.platform;
  const root = probe.procRoot ?? '/proc';
  if (platform !== 'linux') {
    return status(platform, false, [], [], undefined, {}, `no TOA on ${platform}`, [
      'TOA needs a Linux kernel module; on this platform socket.remoteAddress is always the machine that connected.',
      'Behind a layer-4 proxy, use the PROXY protocol (toa({ proxyProtocol: "required" }) or acceptProxyProtocol).',
    ]);
  }

  const modulesFile = readProc(`${root}/modules`);
  const modules = typeof modulesFile === 'string' ? parseModules(modulesFile) : [];
  let statsFile: string | undefined;
  let counters: Record<string, number> = {};
  for (const file of STATS_FILES) {
    const text = readProc(`${root}/${file}`);
    if (typeof text === 'string') {
      statsFile = `${root}/${file}`;
      counters = parseCounters(text);
      break;
    }
  }
  // A missing /proc/modules is an answer too: the kernel cannot load modules at all.
  const checked = modulesFile !== FAILED;
  const loaded = modules.length > 0 || statsFile !== undefined;
  const name = modules.map((m) => m.name).join(', ') || 'built into the kernel';
  const seen = counters.syn_recv_sock_toa;
  const bpffs = bpffsOf(root);
  const pinRoot = probe.ebpfPinRoot ?? (bpffs === undefined ? undefined : join(bpffs, PIN_DIR));
  const ebpf = pinRoot === undefined ? [] : pinnedReceivers(pinRoot).map((r) => r.cgroup);
  if (ebpf.length > 0) {
    return status(
      platform,
      checked,
      modules,
      ebpf,
      statsFile,
      counters,
      `TOA eBPF receiver attached (${ebpf.join(', ')})${loaded ? `; TOA module loaded too (${name})` : ''}`,
      [
        'Sockets created in those cgroups after the attach report the client of a TOA option from a trusted source as socket.remoteAddress.',
        '`realip toa status` (root) shows its kinds, trusted ranges and counters.',
      ],
    );
  }

  if (!loaded) {
    return status(
      platform,
      checked,
      modules,
      [],
      undefined,
      counters,
      modulesFile === MISSING
        ? `no TOA module: this kernel cannot load modules (no ${root}/modules)`
        : checked
          ? 'no TOA module loaded'
          : `could not read ${root}/modules`,
      [
        'Connections from a layer-4 proxy show the proxy as socket.remoteAddress: the TOA option is ignored.',
        "Load your provider's TOA module (check with `lsmod | grep toa`), or use the PROXY protocol.",
        'toa() reports such connections as status "toa-not-effective" when the proxy is in trust.',
      ],
    );
  }
  const advice = [
    'Connections whose handshake carried a TOA option report the client as socket.remoteAddress (IPv4, and IPv6 where the module supports it).',
    'Put your proxies\' back-to-origin ranges in trust: a connection the module restored then reads as status "direct" (the client), one it did not as "toa-not-effective" (your proxy).',
  ];
  let summary = `TOA module loaded (${name})`;
  if (seen !== undefined) {
    summary += `: ${seen} connection(s) carried a TOA option`;
    if (seen === 0) {
      advice.unshift(
        'No connection has carried a TOA option yet: check that the proxy inserts one (kind 200 or 254) and that the module matches your provider.',
      );
    }
  }
  return status(platform, checked, modules, [], statsFile, counters, summary, advice);
}

/** The bpffs mount point from `<proc>/self/mounts`, if one is mounted. */
function bpffsOf(proc: string): string | undefined {
  const mounts = readProc(`${proc}/self/mounts`);
  if (typeof mounts !== 'string') return undefined;
  return mounts
    .split('\n')
    .map((line) => line.split(' '))
    .find((fields) => fields[2] === 'bpf')?.[1];
}

function status(
  platform: string,
  checked: boolean,
  modules: ToaModuleStatus['modules'],
  ebpf: readonly string[],
  statsFile: string | undefined,
  counters: Record<string, number>,
  summary: string,
  advice: string[],
): ToaModuleStatus {
  return {
    platform,
    checked,
    loaded: modules.length > 0 || statsFile !== undefined,
    ebpf,
    modules,
    statsFile,
    counters,
    summary,
    advice,
  };
}

/** `name size instances deps state address` per line (proc(5)); only TOA modules are kept. */
function parseModules(text: string): { name: string; state: string }[] {
  const found: { name: string; state: string }[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const name = fields[0];
    if (name !== undefined && MODULE_NAMES.includes(name)) {
      found.push({ name, state: fields[4] ?? 'unknown' });
    }
  }
  return found;
}

/** Rows `name: n n n` (one column per CPU), summed; header and other lines are skipped. */
function parseCounters(text: string): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([a-z][a-z0-9_]*)\s*:\s*(\d+(?:\s+\d+)*)\s*$/i.exec(line);
    if (match === null) continue;
    counters[match[1]!] = match[2]!.split(/\s+/).reduce((sum, n) => sum + Number(n), 0);
  }
  return counters;
}

const MISSING = Symbol('missing');
const FAILED = Symbol('failed');

/** A /proc file's text, MISSING when it does not exist, FAILED when it cannot be read. */
function readProc(path: string): string | typeof MISSING | typeof FAILED {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? MISSING : FAILED;
  }
}
