/**
 * `npm run bench`: every case side by side with the peers (answers checked first), allocations,
 * hostile headers at 64 KiB and 1 MiB (bounded.ts), the server-level ratios and the issue-6 targets; prints markdown and writes
 * bench/results/latest.json. About two minutes on a 2-core machine.
 *
 *   npm run bench                       # the full run
 *   npm run bench -- --smoke            # every case and server variant a few iterations; checks only
 *   npm run bench -- --only 'forwarded' # cases (and bounded-work rows) whose id matches a regular expression
 *   npm run bench -- --only bounded     # the bounded-work table only
 *   npm run bench -- --skip-server      # micro-benchmarks only
 *   npm run bench -- --only-cpu-share   # only the CPU profile of each framework with realIp()
 *   npm run bench -- --out file.json    # write the results elsewhere
 *
 * Each case runs in a child process of its own, its libraries interleaved inside it: a server runs
 * one configuration, so V8's type feedback from one case's inputs must not slow the next case
 * (it did: sharing one process cost every library up to a quarter of its speed on later cases).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { BOUNDED_CASES, boundedTable, checkBounded, measureBounded } from './bounded.js';
import { CASES } from './cases.js';
import { LIST_SIZE_IDS, listSizeTable, measureListSize } from './list-size.js';
import { measureCase } from './measure.js';
import type { CaseResult, Results } from './results.js';
import { runCpuShare, type CpuShareResult } from './server/cpu-share.js';
import { runLoad, type LoadResult } from './server/load.js';
import { FULL, SMOKE } from './settings.js';
import { caseTable, cpuShareTable, serverTable, targetList } from './table.js';
import { evaluateTargets } from './targets.js';
import { timeInterleaved } from './timing.js';

const progress = (text: string) => process.stderr.write(`${text}\n`);

function machine(load0: number): Results['machine'] {
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    loadAverage: [load0, loadavg()[0]!],
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
      'skip-server': { type: 'boolean', default: false },
      'only-cpu-share': { type: 'boolean', default: false },
      out: { type: 'string' },
      case: { type: 'string' },
    },
  });
  if (values.case !== undefined) {
    // Child mode: measure one case and hand the result to the parent on stdout.
    const c = CASES.find((k) => k.id === values.case);
    if (c === undefined) throw new Error(`no case ${values.case}`);
    const measured = await measureCase(c, values.smoke ? SMOKE : FULL, timeInterleaved);
    process.stdout.write(JSON.stringify(measured));
    return;
  }
  const settings = values.smoke ? SMOKE : FULL;
  const benchDir = dirname(resolve(process.argv[1]!));
  const only = values.only === undefined ? undefined : new RegExp(values.only);
  const onlyCpuShare = values['only-cpu-share'];
  const cases = onlyCpuShare ? [] : CASES.filter((c) => only === undefined || only.test(c.id));
  const load0 = loadavg()[0]!;
  const started = Date.now();

  const problems: string[] = [];
  const caseResults: CaseResult[] = [];
  for (const [i, c] of cases.entries()) {
    progress(`[${i + 1}/${cases.length}] ${c.id}`);
    const { result, problems: changed } = await measureInChild(c.id, values.smoke);
    caseResults.push(result);
    problems.push(...changed);
  }

  const boundedCases = BOUNDED_CASES.filter(
    (c) => only === undefined || only.test(c.id) || only.test('bounded'),
  );
  problems.push(...checkBounded(boundedCases));
  progress(`bounded work: ${boundedCases.length} hostile headers at 64 KiB and 1 MiB`);
  const bounded = await measureBounded(boundedCases, settings.timing, timeInterleaved);

  const listSizeRuns =
    !onlyCpuShare &&
    (only === undefined || only.test('list-size') || LIST_SIZE_IDS.some((id) => only.test(id)));
  if (listSizeRuns)
    progress('trusted-list size: 3, 300, 10,000 CIDRs and every preset, one process');
  const listSize = listSizeRuns
    ? await measureListSize(settings.timing, timeInterleaved)
    : undefined;

  let server: LoadResult | undefined;
  if (!values['skip-server'] && !onlyCpuShare) {
    progress('server level: autocannon on loopback');
    server = await runLoad(benchDir, settings.load);
    for (const v of server.variants) {
      if (!v.correct) problems.push(`${v.framework}/${v.variant} answered ${v.answer}`);
    }
  }

  let cpuShare: CpuShareResult[] | undefined;
  if (!values['skip-server']) {
    progress('CPU profile of each framework with realIp(), under autocannon');
    const profileDir = join(benchDir, '..', '.tmp', 'cpu-profiles');
    cpuShare = await runCpuShare(benchDir, settings.profile, profileDir);
    for (const r of cpuShare) {
      if (!r.correct) problems.push(`${r.framework}/realip (profiled) answered ${r.answer}`);
    }
  }

  const fullRun = !values.smoke && only === undefined && !onlyCpuShare;
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: machine(load0),
    settings: { ...settings, smoke: values.smoke, only: values.only },
    cases: caseResults,
    bounded,
    listSize,
    server,
    cpuShare,
    targets: fullRun ? evaluateTargets(caseResults, server, cpuShare, listSize) : [],
  };

  console.log(
    `\n## Side by side (${results.machine.node}, ${results.machine.cpu}, ` +
      `${results.machine.cores} cores, load ${load0.toFixed(2)})\n`,
  );
  if (values.smoke) console.log('Smoke run: answers are checked; the timings mean nothing.\n');
  if (caseResults.length > 0) console.log(caseTable(caseResults));
  if (bounded.length > 0) console.log(`\n## Bounded work\n\n${boundedTable(bounded)}`);
  if (listSize !== undefined) console.log(`\n## Trusted-list size\n\n${listSizeTable(listSize)}`);
  if (server !== undefined) console.log(`\n## Server level\n\n${serverTable(server)}`);
  if (cpuShare !== undefined) {
    console.log(`\n## Share of server CPU in our code\n\n${cpuShareTable(cpuShare)}`);
  }
  if (fullRun) console.log(`\n## Targets\n\n${targetList(results)}`);
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`);

  const out = values.out ?? (fullRun ? join(benchDir, 'results', 'latest.json') : undefined);
  if (out !== undefined) {
    mkdirSync(dirname(out), { recursive: true });
    // Formatted as the repository formats JSON, so a committed run passes `npm run lint`.
    const options = { ...(await resolveConfig(out)), parser: 'json' };
    writeFileSync(out, await format(JSON.stringify(results), options));
    progress(`results written to ${out}`);
  }
  if (problems.length > 0) {
    console.error(`\nAnswers that changed:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
}

/** Runs `--case id` in a fresh Node process with the same loader (tsx) and returns its result. */
function measureInChild(
  id: string,
  smoke: boolean,
): Promise<Awaited<ReturnType<typeof measureCase>>> {
  const args = [...process.execArgv, process.argv[1]!, '--case', id, ...(smoke ? ['--smoke'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) done(JSON.parse(out) as Awaited<ReturnType<typeof measureCase>>);
      else fail(new Error(`case ${id}: the worker exited with ${String(code)}`));
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
