/** Why the eBPF receiver cannot be attached, detached or read here, and how to fix it. */

/** What went wrong, for scripts. */
export type ToaEbpfErrorCode =
  | 'not-linux'
  | 'not-root'
  | 'kernel-too-old'
  | 'no-btf'
  | 'cgroup-v1-only'
  | 'no-bpffs'
  | 'no-bpftool'
  | 'no-object'
  | 'bad-cgroup'
  | 'bad-unit'
  | 'not-attached'
  | 'bpftool-failed';

/**
 * An operational failure of `attachToa()`, `detachToa()` or `toaStatus()`: a host that cannot run
 * the receiver, or a cgroup that is not there. Bad settings (trust, kinds) throw the core's
 * `RealIpConfigError` instead. The message says what is missing and how to fix it; when attaching
 * fails, nothing is left behind (no pins, no attachments).
 *
 * @example
 * ```ts
 * try {
 *   attachToa({ cgroup: '/sys/fs/cgroup/system.slice/app.service', trust: '10.0.0.0/8' });
 * } catch (err) {
 *   if (err instanceof ToaEbpfError) console.error(err.code, err.fix); // 'not-root', 'run it as root ...'
 * }
 * ```
 */
export class ToaEbpfError extends Error {
  override readonly name = 'ToaEbpfError';
  /** What is missing. */
  readonly code: ToaEbpfErrorCode;
  /** How to fix it. */
  readonly fix: string;

  constructor(code: ToaEbpfErrorCode, problem: string, fix: string) {
    super(`@realip/toa: ${problem}. ${fix}`);
    this.code = code;
    this.fix = fix;
  }
}
