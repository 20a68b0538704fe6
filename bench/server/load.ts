/**
 * Server level: requests per second with autocannon, on loopback only, for a bounded time. For each
 * framework the three variants (apps.ts) run as child processes at once (three at most), and are
 * loaded in turn, round after round with a rotating order, so a slow moment of the machine hits
 * every variant alike. Reported as ratios to the bare framework: requests/s (what the issue asks),
 * and server CPU time per request (which stays meaningful if the load generator, not the server,
 * is the bottleneck).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  EXPECTED,
  FRAMEWORKS,
  REQUEST_HEADERS,
  adapterOf,
  variantsOf,
  type Framework,
  type Variant,
} from './apps.js';
import type { ServeMessage } from './serve.js';

/** How long and how hard to load each variant. */
export interface LoadOptions {
  /** Seconds per measured run. */
  readonly durationS: number;
  /** Measured runs per variant (interleaved). */
  readonly rounds: number;
  /** Seconds of unmeasured warm-up per variant. */
  readonly warmupS: number;
  readonly connections: number;
}

/** One variant's figures. */
export interface VariantResult {
  readonly framework: Framework;
  readonly variant: Variant;
  /** What the app answered for the benchmark request, and whether that is the expected client. */
  readonly answer: string;
  readonly correct: boolean;
  /** Median over rounds. */
  readonly requestsPerSecond: number;
  /** Median over rounds of the server's CPU time (user + system) per request, µs. */
  readonly cpuMicrosPerRequest: number;
  /**
   * Median over rounds of the server's CPU time over the run's wall time: near 100 % the server
   * was the bottleneck; well below, the load generator (or another process) was, and the CPU
   * time per request is the fairer comparison.
   */
  readonly serverBusy: number;
  readonly rounds: readonly Round[];
  /** Requests that failed (errors, timeouts, non-2xx) over all rounds. */
  readonly failures: number;
}

/** The server-level results, and variants that could not run. */
export interface LoadResult {
  readonly variants: readonly VariantResult[];
  readonly skipped: readonly string[];
}

/** One measured run of one variant. */
export interface Round {
  readonly requestsPerSecond: number;
  readonly cpuMicrosPerRequest: number;
  readonly serverBusy: number;
}

/** A served variant in its child process. */
export interface Child {
  readonly variant: Variant;
  readonly process: ChildProcess;
  readonly url: string;
}

/** The next IPC message from `child`. */
export async function message(child: ChildProcess): Promise<ServeMessage> {
  const [m] = (await once(child, 'message')) as [ServeMessage];
  return m;
}

/**
 * Pins every thread of `pid` to one CPU with `taskset` (Linux, util-linux), when there are two
 * CPUs or more: the load generator on CPU 0 and the servers on the last one, so they no longer
 * take turns on the same cores. Returns whether it could.
 */
export function pin(pid: number, cpu: number): boolean {
  if (cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Forks serve.ts for one variant, pinned to the last CPU unless `pinned` is false; resolves once
 * it listens.
 */
export async function spawn(
  serveScript: string,
  framework: Framework,
  variant: Variant,
  pinned = true,
): Promise<Child> {
  // The parent runs under tsx; its execArgv carries tsx's loader to the child.
  const child = fork(serveScript, [framework, variant], { stdio: 'inherit' });
  const m = await message(child);
  if (!('url' in m)) throw new Error(`${framework}/${variant}: ${'error' in m ? m.error : '?'}`);
  if (pinned) pin(child.pid!, cpus().length - 1);
  return { variant, process: child, url: m.url };
}

async function cpuMicros(child: ChildProcess): Promise<number> {
  child.send('usage');
  const m = await message(child);
  if (!('usage' in m)) throw new Error('expected a usage message');
  return m.usage.user + m.usage.system;
}

/** One request with the benchmark's headers; resolves to the body. */
export function fetchAnswer(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { headers: REQUEST_HEADERS, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

/** autocannon on `url` for `durationS` with the benchmark's headers. */
export async function load(url: string, durationS: number, connections: number) {
  const r = await autocannon({
    url,
    connections,
    duration: durationS,
    headers: REQUEST_HEADERS,
  });
  return { total: r.requests.total, seconds: r.duration, failures: r.errors + r.non2xx };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function measureFramework(
  serveScript: string,
  framework: Framework,
  variants: readonly Variant[],
  options: LoadOptions,
): Promise<VariantResult[]> {
  const children: Child[] = [];
  try {
    for (const variant of variants) children.push(await spawn(serveScript, framework, variant));
    const answers = await Promise.all(children.map((c) => fetchAnswer(c.url)));
    for (const c of children) await load(c.url, options.warmupS, options.connections);
    const rounds = children.map(() => [] as Round[]);
    const failures = children.map(() => 0);
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < children.length; k++) {
        const i = (k + round) % children.length;
        const c = children[i]!;
        const cpu0 = await cpuMicros(c.process);
        const r = await load(c.url, options.durationS, options.connections);
        const cpu1 = await cpuMicros(c.process);
        rounds[i]!.push({
          requestsPerSecond: r.total / r.seconds,
          cpuMicrosPerRequest: (cpu1 - cpu0) / Math.max(r.total, 1),
          serverBusy: (cpu1 - cpu0) / (r.seconds * 1e6),
        });
        failures[i]! += r.failures;
      }
    }
    return children.map((c, i) => ({
      framework,
      variant: c.variant,
      answer: answers[i]!,
      correct: answers[i] === EXPECTED[c.variant],
      requestsPerSecond: median(rounds[i]!.map((r) => r.requestsPerSecond)),
      cpuMicrosPerRequest: median(rounds[i]!.map((r) => r.cpuMicrosPerRequest)),
      serverBusy: median(rounds[i]!.map((r) => r.serverBusy)),
      rounds: rounds[i]!,
      failures: failures[i]!,
    }));
  } finally {
    for (const c of children) {
      const exited = once(c.process, 'exit');
      c.process.send('exit');
      await exited;
    }
  }
}

/**
 * Runs the server-level benchmark for every framework; `benchDir` is the folder of bench/run.ts.
 * The `realip` variant of a framework is skipped (and listed) while its adapter is missing.
 */
export async function runLoad(benchDir: string, options: LoadOptions): Promise<LoadResult> {
  const serveScript = join(benchDir, 'server', 'serve.ts');
  const results: VariantResult[] = [];
  const skipped: string[] = [];
  pin(process.pid, 0);
  for (const framework of FRAMEWORKS) {
    const all = variantsOf(framework);
    const variants = all.filter((v) => v !== 'realip' || adapterOf(framework) !== undefined);
    if (variants.length < all.length) {
      skipped.push(`${framework}/realip: @realip/${framework} does not export realIp yet`);
    }
    results.push(...(await measureFramework(serveScript, framework, variants, options)));
  }
  return { variants: results, skipped };
}
