/**
 * A jest reporter that makes skipped real-peer suites visible where a user looks: at the very end
 * of `npm test`. `describeIfAvailable` (test/helpers/requires.ts) prints one loud line when a suite
 * is skipped for a missing tool, but in a full run that line scrolls away among hundreds of files;
 * it also records the skip as one file in `.tmp/skipped-suites/`. This reporter empties that
 * folder when the run starts (so a skip from an earlier run is not reported again) and, after
 * jest's own summary, lists what is in it. Plain JavaScript: jest loads reporters untransformed.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/**
 * Where `describeIfAvailable` records skips: `SKIPPED_DIR` in requires.ts, which reads the same
 * `REALIP_SKIPPED_DIR` override (test/skipped-suites-reporter.test.ts runs a nested jest with it).
 */
const DIR =
  process.env.REALIP_SKIPPED_DIR ??
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.tmp', 'skipped-suites');

/**
 * The lines to print for the skips recorded in `dir`: none when nothing was skipped.
 *
 * @param {string} dir
 * @returns {string[]}
 */
function skippedSuites(dir) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.map((name) => readFileSync(join(dir, name), 'utf8').trim()).filter(Boolean);
}

export default class SkippedSuitesReporter {
  onRunStart() {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
  }

  onRunComplete() {
    const lines = skippedSuites(DIR);
    if (lines.length === 0) return;
    const bar = '!'.repeat(100);
    const text =
      `\n${bar}\n!!! ${lines.length} real-peer suite(s) SKIPPED (install the tools to run them; CI does):\n` +
      `${lines.join('\n')}\n${bar}\n`;
    // jest always adds its summary reporter after the configured ones, so printing now would put
    // the list above "Tests: ..."; at exit it is the last thing on the terminal.
    process.once('exit', () => writeSync(2, text));
  }
}
