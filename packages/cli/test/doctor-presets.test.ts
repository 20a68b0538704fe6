/**
 * doctor with provider names and with each provider's full list typed by hand: exit 0 and no
 * danger (issue 11: the deploy guard blocked every Cloudflare deployment), the snapshot's age
 * reported, and the name to write instead of a hand-kept copy.
 */
import { PRESET_NAMES, PROVIDERS } from '@realip/ranges';
import { realipInProcess } from './in-process';

const doctor = (args: string[]) => realipInProcess(['doctor', ...args]);

describe.each(PRESET_NAMES)('%s', (name) => {
  const { snapshot } = PROVIDERS[name];

  test('by name: exit 0, no danger, the snapshot dated', async () => {
    const { code, stdout } = await doctor(['--trust', `loopback,${name}`]);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/danger/);
    expect(stdout).toContain(
      `${name}: ${snapshot.v4.length + snapshot.v6.length} published ranges`,
    );
    expect(stdout).toContain(`taken ${snapshot.taken}`);
  });

  test('its full list typed by hand: exit 0, no danger, the name suggested', async () => {
    const { code, stdout } = await doctor(['--trust', ...snapshot.v4, ...snapshot.v6]);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/danger/);
    expect(stdout).toContain(`write '${name}' instead`);
  });
});

test('a broad range that is nobody’s edge is still danger', async () => {
  const { code, stdout } = await doctor(['--trust', '104.0.0.0/11']);
  expect(code).toBe(1);
  expect(stdout).toMatch(/danger +104\.0\.0\.0\/11 trusts a huge public range/);
});
