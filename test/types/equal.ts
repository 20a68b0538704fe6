/**
 * Compile-time type equality for the `*.test-d.ts` files: `expectType<Equal<A, B>>(true)` compiles
 * only when A and B are the same type (`any` is equal to nothing but `any`).
 */
export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Accepts only `true`: pass `true as Equal<...>`-style checks through it. */
export function expectType<T extends true>(_ok: T): void {}
