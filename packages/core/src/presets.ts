/**
 * Provider names as trust entries (`trust: ['loopback', 'cloudflare']`), read from
 * `@realip/ranges` when trust is compiled.
 *
 * A resolver that named a provider follows that provider's list: when a refresher (or
 * `replaceRanges`) swaps a list, every such compiled trust is rebuilt and its matching table
 * replaced in one assignment, so a request sees the old table or the new one, never a mix. Nothing
 * here runs per request, and no network code is imported: only the refresher fetches, in
 * `@realip/ranges/refresher`, and only when an application starts it.
 */
import {
  PRESET_NAMES,
  currentRanges,
  isPresetName,
  onRangesChange,
  providerOfHeader,
  type PresetName,
} from '@realip/ranges';
import type { CompiledTrust } from './trust.js';

export { PRESET_NAMES, isPresetName, providerOfHeader, type PresetName };

/** Compiled trusts that named a provider, held weakly: a dropped resolver is not kept alive. */
const followers = new Set<Follower>();
let listening = false;
let rebuilding = false;

interface Follower {
  readonly presets: ReadonlySet<PresetName>;
  readonly trust: WeakRef<CompiledTrust>;
  readonly rebuild: () => CompiledTrust;
}

/**
 * A provider's CIDRs in use now (IPv4 first), for compiling a trust entry.
 *
 * @example
 * ```ts
 * presetCidrs('google-lb'); // → ['35.191.0.0/16', '130.211.0.0/22', '2600:2d00:1:b029::/64', ...]
 * ```
 */
export function presetCidrs(name: PresetName): string[] {
  const { v4, v6 } = currentRanges(name);
  return [...v4, ...v6];
}

/**
 * Makes a compiled trust follow the lists of the providers it named; returns it.
 *
 * @example
 * ```ts
 * return presets.size === 0 ? trust : followPresets(trust, presets, () => compileTrust(option));
 * ```
 */
export function followPresets(
  trust: CompiledTrust,
  presets: ReadonlySet<PresetName>,
  rebuild: () => CompiledTrust,
): CompiledTrust {
  if (rebuilding) return trust; // the fresh copy made by a rebuild lends its fields, then goes
  if (!listening) {
    listening = true;
    onRangesChange(rebuildFollowers);
  }
  followers.add({ presets, trust: new WeakRef(trust), rebuild });
  return trust;
}

function rebuildFollowers(name: PresetName): void {
  for (const follower of followers) {
    const trust = follower.trust.deref();
    if (trust === undefined) {
      followers.delete(follower);
      continue;
    }
    if (!follower.presets.has(name)) continue;
    let fresh: CompiledTrust;
    rebuilding = true;
    try {
      fresh = follower.rebuild();
    } catch {
      continue; // the list passed @realip/ranges' checks; should ours refuse it, keep the old one
    } finally {
      rebuilding = false;
    }
    // The walk reads only `table`; the other fields serve explanations and the CLI.
    Object.assign(trust as { -readonly [K in keyof CompiledTrust]: CompiledTrust[K] }, {
      v4: fresh.v4,
      v6: fresh.v6,
      labels: fresh.labels,
      table: fresh.table,
    });
  }
}
