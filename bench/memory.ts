/**
 * Bytes allocated per call, measured as heap growth over many calls with every garbage collection
 * in between accounted for: `v8.GCProfiler` reports the heap before and after each collection,
 * so allocated = (heap at end - heap at start) + what each collection freed. This holds however
 * many collections run, so the call count can be large (1e6 for ours) without a huge young space.
 * Code spaces are left out: V8 optimising the loop midway is not the function allocating. The
 * figure is the median of five slices of the calls, so a slice that overlaps V8's own
 * bookkeeping (concurrent sweeping returning memory after a major collection) does not skew it.
 *
 * One small result object of 8 fields is 88 B on 64-bit Node (3 header words and 8 fields); an
 * answer string copied out of a header is 24-32 B more.
 */
import { GCProfiler, getHeapSpaceStatistics } from 'node:v8';

/** Outputs are kept so that escape analysis cannot remove the allocation being measured. */
const KEEP: unknown[] = new Array<unknown>(1024).fill(undefined);

/** Collects garbage first when the process runs with --expose-gc, for a quieter start. */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

const isData = (space: string) => !space.startsWith('code');

/** Bytes in use in the heap's data spaces now. */
function dataInUse(): number {
  let bytes = 0;
  for (const s of getHeapSpaceStatistics()) if (isData(s.space_name)) bytes += s.space_used_size;
  return bytes;
}

/**
 * Bytes in use in the data spaces in a GCProfiler snapshot. At run time its fields are camelCase
 * (`spaceUsedSize`), whereas @types/node reuses the snake_case type of getHeapSpaceStatistics().
 */
function dataInSnapshot(snapshot: { heapSpaceStatistics: unknown }): number {
  let bytes = 0;
  const spaces = snapshot.heapSpaceStatistics as { spaceName: string; spaceUsedSize: number }[];
  for (const s of spaces) if (isData(s.spaceName)) bytes += s.spaceUsedSize;
  return bytes;
}

/** Bytes allocated per call of `run`: the median of 5 slices of `calls` calls in all (after a warm-up slice). */
export function bytesPerCall(run: () => unknown, calls: number): number {
  const perSlice = Math.max(1, Math.floor(calls / 5));
  // A first, discarded slice: the optimising compiler's metadata for `run` and for the loop lands
  // in the data spaces during it, and on a busy machine it would otherwise land in a measured one.
  bytesPerCallOnce(run, perSlice);
  collect();
  const slices: number[] = [];
  for (let k = 0; k < 5; k++) slices.push(bytesPerCallOnce(run, perSlice));
  KEEP.fill(undefined);
  return slices.sort((a, b) => a - b)[2]!;
}

function bytesPerCallOnce(run: () => unknown, calls: number): number {
  const profiler = new GCProfiler();
  profiler.start();
  const before = dataInUse();
  for (let i = 0; i < calls; i++) KEEP[i & 1023] = run();
  const after = dataInUse();
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const gc of statistics) freed += dataInSnapshot(gc.beforeGC) - dataInSnapshot(gc.afterGC);
  return Math.max(0, (after - before + freed) / calls);
}

/** Calls to measure: 1e6 for fast functions, fewer for slow ones (about `budgetMs` each). */
export function callsFor(nsPerOp: number, budgetMs = 150): number {
  return Math.max(200, Math.min(1_000_000, Math.floor((budgetMs * 1e6) / nsPerOp)));
}
