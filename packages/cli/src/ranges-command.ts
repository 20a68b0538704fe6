/**
 * `realip ranges show|check|update`: the provider lists bundled with `@realip/ranges`.
 * - `show`: providers, counts, snapshot dates and sources (one provider: its ranges too);
 * - `check`: reads the current lists from the official sources and reports drift against the
 *   snapshot; exit 0 when every list checked is current, 1 when one drifted, 3 when one could not
 *   be read (so a CI job can tell "update the package" from "the network is down");
 * - `update`: writes the snapshot modules (`snapshot-<name>.ts`) from the current lists, for
 *   maintainers with internet.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  PRESET_NAMES,
  PROVIDERS,
  isPresetName,
  snapshotModule,
  type PresetName,
} from '@realip/ranges';
import type { createColors } from 'picocolors';
import { STALE_DAYS } from './preset-review.js';
import { defaultSource, readCurrentList, type CurrentList } from './ranges-source.js';
import { alignColumns } from './table.js';

type Colors = ReturnType<typeof createColors>;

/** Where `ranges` writes, and how it reports its exit code. */
export interface RangesCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly exit: (code: number) => void;
}

interface FetchFlags {
  source?: string;
  timeout: string;
  json?: boolean;
}

/** One provider's outcome: the list read (and the file written), or why there is none. */
type Result =
  | { name: PresetName; list: CurrentList; wrote?: string }
  | { name: PresetName; error: string; skipped: boolean };

/** Exit codes of `check` (and `update`): 1 drift, 3 a list could not be read. */
const DRIFT = 1;
const UNREADABLE = 3;

/**
 * Adds the `ranges` command and its subcommands to `program`.
 *
 * @example
 * ```ts
 * addRangesCommand(program, { stdout, stderr, exit: (code) => (exitCode = code) }, colors);
 * // realip ranges check cloudflare --source ./ips.json
 * ```
 */
export function addRangesCommand(program: Command, io: RangesCommandIo, c: Colors): void {
  const ranges = program
    .command('ranges')
    .description('the CDN and cloud load balancer lists behind the trust names (cloudflare, ...)');

  ranges
    .command('show')
    .description('providers, range counts, snapshot dates and sources; with a name, its ranges')
    .argument('[provider]', `one of ${PRESET_NAMES.join(', ')}`)
    .option('--json', 'print JSON for scripts')
    .action((name: string | undefined, flags: { json?: boolean }, command: Command) => {
      const names = namesOf(name === undefined ? [] : [name], command);
      const shown = names.map((n) => {
        const p = PROVIDERS[n];
        return {
          name: n,
          title: p.title,
          v4: p.snapshot.v4.length,
          v6: p.snapshot.v6.length,
          taken: p.snapshot.taken,
          ageDays: ageInDays(p.snapshot.taken),
          source: p.source,
          format: p.format,
          endpoint: p.endpoint?.url,
          mirror: p.snapshot.mirror,
          ...(name !== undefined && {
            scope: p.scope,
            headers: p.headers,
            ranges: [...p.snapshot.v4, ...p.snapshot.v6],
          }),
        };
      });
      if (flags.json === true) {
        io.stdout(`${JSON.stringify(name === undefined ? shown : shown[0], null, 2)}\n`);
        return;
      }
      const age = (days: number) =>
        days > STALE_DAYS ? c.yellow(`${days} days old`) : `${days} days old`;
      if (name === undefined) {
        const rows = shown.map((s) => [
          s.name,
          `${s.v4} + ${s.v6}`,
          s.taken,
          `(${age(s.ageDays)})`,
          s.source,
        ]);
        const [head, ...body] = alignColumns([
          ['name', 'IPv4 + IPv6', 'taken', '', 'source'],
          ...rows,
        ]);
        io.stdout(
          `${c.bold(head)}\n${body.join('\n')}\n${c.dim('realip ranges show <name> for its ranges')}\n`,
        );
        return;
      }
      const s = shown[0]!;
      io.stdout(
        `${c.bold(`${s.name}`)}: ${s.title}, ${s.scope}\n` +
          `  snapshot  ${s.v4} IPv4 + ${s.v6} IPv6 ranges, taken ${s.taken} (${age(s.ageDays)}), from ${s.mirror}\n` +
          `  source    ${s.source} (${s.format})${s.endpoint === undefined || s.endpoint === s.source ? '' : `; read from ${s.endpoint}`}\n` +
          (s.headers!.length > 0 ? `  headers   ${s.headers!.join(', ')}\n` : '') +
          s.ranges!.map((r) => `  ${r}\n`).join(''),
      );
    });

  const fetching = (command: Command) =>
    command
      .argument(
        '[provider...]',
        `default: every provider with an endpoint (${PRESET_NAMES.join(', ')})`,
      )
      .option(
        '--source <url|file>',
        "read the list from this URL or saved file (one provider only), in the provider's published format",
      )
      .option('--timeout <ms>', 'deadline of each fetch', '10000')
      .option('--json', 'print JSON for scripts');

  fetching(ranges.command('check'))
    .description(
      'compare the bundled lists with the current ones from their sources: exit 1 on drift, 3 when a list cannot be read',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  realip ranges check               # in CI, with internet: fails when @realip/ranges is stale\n  realip ranges check cloudflare --source ./cloudflare-ips.json',
    )
    .action(async (names: string[], flags: FetchFlags, command: Command) => {
      const results = await readAll(names, flags, command);
      report(io, c, results, flags, 'check');
    });

  fetching(ranges.command('update'))
    .description(
      "write the snapshot modules (snapshot-<name>.ts) from the current lists (for @realip/ranges' maintainers)",
    )
    .option('--dir <path>', "the directory of @realip/ranges' sources", 'packages/ranges/src')
    .option(
      '--mirror <text>',
      'where the list was read from, recorded in the snapshot (default: the source)',
    )
    .action(
      async (
        names: string[],
        flags: FetchFlags & { dir: string; mirror?: string },
        command: Command,
      ) => {
        const results = await readAll(names, flags, command);
        const taken = new Date().toISOString().slice(0, 10);
        mkdirSync(flags.dir, { recursive: true });
        for (const r of results) {
          if (!('list' in r)) continue;
          const file = path.join(flags.dir, `snapshot-${r.name}.ts`);
          const { v4, v6 } = r.list.ranges;
          writeFileSync(
            file,
            snapshotModule(r.name, { taken, mirror: flags.mirror ?? r.list.from, v4, v6 }),
          );
          r.wrote = file;
        }
        report(io, c, results, flags, 'update');
      },
    );
}

/** Reads the lists of the providers named (every one when none), each to a result. */
async function readAll(given: string[], flags: FetchFlags, command: Command): Promise<Result[]> {
  const names = namesOf(given, command);
  if (flags.source !== undefined && names.length !== 1)
    command.error(
      "error: --source reads one provider's list: name the provider (realip ranges check cloudflare --source ...)",
    );
  const timeout = Number(flags.timeout);
  if (!Number.isSafeInteger(timeout) || timeout <= 0)
    command.error(
      `error: --timeout must be a positive number of milliseconds, not ${JSON.stringify(flags.timeout)}`,
    );
  return Promise.all(
    names.map(async (name): Promise<Result> => {
      const fallback = defaultSource(name);
      // Checking every provider: those with nothing to fetch are skipped, not failures.
      if (flags.source === undefined && 'why' in fallback && given.length === 0)
        return { name, error: fallback.why, skipped: true };
      try {
        return { name, list: await readCurrentList(name, flags.source, timeout) };
      } catch (err) {
        return { name, error: err instanceof Error ? err.message : String(err), skipped: false };
      }
    }),
  );
}

function report(
  io: RangesCommandIo,
  c: Colors,
  results: Result[],
  flags: FetchFlags,
  verb: 'check' | 'update',
): void {
  const drifted = results.some(
    (r) => 'list' in r && r.list.added.length + r.list.removed.length > 0,
  );
  const failed = results.some((r) => 'error' in r && !r.skipped);
  // update wrote what it read: drift is what it fixed, not a failure.
  io.exit(failed ? UNREADABLE : drifted && verb === 'check' ? DRIFT : 0);
  if (flags.json === true) {
    io.stdout(`${JSON.stringify(results.map(toJson), null, 2)}\n`);
    return;
  }
  const lines = results.map((r) => {
    const { taken } = PROVIDERS[r.name].snapshot;
    const snapshot = `the snapshot of ${taken} (${ageInDays(taken)} days old)`;
    if ('error' in r)
      return [r.name, r.skipped ? c.dim('not checked') : c.red('unreadable'), r.error];
    const { added, removed } = r.list;
    const total = r.list.ranges.v4.length + r.list.ranges.v6.length;
    const state = added.length + removed.length === 0 ? c.green('current') : c.yellow('drift');
    const change =
      added.length + removed.length === 0
        ? `${total} ranges, as ${snapshot}`
        : `+${added.length} -${removed.length} against ${snapshot}` +
          (added.length > 0 ? `; added ${added.join(', ')}` : '') +
          (removed.length > 0 ? `; removed ${removed.join(', ')}` : '');
    return [
      r.name,
      state,
      `${change} (${r.list.from})${r.wrote === undefined ? '' : `; wrote ${r.wrote}`}`,
    ];
  });
  io.stdout(`${alignColumns(lines).join('\n')}\n`);
  if (drifted && verb === 'check')
    io.stdout(
      c.dim(
        'a newer @realip/ranges may have the current lists; its maintainers run realip ranges update\n',
      ),
    );
}

function toJson(r: {
  name: PresetName;
  list?: CurrentList;
  wrote?: string;
  error?: string;
  skipped?: boolean;
}) {
  if (r.list === undefined)
    return {
      name: r.name,
      state: r.skipped === true ? 'not-checked' : 'unreadable',
      error: r.error,
    };
  const { added, removed, from } = r.list;
  return {
    name: r.name,
    state: added.length + removed.length === 0 ? 'current' : 'drift',
    from,
    added,
    removed,
    snapshotTaken: PROVIDERS[r.name].snapshot.taken,
    ...(r.wrote !== undefined && { wrote: r.wrote }),
  };
}

/** Whole days since a `YYYY-MM-DD` date. */
function ageInDays(taken: string): number {
  return Math.floor((Date.now() - Date.parse(taken)) / 86_400_000);
}

/** The providers named (all when none), or a usage error listing the names. */
function namesOf(given: readonly string[], command: Command): PresetName[] {
  for (const name of given) {
    if (!isPresetName(name))
      command.error(`error: "${name}" is not a provider (known: ${PRESET_NAMES.join(', ')})`);
  }
  return given.length === 0 ? [...PRESET_NAMES] : [...new Set(given as PresetName[])];
}
