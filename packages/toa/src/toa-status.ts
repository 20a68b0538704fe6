/** `toaStatus()`: the eBPF TOA receivers on this host, what they believe, and their counters. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bpftoolJson } from './bpftool.js';
import {
  bytesOf,
  decodeCounters,
  kindsOfConfig,
  littleEndian,
  rangeText,
  type EbpfCounters,
  type EbpfKind,
} from './ebpf-maps.js';
import { PIN_DIR, attachedPrograms, pinnedReceivers, type AttachType } from './ebpf-receiver.js';
import { MANAGE, checkEbpfSupport, requireSupport, type EbpfProbe } from './ebpf-support.js';

/** One attached receiver. */
export interface ToaReceiverStatus {
  /** The cgroup directory. */
  readonly cgroup: string;
  /** Whether that cgroup still exists (a removed cgroup takes its attachments with it). */
  readonly cgroupExists: boolean;
  readonly pins: string;
  /** Which programs are attached: all three when it works. */
  readonly attached: readonly AttachType[];
  readonly kinds: readonly EbpfKind[];
  /** The trusted ranges as the kernel holds them. */
  readonly trust: readonly string[];
  readonly counters: EbpfCounters;
}

/** Options of {@link toaStatus}. */
export interface ToaStatusOptions {
  /** Where the receivers are pinned. @defaultValue `<bpffs>/realip-toa` */
  readonly pinRoot?: string;
  /** Host facts to check against; tests use it. @defaultValue this host */
  readonly probe?: EbpfProbe;
}

interface Dumped {
  key: string[];
  value: string[];
}

/**
 * Reads every receiver's attachments, kinds, trust and counters (needs root and bpftool).
 *
 * @example
 * ```ts
 * for (const r of toaStatus()) {
 *   console.log(r.cgroup, r.attached.join(','), r.counters.kinds[200].rewritten);
 * }
 * ```
 */
export function toaStatus(options: ToaStatusOptions = {}): ToaReceiverStatus[] {
  const host = requireSupport(checkEbpfSupport(options.probe), MANAGE);
  const tool = host.bpftool!;
  const mount = host.cgroup2 ?? '/sys/fs/cgroup';
  const pinRoot = options.pinRoot ?? join(host.bpffs ?? '/sys/fs/bpf', PIN_DIR);
  return pinnedReceivers(pinRoot).map(({ cgroup, pins }) => {
    const path = join(mount, cgroup);
    const dump = (map: string) =>
      bpftoolJson<Dumped[]>(tool, ['map', 'dump', 'pinned', join(pins, 'maps', map)]);
    const counters = dump('toa_counters')
      .sort((a, b) => littleEndian(bytesOf(a.key)) - littleEndian(bytesOf(b.key)))
      .map((entry) => littleEndian(bytesOf(entry.value)));
    const trust = dump('toa_trust').map(({ key }) => {
      const bytes = bytesOf(key);
      return rangeText({ prefixlen: bytes[0]!, addr: bytes.slice(4) });
    });
    return {
      cgroup: path,
      cgroupExists: existsSync(path),
      pins,
      attached: [...attachedPrograms(tool, path, pins)],
      kinds: kindsOfConfig(bytesOf(dump('toa_config')[0]?.value ?? [])),
      trust,
      counters: decodeCounters(counters),
    };
  });
}
