/**
 * `@realip/ranges/refresher`: keeps provider lists current in a long-running server. Opt-in, and
 * the only module of the project that touches the network.
 *
 * The rules, learnt from the libraries that did this before (cloudflare-rails hung workers on a
 * 60 s default timeout; Caddy's first failed fetch left the list empty):
 * - starting never waits for the network: the bundled snapshot is in use from the first request;
 * - every fetch has a deadline and a size cap, follows no redirect, and must answer 200;
 * - a body is parsed in the provider's published format and validated (validate.ts) before it
 *   replaces anything; on any failure the last good list stays (the snapshot at first) and the
 *   next attempt backs off, doubling up to the interval;
 * - a replaced list reaches every running resolver that named the provider at once (live.ts);
 * - timers are `unref`'d, so the refresher never keeps a process alive.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseRangesBody } from './formats.js';
import { currentRanges, replaceRanges } from './live.js';
import { PRESET_NAMES, PROVIDERS, isPresetName, type PresetName } from './providers.js';
import type { RangeSet } from './types.js';
import { rangeProblems } from './validate.js';

/** Limits of one fetch. */
export interface FetchOptions {
  /** The endpoint; defaults to the provider's official one (Azure has none: pass the file's URL). */
  url?: string;
  /** Deadline for the whole fetch, headers and body (default 10 s). */
  timeoutMs?: number;
  /** Largest body accepted (default 16 MiB; AWS's ip-ranges.json is about 2.6 MB). */
  maxBytes?: number;
}

/** Options of {@link startRefresher}. */
export interface RefresherOptions {
  /** The providers to keep current. */
  providers: readonly PresetName[];
  /** Time between successful fetches (default 6 hours, at least 1 minute). */
  intervalMs?: number;
  /** First retry after a failure; doubles each time, up to `intervalMs` (default 1 minute). */
  retryMs?: number;
  /** Deadline of one fetch (default 10 s). */
  timeoutMs?: number;
  /** Largest body accepted (default 16 MiB). */
  maxBytes?: number;
  /** Endpoints that replace the official ones, per provider (required for `azure-frontdoor`). */
  urls?: Partial<Record<PresetName, string>>;
  /** After each successful fetch; `changed` is false when the list was the one in use. */
  onUpdate?: (name: PresetName, ranges: RangeSet, changed: boolean) => void;
  /** After each failed fetch, with the delay before the next attempt; the list in use is kept. */
  onError?: (name: PresetName, error: Error, retryInMs: number) => void;
}

/** A running refresher. */
export interface Refresher {
  /** Fetches every provider now (outside the schedule); resolves when all have finished. */
  refreshNow(): Promise<void>;
  /** Stops the timers; a fetch under way finishes but its result is dropped. */
  stop(): void;
}

const DEFAULTS = {
  intervalMs: 6 * 3600_000,
  retryMs: 60_000,
  timeoutMs: 10_000,
  maxBytes: 16 << 20,
};

/**
 * Fetches one provider's list from its endpoint, parsed and validated; rejects with an `Error`
 * saying what went wrong. Replaces nothing (see {@link startRefresher} and `replaceRanges`).
 *
 * @example
 * ```ts
 * const ranges = await fetchProviderRanges('cloudflare', { timeoutMs: 5000 });
 * ranges.v4.length; // → 15
 * ```
 */
export async function fetchProviderRanges(
  name: PresetName,
  options: FetchOptions = {},
): Promise<RangeSet> {
  const provider = PROVIDERS[name];
  const url = options.url ?? provider.endpoint?.url;
  if (url === undefined) throw new Error(noEndpoint(name));
  const format = provider.endpoint?.format ?? provider.format;
  const body = await get(
    url,
    options.timeoutMs ?? DEFAULTS.timeoutMs,
    options.maxBytes ?? DEFAULTS.maxBytes,
  );
  const ranges = parseRangesBody(format, body, provider.select);
  const problems = rangeProblems(ranges);
  if (problems.length > 0) throw new Error(`the ${name} list was refused: ${problems.join('; ')}`);
  return ranges;
}

/**
 * Starts keeping provider lists current. Returns at once: nothing waits for the network, the
 * lists in use stay until a fetched one passes validation. Throws (synchronously) on bad options.
 *
 * @example
 * ```ts
 * import { startRefresher } from '@realip/ranges/refresher';
 * const refresher = startRefresher({
 *   providers: ['cloudflare'],
 *   onError: (name, err) => log.warn(`${name} ranges not refreshed: ${err.message}`),
 * });
 * process.on('SIGTERM', () => refresher.stop());
 * ```
 */
export function startRefresher(options: RefresherOptions): Refresher {
  const settings = checkOptions(options);
  let stopped = false;
  const timers = new Map<PresetName, NodeJS.Timeout>();
  const failures = new Map<PresetName, number>();

  const schedule = (name: PresetName, delay: number) => {
    clearTimeout(timers.get(name));
    const timer = setTimeout(() => void refresh(name), delay);
    timer.unref();
    timers.set(name, timer);
  };

  const refresh = async (name: PresetName): Promise<void> => {
    try {
      const ranges = await fetchProviderRanges(name, {
        url: options.urls?.[name],
        timeoutMs: settings.timeoutMs,
        maxBytes: settings.maxBytes,
      });
      if (stopped) return;
      failures.delete(name);
      const changed = !sameRanges(ranges, currentRanges(name));
      if (changed) replaceRanges(name, ranges);
      schedule(name, settings.intervalMs);
      options.onUpdate?.(name, ranges, changed);
    } catch (err) {
      if (stopped) return;
      const n = (failures.get(name) ?? 0) + 1;
      failures.set(name, n);
      const retry = Math.min(settings.intervalMs, settings.retryMs * 2 ** (n - 1));
      schedule(name, retry);
      options.onError?.(name, err instanceof Error ? err : new Error(String(err)), retry);
    }
  };

  for (const name of settings.providers) schedule(name, 0);
  return {
    refreshNow: async () => {
      await Promise.all(settings.providers.map((name) => refresh(name)));
    },
    stop: () => {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

function checkOptions(options: RefresherOptions) {
  const fail = (problem: string) => new TypeError(`@realip/ranges/refresher: ${problem}`);
  if (typeof options !== 'object' || options === null || !Array.isArray(options.providers))
    throw fail('options.providers must be an array of provider names');
  const providers: PresetName[] = [...new Set<PresetName>(options.providers)];
  for (const name of providers) {
    if (!isPresetName(name))
      throw fail(`"${String(name)}" is not a provider (known: ${PRESET_NAMES.join(', ')})`);
    if (options.urls?.[name] === undefined && PROVIDERS[name].endpoint === undefined)
      throw fail(noEndpoint(name));
  }
  const settings = { ...DEFAULTS, providers };
  for (const key of ['intervalMs', 'retryMs', 'timeoutMs', 'maxBytes'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0)
      throw fail(`${key} must be a positive whole number`);
    settings[key] = value;
  }
  if (settings.intervalMs < 60_000) throw fail('intervalMs must be at least 60000 (one minute)');
  return settings;
}

function noEndpoint(name: PresetName): string {
  const { format, source } = PROVIDERS[name];
  return format === 'documentation'
    ? `${name} is published only as documentation (${source}): there is nothing to fetch; the bundled list is updated with the package`
    : `${name} has no fixed endpoint: pass urls: { '${name}': '<the current file's URL>' } (${source})`;
}

function sameRanges(a: RangeSet, b: RangeSet): boolean {
  const key = (r: RangeSet) => JSON.stringify([[...r.v4].sort(), [...r.v6].sort()]);
  return key(a) === key(b);
}

/** One GET with a deadline over the whole exchange and a cap on the body; 200 only. */
function get(url: string, timeoutMs: number, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error(`"${url}" is not a URL`));
      return;
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      reject(new Error(`"${url}" is not an http(s) URL`));
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { headers: { accept: 'application/json, text/plain' } });
    const timer = setTimeout(
      () => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
    const done = (err: Error | undefined, body?: string) => {
      clearTimeout(timer);
      if (err === undefined) resolve(body!);
      else reject(err);
    };
    req.on('error', (err) => done(err));
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        const where =
          res.headers.location === undefined ? '' : ` (to ${res.headers.location}, not followed)`;
        res.resume();
        req.destroy();
        done(new Error(`HTTP ${res.statusCode}${where}`));
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (declared > maxBytes) {
        req.destroy();
        done(new Error(`the body is larger than ${maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy();
          done(new Error(`the body is larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => done(undefined, Buffer.concat(chunks).toString('utf8')));
      res.on('aborted', () => done(new Error('the connection closed before the body ended')));
      res.on('error', (err) => done(err));
    });
    req.end();
  });
}
