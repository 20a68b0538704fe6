/**
 * How long each part of the benchmark runs. The full run stays around two minutes on a 2-core
 * machine; the smoke run only proves every case and server variant still runs and agrees.
 */
import type { ProfileOptions } from './server/cpu-share.js';
import type { LoadOptions } from './server/load.js';
import type { TimingOptions } from './timing.js';

/** Durations of one run. */
export interface Settings {
  readonly timing: TimingOptions;
  /** Time budget of the allocation measurement per library per case, ms (at most 1e6 calls). */
  readonly memoryMs: number;
  readonly load: LoadOptions;
  /** The CPU profile of each framework with realIp() under a steady load (server/cpu-share.ts). */
  readonly profile: ProfileOptions;
}

/** `npm run bench`. */
export const FULL: Settings = {
  timing: { rounds: 5, timeMs: 40, warmupMs: 10, batchNs: 20_000 },
  memoryMs: 100,
  load: { durationS: 1.2, rounds: 3, warmupS: 0.5, connections: 10 },
  // 100 µs sampling over 6 s of a busy server: ~50,000 samples, so 1 % is ~500 of them.
  profile: { warmupS: 1, durationS: 6, connections: 10, intervalMicros: 100 },
};

/** `npm run bench -- --smoke` and the CI test: a few iterations of everything, no timing claims. */
export const SMOKE: Settings = {
  timing: { rounds: 1, timeMs: 1, warmupMs: 0, batchNs: 1_000 },
  memoryMs: 0,
  load: { durationS: 0.3, rounds: 1, warmupS: 0.1, connections: 2 },
  profile: { warmupS: 0.1, durationS: 0.3, connections: 2, intervalMicros: 100 },
};
