/**
 * After `jest --coverage` (.ci/run): one line per workspace package with its statements,
 * branches, functions and lines covered, from jest's `json-summary`
 * (`<coverageDirectory>/coverage-summary.json`), and the threshold jest.config.js holds it to.
 * jest's own text summary gives only the total; a package that slips hides in it.
 *
 *   npx tsx scripts/coverage-by-package.ts .tmp/coverage/coverage-summary.json
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const METRICS = ['statements', 'branches', 'functions', 'lines'] as const;
type Metric = (typeof METRICS)[number];
type Counts = Record<Metric, { covered: number; total: number }>;

const file = process.argv[2] ?? '.tmp/coverage/coverage-summary.json';
const summary = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Counts>;

const packages = new Map<string, Counts>();
for (const [source, counts] of Object.entries(summary)) {
  const name = /[/\\]packages[/\\]([^/\\]+)[/\\]src[/\\]/.exec(source)?.[1];
  if (name === undefined) continue; // "total", and anything outside packages/*/src
  const sum =
    packages.get(name) ??
    (Object.fromEntries(METRICS.map((m) => [m, { covered: 0, total: 0 }])) as Counts);
  for (const m of METRICS) {
    sum[m].covered += counts[m].covered;
    sum[m].total += counts[m].total;
  }
  packages.set(name, sum);
}

function percent(c: { covered: number; total: number }): number {
  return c.total === 0 ? 100 : (100 * c.covered) / c.total;
}
async function main(): Promise<void> {
  // jest.config.js is plain JavaScript (jest loads it untransformed): imported by URL, shape asserted.
  const config = (await import(pathToFileURL(path.resolve('jest.config.js')).href)) as {
    default: { coverageThreshold: Record<string, Partial<Record<Metric, number>>> };
  };
  const thresholds = config.default.coverageThreshold;
  console.log(`coverage by package (${METRICS.join(' / ')}; threshold in brackets)`);
  for (const [name, counts] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const min = thresholds[`./${path.posix.join('packages', name, 'src')}/`] ?? {};
    const cells = METRICS.map((m) => {
      const floor = min[m];
      return `${percent(counts[m]).toFixed(2)} %${floor === undefined ? '' : ` [${floor}]`}`;
    });
    console.log(`  ${name.padEnd(10)} ${cells.join('  ')}`);
  }
}

void main();
