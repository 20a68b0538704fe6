/**
 * Side-by-side timing with tinybench: the libraries of one case run in the same process on the
 * same request, interleaved in rounds (each round rotates which library goes first, so none always
 * runs on a cooler or hotter machine). Each library's figure is its fastest round: other
 * processes on the machine only ever add time, so the fastest round is the most repeatable
 * estimate of the library's own cost (the median is kept too).
 *
 * A single call of ours takes tens of nanoseconds, below what one timer read can resolve, so each
 * tinybench sample is a batch of calls sized to take about {@link TimingOptions.batchNs}, and the
 * batch loop is compiled separately for each library (`new Function`): closures of one function
 * share V8 feedback, and a call site shared by every library would turn megamorphic and charge
 * all of them a dispatch that a real server does not pay.
 */
import { Bench } from 'tinybench';

/** How long and how finely to time. */
export interface TimingOptions {
  /** Rounds per case. */
  readonly rounds: number;
  /** tinybench time budget per library per round, ms. */
  readonly timeMs: number;
  /** tinybench warm-up per library per round, ms. */
  readonly warmupMs: number;
  /** Target duration of one timed sample (a batch of calls), ns. */
  readonly batchNs: number;
}

/** One library's timing on one case. */
export interface Timing {
  /** Mean time per call in the fastest round, ns. */
  readonly nsPerOp: number;
  /** Median over rounds of the mean time per call, ns. */
  readonly medianNsPerOp: number;
  /** Mean ns per call of each round, in round order. */
  readonly rounds: readonly number[];
  /** Calls per sample. */
  readonly batch: number;
  /** Samples over all rounds. */
  readonly samples: number;
}

/** Outputs are kept here so no call's work can be optimised away. */
const SINK: unknown[] = new Array<unknown>(64).fill(undefined);

type Batch = () => void;

function compileBatch(run: () => unknown, calls: number): Batch {
  // A fresh function per library, so its call site sees one library only (see the module comment).
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- fixed source, no input in it
  const make = new Function(
    'run',
    'sink',
    'calls',
    'return function batch() { for (let i = 0; i < calls; i++) sink[i & 63] = run(); };',
  ) as (run: () => unknown, sink: unknown[], calls: number) => Batch;
  return make(run, SINK, calls);
}

/** Calls per batch so that one batch takes about `batchNs`. */
function batchSize(run: () => unknown, batchNs: number): number {
  for (let calls = 1; ; calls *= 2) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) SINK[i & 63] = run();
    const ns = Number(process.hrtime.bigint() - t0);
    if (ns >= 200_000 || calls >= 1 << 20) {
      return Math.max(1, Math.min(100_000, Math.round((batchNs * calls) / Math.max(ns, 1))));
    }
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times every library of one case, interleaved; returns a timing per name. */
export async function timeInterleaved(
  libraries: readonly { name: string; run: () => unknown }[],
  options: TimingOptions,
): Promise<Map<string, Timing>> {
  const tasks = libraries.map(({ name, run }) => {
    const calls = batchSize(run, options.batchNs);
    return { name, calls, batch: compileBatch(run, calls), means: [] as number[], samples: 0 };
  });
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      time: options.timeMs,
      warmup: options.warmupMs > 0,
      warmupTime: options.warmupMs,
      iterations: 16,
      warmupIterations: 4,
      timestampProvider: 'hrtimeNow',
      throws: true,
    });
    const order = tasks.map((_, i) => tasks[(i + round) % tasks.length]!);
    for (const task of order) bench.add(task.name, task.batch);
    await bench.run();
    for (const task of order) {
      const result = bench.getTask(task.name)?.result;
      if (result?.state !== 'completed') throw new Error(`${task.name}: ${result?.state}`);
      task.means.push((result.latency.mean * 1e6) / task.calls);
      task.samples += result.latency.samplesCount;
    }
  }
  return new Map(
    tasks.map((t) => [
      t.name,
      {
        nsPerOp: Math.min(...t.means),
        medianNsPerOp: median(t.means),
        rounds: t.means,
        batch: t.calls,
        samples: t.samples,
      },
    ]),
  );
}
