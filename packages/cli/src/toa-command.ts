/**
 * `realip toa attach|status|detach`: operates `@realip/toa`'s eBPF TOA receiver (the kernel
 * module's job, done by eBPF on Linux 5.10+). Needs root. Host problems (not root, kernel too old,
 * cgroup v1 only, bpftool absent, ...) print what is missing and how to fix it, exit code 1.
 */
import type { TrustEntry } from '@realip/core';
import type { Command } from 'commander';
import {
  attachToa,
  detachToa,
  toaStatus,
  ToaEbpfError,
  type EbpfProbe,
  type ToaReceiverStatus,
} from '@realip/toa';
import type { createColors } from 'picocolors';

type Colors = ReturnType<typeof createColors>;

/** Where `toa` writes, and how it reports its exit code. */
export interface ToaCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly exit: (code: number) => void;
  /** Host facts, for tests. @defaultValue this host */
  readonly probe?: EbpfProbe;
}

interface TargetFlags {
  cgroup?: string;
  unit?: string;
  pinRoot?: string;
  json?: boolean;
}

/**
 * Adds the `toa` command and its subcommands to `program`.
 *
 * @example
 * ```ts
 * addToaCommand(program, { stdout, stderr, exit: (code) => (exitCode = code) }, colors);
 * // realip toa attach --unit app.service --trust 203.0.113.0/24 --kinds 200
 * ```
 */
export function addToaCommand(program: Command, io: ToaCommandIo, c: Colors): void {
  const toa = program
    .command('toa')
    .description(
      'operate the eBPF TOA receiver: the client in a TOA option becomes socket.remoteAddress (Linux 5.10+, root)',
    );
  const guarded =
    <T>(action: (flags: T) => void) =>
    (flags: T) => {
      try {
        action(flags);
      } catch (err) {
        if (!(err instanceof ToaEbpfError)) throw err;
        io.stderr(`realip: ${err.message}\n`);
        io.exit(1);
      }
    };
  const target = (command: Command) =>
    command
      .option('--cgroup <path>', 'a cgroup v2 directory (or its path below the cgroup2 mount)')
      .option('--unit <name>', 'a systemd unit, e.g. app.service: its cgroup')
      .option('--pin-root <dir>', 'where the receivers are pinned (default <bpffs>/realip-toa)')
      .option('--json', 'print JSON for scripts');

  target(toa.command('attach'))
    .description(
      'attach the receiver to a cgroup before the service creates its listening socket (idempotent: updates kinds and trust)',
    )
    .requiredOption(
      '--trust <entry...>',
      "the proxy's back-to-origin sources: addresses, CIDRs, named ranges (the option is ignored from any other source)",
    )
    .option(
      '--kinds <list>',
      'the option kinds to believe, e.g. 200,254 (default: 200,254,253,252,249)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  realip toa attach --unit app.service --trust 203.0.113.0/24 --kinds 200\n  realip toa attach --cgroup /sys/fs/cgroup/system.slice/app.service --trust 10.0.0.0/8',
    )
    .action(
      guarded((flags: TargetFlags & { trust: string[]; kinds?: string }) => {
        const result = attachToa({
          ...targetOf(flags),
          trust: flags.trust as TrustEntry[], // words from the shell: the core checks each one
          ...(flags.kinds !== undefined && { kinds: flags.kinds }),
          ...(io.probe !== undefined && { probe: io.probe }),
        });
        if (flags.json === true) return io.stdout(`${JSON.stringify(result, null, 2)}\n`);
        io.stdout(
          `${c.green(result.already ? 'updated' : 'attached')} ${result.cgroup}\n` +
            `  kinds ${result.kinds.join(', ')}; trusted ${result.trust.join(', ')}\n` +
            `  pinned at ${result.pins}\n` +
            c.dim(
              '  sockets created in this cgroup from now on report the client of a TOA option\n',
            ),
        );
      }),
    );

  toa
    .command('status')
    .description('the attached receivers: cgroups, kinds, trusted ranges and counters')
    .option('--pin-root <dir>', 'where the receivers are pinned (default <bpffs>/realip-toa)')
    .option('--json', 'print JSON for scripts')
    .action(
      guarded((flags: TargetFlags) => {
        const receivers = toaStatus({
          ...(flags.pinRoot !== undefined && { pinRoot: flags.pinRoot }),
          ...(io.probe !== undefined && { probe: io.probe }),
        });
        if (flags.json === true) return io.stdout(`${JSON.stringify(receivers, null, 2)}\n`);
        if (receivers.length === 0) return io.stdout('no TOA receiver attached\n');
        io.stdout(receivers.map((r) => renderReceiver(r, c)).join('\n'));
      }),
    );

  target(toa.command('detach'))
    .description(
      'detach the receiver and remove its pins and maps (every receiver when no cgroup or unit is given)',
    )
    .action(
      guarded((flags: TargetFlags) => {
        const detached = detachToa({
          ...targetOf(flags),
          ...(io.probe !== undefined && { probe: io.probe }),
        });
        if (flags.json === true) return io.stdout(`${JSON.stringify(detached)}\n`);
        io.stdout(
          detached.length === 0
            ? 'no TOA receiver attached\n'
            : detached.map((cgroup) => `detached ${cgroup}\n`).join(''),
        );
      }),
    );
}

function targetOf(flags: TargetFlags) {
  return {
    ...(flags.cgroup !== undefined && { cgroup: flags.cgroup }),
    ...(flags.unit !== undefined && { unit: flags.unit }),
    ...(flags.pinRoot !== undefined && { pinRoot: flags.pinRoot }),
  };
}

/** One receiver: where, what it believes, and a counter row per kind that saw anything. */
function renderReceiver(r: ToaReceiverStatus, c: Colors): string {
  const complete = r.attached.length === 3;
  const state = !r.cgroupExists
    ? c.yellow('cgroup gone')
    : complete
      ? c.green('attached')
      : c.yellow(`partly attached (${r.attached.join(', ') || 'nothing'})`);
  const rows = Object.entries(r.counters.kinds)
    .filter(([, k]) => k.seen > 0)
    .map(
      ([kind, k]) =>
        `  kind ${kind}: seen ${k.seen}, rewritten ${k.rewritten}, untrusted ${k.untrusted}, malformed ${k.malformed}, unusable ${k.unusable}\n`,
    );
  return (
    `${state} ${r.cgroup}\n` +
    `  kinds ${r.kinds.join(', ')}; trusted ${r.trust.join(', ') || c.red('nothing')}\n` +
    (rows.length > 0 ? rows.join('') : '  no TOA option seen yet\n') +
    `  sockets released ${r.counters.released}, getpeername rewritten ${r.counters.getpeername}, handshakes without an option ${r.counters.noOption}\n`
  );
}
