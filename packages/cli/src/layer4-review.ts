/**
 * The layer-4 half of `realip doctor`: is a TOA kernel module active on this host, and what does
 * that mean for the addresses the server sees? The facts come from `@realip/toa`'s
 * `toaModuleStatus()`; this only grades them.
 */
import { toaModuleStatus, type ToaModuleStatus } from '@realip/toa';
import type { Finding } from './trust-review.js';

/** The layer-4 finding: its level and summary, what it implies, and the facts it rests on. */
export interface Layer4Finding extends Finding {
  readonly advice: readonly string[];
  readonly status: ToaModuleStatus;
}

/**
 * Checks this host (or the `/proc` at `procRoot`, e.g. a host's mounted into a container).
 *
 * - `ok`: an eBPF TOA receiver is attached, or a TOA module is active and has seen TOA traffic
 *   (or keeps no counters).
 * - `warn`: a module is active but no connection has carried a TOA option yet.
 * - `note`: no TOA module (or `/proc` unreadable): fine unless a TOA-only proxy sits in front.
 *
 * @example
 * ```ts
 * const { level, message, advice } = reviewLayer4();
 * ```
 */
export function reviewLayer4(procRoot?: string): Layer4Finding {
  const status = toaModuleStatus(procRoot === undefined ? {} : { procRoot });
  const level =
    status.ebpf.length > 0
      ? 'ok'
      : !status.loaded
        ? 'note'
        : status.counters.syn_recv_sock_toa === 0
          ? 'warn'
          : 'ok';
  return { level, message: status.summary, advice: status.advice, status };
}
