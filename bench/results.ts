/** The shape of a benchmark run, as printed and as written to bench/results/*.json. */
import type { LibraryName } from './libraries.js';
import type { BoundedResult } from './bounded.js';
import type { ListSizeResult } from './list-size.js';
import type { CpuShareResult } from './server/cpu-share.js';
import type { LoadResult } from './server/load.js';

/** One library on one case. */
export interface LibraryResult {
  readonly name: LibraryName;
  /** ns per call (fastest round); see timing.ts. */
  readonly nsPerOp: number;
  /** ns per call, median over rounds. */
  readonly medianNsPerOp: number;
  readonly roundsNsPerOp: readonly number[];
  /** Calls per timed sample, and samples over all rounds. */
  readonly batch: number;
  readonly samples: number;
  /** Bytes allocated per call (memory.ts). */
  readonly bytesPerOp: number;
  /** This library's time over ours (1 for ours). */
  readonly ratio: number;
  /** What it answered, as returned; undefined when it produces no address. */
  readonly answer: string | undefined;
  /** Same client as ours (canonically)? undefined when there is nothing to compare. */
  readonly agrees: boolean | undefined;
  /** Why it is known to disagree, or why there is nothing to compare. */
  readonly note: string | undefined;
}

/** One case. */
export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly expected: string;
  readonly libraries: readonly LibraryResult[];
}

/** One issue-6 target, as measured in this run. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  /** undefined when the run could not measure it (e.g. an adapter is missing). */
  readonly met: boolean | undefined;
}

/** A whole run. */
export interface Results {
  readonly generatedAt: string;
  readonly machine: {
    readonly node: string;
    readonly v8: string;
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly os: string;
    /** 1-minute load average when the run started and ended: other processes skew timings. */
    readonly loadAverage: readonly [number, number];
  };
  readonly settings: Record<string, unknown>;
  readonly cases: readonly CaseResult[];
  /** Hostile headers at 64 KiB and 1 MiB (bounded.ts); empty when filtered out. */
  readonly bounded: readonly BoundedResult[];
  /** Trusted-list sizes interleaved in one process (list-size.ts; absent in runs before issue 11). */
  readonly listSize?: readonly ListSizeResult[];
  readonly server: LoadResult | undefined;
  /** Share of server CPU in our functions, per framework (absent in runs before issue 14). */
  readonly cpuShare?: readonly CpuShareResult[];
  readonly targets: readonly TargetResult[];
}
