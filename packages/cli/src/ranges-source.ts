/**
 * Where `realip ranges check|update` reads a provider's current list from: its official endpoint
 * (through `@realip/ranges/refresher`'s `fetchProviderRanges`: deadline, size cap, no redirect,
 * 200 only), another URL, or a file saved from one. Either way the body is parsed in the
 * provider's published format and validated as the refresher would before anything trusts it.
 */
import { readFileSync } from 'node:fs';
import {
  PROVIDERS,
  parseRangesBody,
  rangeProblems,
  type PresetName,
  type RangeSet,
} from '@realip/ranges';
import { fetchProviderRanges } from '@realip/ranges/refresher';

/** A list read from a source, and what it changes against the bundled snapshot. */
export interface CurrentList {
  /** What was read: the URL or the file. */
  readonly from: string;
  readonly ranges: RangeSet;
  /** Ranges in the current list but not in the snapshot. */
  readonly added: readonly string[];
  /** Ranges in the snapshot but no longer in the current list. */
  readonly removed: readonly string[];
}

/**
 * Where a provider's list would be read from without `--source`, or why it cannot be.
 *
 * @example
 * ```ts
 * defaultSource('cloudflare'); // → { url: 'https://api.cloudflare.com/client/v4/ips' }
 * defaultSource('google-lb'); // → { why: 'published only as documentation (https://cloud.google.com/...)' }
 * ```
 */
export function defaultSource(name: PresetName): { url: string } | { why: string } {
  const { endpoint, format, source } = PROVIDERS[name];
  if (endpoint !== undefined) return { url: endpoint.url };
  return {
    why:
      format === 'documentation'
        ? `published only as documentation (${source}): save the table as one CIDR a line and pass --source <file>`
        : `no fixed endpoint: pass --source <the current file's URL, or the file> (${source})`,
  };
}

/**
 * Reads a provider's current list from `source` (an http(s) URL or a file path; default: the
 * official endpoint), and compares it with the bundled snapshot. Rejects with an `Error` saying
 * what went wrong (unreachable, not 200, not the format, refused by validation).
 *
 * @example
 * ```ts
 * const list = await readCurrentList('fastly', undefined, 10_000);
 * list.added; // → [] when the bundled snapshot is current
 * ```
 */
export async function readCurrentList(
  name: PresetName,
  source: string | undefined,
  timeoutMs: number,
): Promise<CurrentList> {
  const from = source ?? defaultUrl(name);
  const ranges = /^https?:\/\//i.test(from)
    ? await fetchProviderRanges(name, { url: from, timeoutMs })
    : readFile(name, from);
  const { v4, v6 } = PROVIDERS[name].snapshot;
  const before = new Set([...v4, ...v6]);
  const after = [...ranges.v4, ...ranges.v6];
  const now = new Set(after);
  return {
    from,
    ranges,
    added: after.filter((r) => !before.has(r)),
    removed: [...before].filter((r) => !now.has(r)),
  };
}

function defaultUrl(name: PresetName): string {
  const found = defaultSource(name);
  if ('why' in found) throw new Error(found.why);
  return found.url;
}

/** A saved copy: the same format as the endpoint's (or the published page's), the same checks. */
function readFile(name: PresetName, file: string): RangeSet {
  const { endpoint, format, select } = PROVIDERS[name];
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      cause: err,
    });
  }
  const ranges = parseRangesBody(endpoint?.format ?? format, body, select);
  const problems = rangeProblems(ranges);
  if (problems.length > 0) throw new Error(`the ${name} list was refused: ${problems.join('; ')}`);
  return ranges;
}
