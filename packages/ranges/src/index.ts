/**
 * `@realip/ranges`: the published ranges of CDNs and cloud load balancers, as trust presets.
 *
 * `@realip/core` (and so every adapter) takes these names as trust entries:
 * `trust: ['loopback', 'cloudflare']`. Each list is bundled as a dated snapshot; a long-running
 * server can keep them current with the opt-in refresher (`@realip/ranges/refresher`), which is
 * the only code here that touches the network.
 *
 * @example
 * ```ts
 * import { PROVIDERS, currentRanges } from '@realip/ranges';
 * PROVIDERS.cloudflare.snapshot.taken; // the day the bundled list was taken
 * currentRanges('cloudflare').v4; // the list in use
 * ```
 * @module
 */
export {
  PROVIDERS,
  PRESET_NAMES,
  isPresetName,
  providerOfHeader,
  type PresetName,
  type Provider,
} from './providers.js';
export {
  currentRanges,
  onRangesChange,
  replaceRanges,
  resetRanges,
  type LiveRanges,
  type RangesListener,
} from './live.js';
export { parseRangesBody } from './formats.js';
export { BROADEST, rangeProblems } from './validate.js';
export { snapshotModule } from './snapshot-module.js';
export type { ProviderSnapshot, RangeSet, RangesFormat } from './types.js';
