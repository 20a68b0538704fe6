/**
 * What share of a server's CPU our code takes, from a V8 CPU profile of the server under load.
 * Requests/s on a shared 2-core machine wander by ±10 % even for an empty middleware, which hides
 * a 1 % cost; a sampling profile does not: every sample names the function that was running, so
 * the share of samples in our functions is our share of the server's CPU, whatever else the
 * machine is doing (other processes slow every sample alike, they do not move the share).
 *
 * A sample counts as ours by **self time**: the function on top of the stack is defined in a file
 * under `packages/<name>/src/` or `packages/<name>/dist/` (ours, as source through tsx or as the
 * built package). Time in the framework code our middleware calls (`next()`, which runs the rest
 * of the app) is not ours; builtins our functions call (e.g. `Object.defineProperty`) are counted
 * by V8 on the calling function, so they are. Functions V8 inlined keep their own frame in the
 * profile (it records inlining positions), so inlining does not move samples between owners.
 */
import { Session, type Profiler } from 'node:inspector';

/** A file of ours: any workspace package's source or build (path or file:// URL). */
const OURS = /[/\\]packages[/\\][\w-]+[/\\](src|dist)[/\\]/;

/** Samples V8 takes while the thread has nothing to run; not server CPU. */
const IDLE = '(idle)';

/** One of our functions and its self samples. */
export interface OurFunction {
  readonly name: string;
  /**
   * `packages/core/src/walk.ts` (no line: under tsx the profile's positions are those of the
   * transpiled code, not of the source).
   */
  readonly where: string;
  readonly samples: number;
}

/** The split of one profile. */
export interface CpuShare {
  /** Samples while the server was running something (everything but `(idle)`). */
  readonly busySamples: number;
  /** Of those, samples whose top frame is one of our functions. */
  readonly ourSamples: number;
  /** `ourSamples / busySamples`. */
  readonly share: number;
  /** Our functions with the most self samples, most first (at most 8). */
  readonly top: readonly OurFunction[];
}

/**
 * Splits `profile` into our functions' self samples and everything else the server ran.
 *
 * @example
 * cpuShare(profile) // { busySamples: 48210, ourSamples: 301, share: 0.0062, top: [...] }
 */
export function cpuShare(profile: Profiler.Profile): CpuShare {
  const hits = new Map<number, number>();
  // `samples` (node id per sample) is exact; `hitCount` is the same total when present.
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const count = (node: Profiler.ProfileNode) =>
    profile.samples === undefined ? (node.hitCount ?? 0) : (hits.get(node.id) ?? 0);
  let busySamples = 0;
  let ourSamples = 0;
  const ours = new Map<string, OurFunction>();
  for (const node of profile.nodes) {
    const n = count(node);
    if (n === 0 || node.callFrame.functionName === IDLE) continue;
    busySamples += n;
    const { url, functionName } = node.callFrame;
    const match = OURS.exec(url);
    if (match === null) continue;
    ourSamples += n;
    const where = url.slice(match.index + 1).replace(/\\/g, '/');
    const name = functionName === '' ? '(anonymous)' : functionName;
    const key = `${name} ${where}`;
    ours.set(key, { name, where, samples: (ours.get(key)?.samples ?? 0) + n });
  }
  const top = [...ours.values()].sort((a, b) => b.samples - a.samples).slice(0, 8);
  return {
    busySamples,
    ourSamples,
    share: busySamples === 0 ? NaN : ourSamples / busySamples,
    top,
  };
}

/**
 * Starts V8's sampling profiler on this thread (through the inspector, so only the window that
 * matters is profiled: no start-up, no warm-up). Resolves to a function that stops it and
 * resolves to the profile.
 *
 * @param intervalMicros sampling interval; 100 µs gives ~10,000 samples per busy second
 * @example
 * const stop = await startProfiling(100);
 * // ... serve the load ...
 * const share = cpuShare(await stop());
 */
export async function startProfiling(
  intervalMicros: number,
): Promise<() => Promise<Profiler.Profile>> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (error, result) =>
        error === null ? resolve(result as T) : reject(error),
      ),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post<Profiler.StopReturnType>('Profiler.stop');
    await post('Profiler.disable');
    session.disconnect();
    return profile;
  };
}
