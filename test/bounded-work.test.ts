/**
 * Bounded work, counted rather than timed: every hostile header of the benchmark's bounded-work
 * table (bench/bounded.ts), at 1 MiB, is resolved with `String.prototype.charCodeAt` counting
 * its calls. The resolver reads headers only through `charCodeAt`, so the count is the number of
 * characters it looked at: it must stay a few elements' worth (`MAX_ELEMENT` is 1,024), never
 * the header's length. Deterministic, so no time is asserted.
 */
import { BOUNDED_CASES, SIZES, checkBounded, prepareBounded } from '../bench/bounded';

function charactersRead(run: () => unknown): number {
  const descriptor = Object.getOwnPropertyDescriptor(String.prototype, 'charCodeAt')!;
  const original = descriptor.value as (this: string, index: number) => number;
  let reads = 0;
  Object.defineProperty(String.prototype, 'charCodeAt', {
    ...descriptor,
    value: function charCodeAt(this: string, index: number) {
      reads++;
      return original.call(this, index);
    },
  });
  try {
    run();
  } finally {
    Object.defineProperty(String.prototype, 'charCodeAt', descriptor);
  }
  return reads;
}

test('every bounded-work case answers as the table says, at both sizes', () => {
  expect(checkBounded(BOUNDED_CASES)).toEqual([]);
});

test.each(BOUNDED_CASES.map((c) => [c.title, c] as const))(
  '%s: a 1 MiB header is read for at most 8 KiB',
  (_title, c) => {
    const run = prepareBounded(c, SIZES.large);
    expect(charactersRead(run)).toBeLessThanOrEqual(8 * 1024);
  },
);
