/**
 * doctor's view of provider names and provider ranges: a preset is never `danger` (its lists are
 * validated and hold only the provider's edges); its snapshot's age is reported, with a warning
 * past {@link STALE_DAYS}. A range typed by hand that is one of a provider's published ranges is
 * recognised, so the user is told the name to write instead.
 */
import { PRESET_NAMES, PROVIDERS, currentRanges, type PresetName } from '@realip/ranges';

/**
 * A bundled list older than this many days is reported as stale: providers add ranges a few times
 * a year, and a missing range makes its edges' requests answer the edge.
 *
 * @example
 * ```ts
 * STALE_DAYS; // → 180
 * ```
 */
export const STALE_DAYS = 180;

/**
 * The provider a compiled-trust label comes from (`'cloudflare (104.16.0.0/13)'` → `'cloudflare'`),
 * or the provider whose published list holds the range typed by hand.
 *
 * @example
 * ```ts
 * presetOfLabel('cloudflare (104.16.0.0/13)'); // → { name: 'cloudflare', typed: false }
 * presetOfLabel('104.16.0.0/13'); // → { name: 'cloudflare', typed: true }
 * presetOfLabel('10.0.0.0/8'); // → undefined
 * ```
 */
export function presetOfLabel(label: string): { name: PresetName; typed: boolean } | undefined {
  const named = /^([a-z-]+) \(/.exec(label)?.[1];
  if (named !== undefined && (PRESET_NAMES as readonly string[]).includes(named))
    return { name: named as PresetName, typed: false };
  const name = PRESET_NAMES.find((n) => {
    const { v4, v6 } = currentRanges(n);
    return v4.includes(label) || v6.includes(label);
  });
  return name === undefined ? undefined : { name, typed: true };
}

/**
 * One line per provider named in trust: how many ranges, from when; a warning when stale.
 *
 * @example
 * ```ts
 * presetFindings(new Set(['cloudflare']), new Date('2026-12-02'));
 * // → [{ level: 'warn', message: 'cloudflare: 22 published ranges of Cloudflare, taken 2025-07-25 (495 days ago) ...' }]
 * ```
 */
export function presetFindings(
  names: ReadonlySet<PresetName>,
  now: Date,
): { level: 'note' | 'warn'; message: string }[] {
  return [...names].map((name) => {
    const live = currentRanges(name);
    const days = Math.floor((now.getTime() - Date.parse(live.taken)) / 86_400_000);
    const base = `${name}: ${live.v4.length + live.v6.length} published ranges of ${PROVIDERS[name].title}, taken ${live.taken.slice(0, 10)} (${days} days ago)`;
    return days > STALE_DAYS
      ? {
          level: 'warn' as const,
          message: `${base}, older than ${STALE_DAYS} days: update @realip/ranges, or run its refresher (startRefresher) in long-running servers.`,
        }
      : { level: 'note' as const, message: `${base}.` };
  });
}
