/**
 * The eBPF suites' fixtures. Other test runs share this machine, so everything here is this run's
 * own: cgroups created for it (`<cgroup2>/realip-test-<pid>-<suite>-<n>`), holding only the
 * child processes it spawns; pins under `/sys/fs/bpf/realip-test-<pid>-<suite>/`; loopback addresses only.
 * `cleanup()` detaches and removes all of it, and runs even when a test failed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { checkEbpfSupport, detachToa } from '@realip/toa';
import { findBpftool } from '../../src/bpftool';

/** This folder: `__dirname` under jest (CommonJS); the bench runs it as ESM from the repository root. */
const HERE = typeof __dirname === 'string' ? __dirname : resolve('packages', 'toa', 'test', 'ebpf');
const PACKAGE = join(HERE, '..', '..');
const ROOT = join(PACKAGE, '..', '..');
/** The receiver as the package build makes it, and the test-only sender. */
export const RECEIVER = join(PACKAGE, 'dist', 'ebpf', 'toa.bpf.o');
const SENDER = join(PACKAGE, 'dist', 'test-ebpf', 'sender.bpf.o');

/** What this machine lacks for the eBPF suites, or undefined. */
export function missingForEbpf(): string | undefined {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root');
  for (const tool of ['clang', 'tcpdump']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
  }
  const support = checkEbpfSupport({ object: HERE });
  for (const p of support.problems) if (p.code !== 'not-root') missing.push(p.problem);
  return missing.length === 0
    ? undefined
    : `${missing.join(', ')} (apt-get install clang llvm libbpf-dev bpftool tcpdump, as root; .ci/deps/ebpf.sh)`;
}

/** Builds the receiver (as `npm run build` does) and the test sender. */
export function buildObjects(): void {
  const script = join(PACKAGE, 'scripts', 'build-ebpf.sh');
  for (const args of [[], ['test/ebpf/sender.bpf.c', 'dist/test-ebpf/sender.bpf.o']]) {
    const run = spawnSync('bash', [script, ...args], {
      encoding: 'utf8',
      env: { ...process.env, REALIP_REQUIRE_EBPF: '1' },
    });
    if (run.status !== 0) throw new Error(`build-ebpf.sh ${args.join(' ')} failed:\n${run.stderr}`);
  }
}

/** A child process of the test, started inside one of its cgroups. */
export interface Child {
  readonly process: ChildProcess;
  /** The next line it prints, parsed. */
  readonly nextLine: () => Promise<unknown>;
  /** Sends one line. */
  readonly send: (value: unknown) => void;
}

let fixtures = 0;

/** This run's cgroups, pins and children (one fixture per suite, each with its own names). */
export class EbpfFixture {
  private readonly id = `${process.pid}-${++fixtures}`;
  readonly bpftool = findBpftool()!;
  readonly cgroup2 = checkEbpfSupport({ object: HERE }).cgroup2!;
  readonly pinBase = `/sys/fs/bpf/realip-test-${this.id}`;
  /** Where this run's receivers are pinned (`attachToa({ pinRoot })`). */
  readonly pinRoot = join(this.pinBase, 'receiver');
  private readonly cgroups: string[] = [];
  private readonly children: ChildProcess[] = [];
  private senderCgroup: string | undefined;
  private count = 0;

  /** A new, empty cgroup of this run. */
  cgroup(): string {
    const path = join(this.cgroup2, `realip-test-${this.id}-${++this.count}`);
    mkdirSync(path);
    this.cgroups.push(path);
    return path;
  }

  /** Loads the test sender and attaches it to `cgroup` (sockets created there get the option). */
  attachSender(cgroup: string): void {
    const pins = join(this.pinBase, 'sender');
    mkdirSync(pins, { recursive: true });
    this.run(['prog', 'loadall', SENDER, join(pins, 'progs'), 'pinmaps', join(pins, 'maps')]);
    this.run([
      'cgroup',
      'attach',
      cgroup,
      'sock_ops',
      'pinned',
      join(pins, 'progs', 'realip_test_sender'),
      'multi',
    ]);
    this.senderCgroup = cgroup;
  }

  /**
   * What the sender writes: `option` (kind, length, data; empty for none) into the final ACK
   * (`'ack'`) or the first packet with payload (`'data'`).
   */
  senderOption(option: readonly number[], mode: 'ack' | 'data' = 'ack'): void {
    const value = [mode === 'ack' ? 0 : 1, 0, 0, 0, option.length, 0, 0, 0, ...option];
    while (value.length < 48) value.push(0);
    const hex = value.map((b) => b.toString(16).padStart(2, '0'));
    this.run([
      'map',
      'update',
      'pinned',
      join(this.pinBase, 'sender', 'maps', 'sender_option'),
      'key',
      '0',
      '0',
      '0',
      '0',
      'value',
      'hex',
      ...hex,
    ]);
  }

  /** Starts a TypeScript file of this folder as a child inside `cgroup`. */
  start(cgroup: string, script: string, args: readonly string[] = []): Child {
    // The shell joins the cgroup, then becomes node: only this child (and nothing else) is moved.
    const child = spawn(
      'sh',
      [
        '-c',
        'echo $$ > "$0/cgroup.procs" && exec "$@"',
        cgroup,
        process.execPath,
        '--import',
        'tsx',
        join(HERE, script),
        ...args,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.test.json' },
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    this.children.push(child);
    const lines: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    });
    return {
      process: child,
      nextLine: () =>
        new Promise((resolve) => {
          const line = lines.shift();
          if (line !== undefined) resolve(JSON.parse(line));
          else waiting.push((l) => resolve(JSON.parse(l)));
        }),
      send: (value) => child.stdin.write(`${JSON.stringify(value)}\n`),
    };
  }

  /** Detaches and removes everything of this run; never throws. */
  async cleanup(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    await Promise.all(
      this.children.map((c) =>
        c.exitCode !== null || c.signalCode !== null
          ? Promise.resolve()
          : new Promise((r) => c.once('exit', r)),
      ),
    );
    try {
      detachToa({ pinRoot: this.pinRoot });
    } catch {
      // nothing attached
    }
    if (this.senderCgroup !== undefined) {
      spawnSync(this.bpftool, [
        'cgroup',
        'detach',
        this.senderCgroup,
        'sock_ops',
        'pinned',
        join(this.pinBase, 'sender', 'progs', 'realip_test_sender'),
      ]);
    }
    rmSync(this.pinBase, { recursive: true, force: true });
    for (const cgroup of this.cgroups.reverse()) {
      for (let i = 0; i < 50 && existsSync(cgroup); i++) {
        try {
          rmdirSync(cgroup);
        } catch {
          await new Promise((r) => setTimeout(r, 100)); // its processes are still exiting
        }
      }
    }
  }

  /** What is attached to a cgroup (bpftool's view). */
  attached(cgroup: string): { id: number; attach_type: string; name: string }[] {
    const out = this.run(['cgroup', 'show', cgroup, '-j']).trim();
    return out === ''
      ? []
      : (JSON.parse(out) as { id: number; attach_type: string; name: string }[]);
  }

  /** The processes in a cgroup. */
  processes(cgroup: string): string[] {
    return readFileSync(join(cgroup, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
  }

  private run(args: string[]): string {
    const run = spawnSync(this.bpftool, args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bpftool ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  }
}

/** Option bytes, network order: `| kind | len | port | address... | rest |`. */
export function option(
  kind: number,
  port: number,
  address: readonly number[],
  rest: readonly number[] = [],
): number[] {
  const body = [port >> 8, port & 0xff, ...address, ...rest];
  return [kind, body.length + 2, ...body];
}

/** An IPv4 or IPv6 address's bytes. */
export function bytesOf(ip: string): number[] {
  if (!ip.includes(':')) return ip.split('.').map(Number);
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const h = groups(head);
  const t = groups(tail);
  const all = ip.includes('::')
    ? [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t]
    : h;
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}
