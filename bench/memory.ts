/**
 * Bytes allocated per call, measured as heap growth over many calls with every garbage collection
 * in between accounted for: `v8.GCProfiler` reports the heap before and after each collection,
 * so allocated = (heap at end - heap at start) + what each collection freed. This holds however
 * many collections run, so the call count can be large (1e6 for ours) without a huge young space.
 *
 * One small result object of 8 fields is 88 B on 64-bit Node (3 header words and 8 fields); an
 * answer string copied out of a header is 24-32 B more.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

/** Outputs are kept so that escape analysis cannot remove the allocation being measured. */
const KEEP: unknown[] = new Array<unknown>(1024).fill(undefined);

/** Collects garbage first when the process runs with --expose-gc, for a quieter start. */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

/**
 * Heap in use in a GCProfiler snapshot. At run time the fields are camelCase (`usedHeapSize`),
 * whereas @types/node reuses the snake_case `HeapStatistics` of `getHeapStatistics()`.
 */
function used(snapshot: { heapStatistics: unknown }): number {
  return (snapshot.heapStatistics as { usedHeapSize: number }).usedHeapSize;
}

/** Mean bytes allocated per call of `run` over `calls` calls (after a short warm-up). */
export function bytesPerCall(run: () => unknown, calls: number): number {
  for (let i = 0; i < Math.min(calls, 1000); i++) KEEP[i & 1023] = run();
  collect();
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  for (let i = 0; i < calls; i++) KEEP[i & 1023] = run();
  const after = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const gc of statistics) freed += used(gc.beforeGC) - used(gc.afterGC);
  KEEP.fill(undefined);
  return Math.max(0, (after - before + freed) / calls);
}

/** Calls to measure: 1e6 for fast functions, fewer for slow ones (about `budgetMs` each). */
export function callsFor(nsPerOp: number, budgetMs = 150): number {
  return Math.max(200, Math.min(1_000_000, Math.floor((budgetMs * 1e6) / nsPerOp)));
}
