/** `detachToa()`: removes the eBPF TOA receiver from one cgroup, or from every cgroup. */
import { rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { ToaEbpfError } from './ebpf-error.js';
import {
  PIN_DIR,
  pinPath,
  pinnedReceivers,
  removeReceiver,
  resolveCgroup,
  type CgroupTarget,
} from './ebpf-receiver.js';
import { MANAGE, checkEbpfSupport, requireSupport, type EbpfProbe } from './ebpf-support.js';

/** Options of {@link detachToa}: a cgroup or unit, or neither for every receiver. */
export interface ToaDetachOptions extends CgroupTarget {
  /** Where the receivers are pinned. @defaultValue `<bpffs>/realip-toa` */
  readonly pinRoot?: string;
  /** Host facts to check against; tests use it. @defaultValue this host */
  readonly probe?: EbpfProbe;
}

/**
 * Detaches the receiver's programs and removes its pins and maps: nothing is left behind. With no
 * cgroup or unit, every receiver under the pin root goes. Returns the cgroups it served; a cgroup
 * with no receiver is an error (`not-attached`).
 *
 * @example
 * ```ts
 * detachToa({ unit: 'app.service' }); // ['/sys/fs/cgroup/system.slice/app.service']
 * detachToa(); // every receiver
 * ```
 */
export function detachToa(options: ToaDetachOptions = {}): string[] {
  const host = requireSupport(checkEbpfSupport(options.probe), MANAGE);
  const mount = host.cgroup2 ?? '/sys/fs/cgroup';
  const pinRoot = options.pinRoot ?? join(host.bpffs ?? '/sys/fs/bpf', PIN_DIR);
  let receivers = pinnedReceivers(pinRoot);
  if (options.cgroup !== undefined || options.unit !== undefined) {
    const cgroup = resolveCgroup(options, mount);
    const pins = pinPath(pinRoot, cgroup.name);
    receivers = receivers.filter((r) => r.pins === pins);
    if (receivers.length === 0) {
      throw new ToaEbpfError(
        'not-attached',
        `no TOA receiver is attached to ${cgroup.path}`,
        '`realip toa status` lists the attached ones',
      );
    }
  }
  const detached = receivers.map(({ cgroup, pins }) => {
    const path = join(mount, cgroup);
    removeReceiver(host.bpftool!, path, pins);
    return path;
  });
  try {
    rmdirSync(pinRoot); // only when empty: other receivers keep it
  } catch {
    // not empty, or not there
  }
  return detached;
}
