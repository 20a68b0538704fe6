/**
 * Runs Debian's (or any distribution's) `bpftool`, the loader the receiver uses: an operator
 * installs it with one line (`apt-get install bpftool`, `dnf install bpftool`) and needs no
 * compiler. Found on PATH or in the sbin directories, which a non-login PATH may lack.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ToaEbpfError } from './ebpf-error.js';

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/**
 * The bpftool binary, or undefined when there is none.
 *
 * @example
 * ```ts
 * findBpftool(); // '/usr/sbin/bpftool'
 * ```
 */
export function findBpftool(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of [...path.split(delimiter).filter(Boolean), ...SBIN]) {
    const candidate = join(dir, 'bpftool');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Runs bpftool; returns its standard output, or throws a `ToaEbpfError` with its message.
 * `input` goes to standard input (`batch file -` reads commands from it).
 *
 * @example
 * ```ts
 * bpftool('/usr/sbin/bpftool', ['prog', 'show', 'pinned', '/sys/fs/bpf/realip-toa/x/progs/realip_toa_sockops', '-j']);
 * ```
 */
export function bpftool(binary: string, args: readonly string[], input?: string): string {
  const run = spawnSync(binary, args, { encoding: 'utf8', input, timeout: 60_000 });
  if (run.status === 0) return run.stdout;
  const output = `${run.stderr ?? ''}${run.stdout ?? ''}`
    .split('\n')
    .filter(
      (line) =>
        line.trim() !== '' && !/^Warning: bpftool is now running|^If it used to work/.test(line),
    )
    .slice(-8)
    .join('\n');
  throw new ToaEbpfError(
    'bpftool-failed',
    `bpftool ${args.slice(0, 3).join(' ')} failed${run.error ? ` (${run.error.message})` : ''}:\n${output}`,
    'See the message above; `realip toa status` shows what is attached',
  );
}

/**
 * Runs bpftool with `-j` and parses its JSON. No output at all (what `cgroup show` prints for a
 * cgroup with nothing attached) reads as an empty list.
 *
 * @example
 * ```ts
 * const dump = bpftoolJson<{ formatted?: { value: number } }[]>(binary, ['map', 'dump', 'pinned', path]);
 * ```
 */
export function bpftoolJson<T>(binary: string, args: readonly string[]): T {
  const output = bpftool(binary, [...args, '-j']).trim();
  return (output === '' ? [] : JSON.parse(output)) as T;
}
