/**
 * One way for every suite that needs a third-party tool, root or a runtime (haproxy, nginx,
 * tcpdump, clang/bpftool, bun, deno, ...) to say so. On a laptop without it the suite is skipped
 * with one loud line, and the skip is recorded in `.tmp/skipped-suites/` so the end of `npm test`
 * can list every skipped real-peer suite. Under CI (`CI=true`, set by `.ci/run`, which installs
 * these tools) a missing requirement is a failure, never a skip: CI must run every suite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where skipped suites are recorded, one file each, for the end-of-run summary that
 * test/helpers/skipped-suites-reporter.js prints (`REALIP_SKIPPED_DIR` moves it, for that
 * reporter's own test).
 */
export const SKIPPED_DIR =
  process.env.REALIP_SKIPPED_DIR ?? join(__dirname, '..', '..', '.tmp', 'skipped-suites');

/**
 * `describe` when `missing` is undefined; otherwise `describe.skip` after one loud line (and, under
 * CI, a failing test that names what is missing).
 *
 * @param suite a short name for the suite, e.g. `'haproxy interop'`
 * @param missing what is missing and how to get it, or `undefined` when everything is there
 * @example
 * const haproxy = which('haproxy');
 * const suite = describeIfAvailable('haproxy interop', haproxy ? undefined : 'haproxy (apt-get install -y haproxy)');
 * suite('haproxy in front of toa()', () => { ... });
 */
export function describeIfAvailable(suite: string, missing: string | undefined): jest.Describe {
  if (missing === undefined) return describe;
  const line = `!!! ${suite}: SKIPPED, missing ${missing}`;
  console.warn(`\n${'!'.repeat(100)}\n${line}\n${'!'.repeat(100)}\n`);
  mkdirSync(SKIPPED_DIR, { recursive: true });
  writeFileSync(join(SKIPPED_DIR, suite.replace(/[^a-z0-9]+/gi, '-')), `${line}\n`);
  if (process.env.CI === 'true') {
    test(`${suite}: CI must run this suite, but ${missing}`, () => {
      throw new Error(`${line}; .ci/deps/ should install it`);
    });
  }
  return describe.skip;
}
