/**
 * A real-peer suite skipped for a missing tool must be listed at the very end of `npm test`,
 * after jest's own summary (test/helpers/skipped-suites-reporter.js, wired in jest.config.js).
 * Runs a nested jest with the repository's config on one fixture, recording into a folder of its
 * own so the outer run's records are left alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

test('a skipped suite is listed after the summary, and an old record is cleared first', () => {
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(root, '.tmp', 'skips-'));
  try {
    writeFileSync(path.join(dir, 'stale'), '!!! from an earlier run: SKIPPED, missing x\n');
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--testMatch',
        '<rootDir>/test/fixtures/skipped-suite.ts',
        '--coverage=false',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CI: 'false', REALIP_SKIPPED_DIR: dir, FORCE_COLOR: '0' },
      },
    );
    expect(run.status).toBe(0);
    const out = run.stderr;
    const summary = out.lastIndexOf('Tests:');
    const listed = out.lastIndexOf('1 real-peer suite(s) SKIPPED');
    expect(summary).toBeGreaterThan(0);
    expect(listed).toBeGreaterThan(summary);
    expect(out.slice(listed)).toContain(
      '!!! fixture peer: SKIPPED, missing a-tool-nobody-has (apt-get install -y nothing)',
    );
    expect(out).not.toContain('from an earlier run');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
