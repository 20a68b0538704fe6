/**
 * One case end to end: every library prepared, answers checked against ours, timed side by side,
 * allocations measured. The timer is passed in (run.ts passes tinybench's, timing.ts) so this
 * module loads where tinybench, an ES module only, cannot: Jest runs tests as CommonJS.
 */
import { checkCase } from './agree.js';
import type { BenchCase } from './cases.js';
import { OURS, prepareCase } from './libraries.js';
import { bytesPerCall, callsFor } from './memory.js';
import type { CaseResult, LibraryResult } from './results.js';
import type { Settings } from './settings.js';
import type { Timing, TimingOptions } from './timing.js';

/** Times the libraries of one case; see `timeInterleaved` in timing.ts. */
export type Timer = (
  libraries: readonly { name: string; run: () => unknown }[],
  options: TimingOptions,
) => Promise<Map<string, Timing>>;

/** The case's results, and any answer that no longer matches the case definition. */
export async function measureCase(
  c: BenchCase,
  settings: Settings,
  time: Timer,
): Promise<{ result: CaseResult; problems: readonly string[] }> {
  const libraries = prepareCase(c);
  const check = checkCase(c, libraries);
  const timings = await time(
    libraries.map(({ name, prepared }) => ({ name, run: prepared.run })),
    settings.timing,
  );
  const ours = timings.get(OURS)!.nsPerOp;
  const results: LibraryResult[] = libraries.map(({ name, prepared }, i) => {
    const t = timings.get(name)!;
    const verdict = check.verdicts[i]!;
    return {
      name,
      nsPerOp: t.nsPerOp,
      medianNsPerOp: t.medianNsPerOp,
      roundsNsPerOp: t.rounds,
      batch: t.batch,
      samples: t.samples,
      bytesPerOp: bytesPerCall(prepared.run, callsFor(t.nsPerOp, settings.memoryMs)),
      ratio: t.nsPerOp / ours,
      answer: verdict.answer,
      agrees: verdict.agrees,
      note: verdict.note,
    };
  });
  return {
    result: { id: c.id, title: c.title, expected: c.expected, libraries: results },
    problems: check.problems.map((p) => `${c.id}: ${p}`),
  };
}
