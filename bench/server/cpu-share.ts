/**
 * The adapter-cost goal, measured so noise cannot hide it: for each framework whose adapter
 * exports `realIp`, one child process serves the `realip` variant (apps.ts: `realIp()` trusting
 * loopback and 10/8, the request arriving through two proxies), autocannon loads it steadily, and
 * V8's sampling profiler runs in the server for the measured window only (after a warm-up, so
 * start-up and compilation are not counted). The figure is the share of the server's busy samples
 * whose running function is ours (cpu-profile.ts). Goal: ≤ 1 % per framework.
 * The frameworks come from apps.ts `FRAMEWORKS`: a framework added there is profiled too.
 */
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXPECTED, FRAMEWORKS, adapterOf, type Framework } from './apps.js';
import type { CpuShare } from './cpu-profile.js';
import { fetchAnswer, load, message, pin, spawn } from './load.js';

/** How long and how hard to load each profiled server. */
export interface ProfileOptions {
  readonly warmupS: number;
  readonly durationS: number;
  readonly connections: number;
  /** V8 sampling interval, µs. */
  readonly intervalMicros: number;
}

/** One framework's profile. */
export interface CpuShareResult extends CpuShare {
  readonly framework: Framework;
  /** What the server answered, and whether that is the client behind the two proxies. */
  readonly answer: string;
  readonly correct: boolean;
  /** Requests/s while profiled (context: the profiler itself costs some). */
  readonly requestsPerSecond: number;
  readonly failures: number;
  /** Where the `.cpuprofile` was written, if asked. */
  readonly profileFile: string | undefined;
}

const PINNED = process.env.PIN === '1';
/** The goal: at most this share of the server's CPU in our functions. */
export const CPU_SHARE_GOAL = 0.01;

/**
 * Profiles every framework's `realip` variant in turn; `profileDir`, when given, keeps each
 * `.cpuprofile` (open it in Chrome DevTools or speedscope).
 */
export async function runCpuShare(
  benchDir: string,
  options: ProfileOptions,
  profileDir?: string,
): Promise<CpuShareResult[]> {
  const serveScript = join(benchDir, 'server', 'serve.ts');
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  if (PINNED) pin(process.pid, 0);
  const results: CpuShareResult[] = [];
  for (const framework of FRAMEWORKS.filter((f) => adapterOf(f) !== undefined)) {
    // Not pinned: V8's sampler is a thread of the server, and on the server's one core it could
    // only sample when the main thread let it, so busy stretches would be under-sampled.
    const child = await spawn(serveScript, framework, 'realip', PINNED);
    try {
      const answer = await fetchAnswer(child.url);
      await load(child.url, options.warmupS, options.connections);
      child.process.send({ startProfile: options.intervalMicros });
      const started = await message(child.process);
      if (!('profiling' in started)) throw new Error(`${framework}: the profiler did not start`);
      const r = await load(child.url, options.durationS, options.connections);
      const profileFile =
        profileDir === undefined ? undefined : join(profileDir, `${framework}-realip.cpuprofile`);
      child.process.send({ stopProfile: profileFile });
      const stopped = await message(child.process);
      if (!('cpuShare' in stopped)) throw new Error(`${framework}: no profile came back`);
      results.push({
        framework,
        answer,
        correct: answer === EXPECTED.realip,
        requestsPerSecond: r.total / r.seconds,
        failures: r.failures,
        profileFile,
        ...stopped.cpuShare,
      });
    } finally {
      const exited = once(child.process, 'exit');
      child.process.send('exit');
      await exited;
    }
  }
  return results;
}
