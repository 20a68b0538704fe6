/**
 * The lists in use, per provider: the bundled snapshot until a refresher (or your own code)
 * replaces one with a newer list that passed validation. `@realip/core` reads them when it
 * compiles `trust` and, for resolvers that named a provider, rebuilds its tables when one changes.
 *
 * Kept on `globalThis` under a registered symbol, so the ESM and CommonJS builds of this package
 * (both can be loaded in one process) share one set of lists.
 */
import { PROVIDERS, isPresetName, type PresetName } from './providers.js';
import type { RangeSet } from './types.js';
import { rangeProblems } from './validate.js';

/** A list in use, with where it came from. */
export interface LiveRanges extends RangeSet {
  /** When the list was taken (`YYYY-MM-DD` for the snapshot, an ISO time once refreshed). */
  readonly taken: string;
  /** `snapshot`: the bundled copy; `refreshed`: replaced at run time. */
  readonly origin: 'snapshot' | 'refreshed';
}

/** Called after a provider's list was replaced. */
export type RangesListener = (name: PresetName, ranges: LiveRanges) => void;

interface Store {
  readonly current: Map<PresetName, LiveRanges>;
  readonly listeners: Set<RangesListener>;
}

const KEY = Symbol.for('@realip/ranges:live');

function store(): Store {
  const holder = globalThis as { [KEY]?: Store };
  return (holder[KEY] ??= { current: new Map(), listeners: new Set() });
}

function snapshotOf(name: PresetName): LiveRanges {
  const { taken, v4, v6 } = PROVIDERS[name].snapshot;
  return { taken, v4, v6, origin: 'snapshot' };
}

/**
 * The list in use for a provider.
 *
 * @example
 * ```ts
 * currentRanges('cloudflare').origin; // → 'snapshot' until a refresher replaced it
 * currentRanges('fastly').v4.includes('151.101.0.0/16'); // → true
 * ```
 */
export function currentRanges(name: PresetName): LiveRanges {
  return store().current.get(name) ?? snapshotOf(name);
}

/**
 * Replaces a provider's list in every resolver that trusts it by name, at once. The list is
 * validated first; an invalid one throws and changes nothing.
 *
 * @example
 * ```ts
 * replaceRanges('fastly', { v4: ['151.101.0.0/16'], v6: [] });
 * replaceRanges('fastly', { v4: [], v6: [] }); // throws: the list is empty; the last good one stays
 * ```
 */
export function replaceRanges(
  name: PresetName,
  ranges: RangeSet,
  taken = new Date().toISOString(),
): void {
  if (!isPresetName(name)) throw new Error(`@realip/ranges: "${String(name)}" is not a provider`);
  const problems = rangeProblems(ranges);
  if (problems.length > 0)
    throw new Error(`@realip/ranges: the ${name} list was refused: ${problems.join('; ')}`);
  const live: LiveRanges = { taken, v4: [...ranges.v4], v6: [...ranges.v6], origin: 'refreshed' };
  const s = store();
  s.current.set(name, live);
  notify(s, name, live);
}

/**
 * Goes back to the bundled snapshot for one provider, or for all.
 *
 * @example
 * ```ts
 * resetRanges('cloudflare');
 * currentRanges('cloudflare').origin; // → 'snapshot'
 * ```
 */
export function resetRanges(name?: PresetName): void {
  const s = store();
  for (const n of name === undefined ? [...s.current.keys()] : [name]) {
    if (s.current.delete(n)) notify(s, n, snapshotOf(n));
  }
}

/**
 * Listens for replaced lists; returns the function that stops listening.
 *
 * @example
 * ```ts
 * const stop = onRangesChange((name, ranges) => log.info({ name, taken: ranges.taken }));
 * stop();
 * ```
 */
export function onRangesChange(listener: RangesListener): () => void {
  const s = store();
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}

function notify(s: Store, name: PresetName, live: LiveRanges): void {
  for (const listener of [...s.listeners]) {
    try {
      listener(name, live);
    } catch {
      // A listener's failure must not keep the new list from the others (the resolvers).
    }
  }
}
