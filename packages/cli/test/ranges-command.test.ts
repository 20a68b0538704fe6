/**
 * `realip ranges show|check|update` against a real HTTP server on loopback that serves each
 * provider's published format (no internet here, nor in CI): the bundled list served back is
 * current (exit 0), a changed one is drift (exit 1, the ranges named), a broken answer is
 * unreadable (exit 3, the list in use untouched), and `update` writes a snapshot module that is
 * the one `snapshotModule` renders, holding the served list.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRESET_NAMES, PROVIDERS, snapshotModule, type PresetName } from '@realip/ranges';
import { VALID } from '../../ranges/test/published-formats';
import { realipInProcess } from './in-process';

const realip = (...args: string[]) => realipInProcess(['ranges', ...args]);

const bodies = new Map<string, { status: number; body: string }>();
let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = bodies.get(req.url ?? '') ?? { status: 404, body: 'not found' };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(tmpdir(), 'realip-ranges-'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Serves `body` at a fresh path; returns its URL. */
function serve(body: string, status = 200): string {
  const url = `/${bodies.size}`;
  bodies.set(url, { status, body });
  return `${base}${url}`;
}

const FETCHABLE = Object.keys(VALID) as (keyof typeof VALID)[];
const snapshot = (name: PresetName) => PROVIDERS[name].snapshot;
const bundled = (name: keyof typeof VALID) =>
  VALID[name]([...snapshot(name).v4], [...snapshot(name).v6]);

describe('show', () => {
  test('every provider: counts, snapshot date and age, source', async () => {
    const { code, stdout } = await realip('show');
    expect(code).toBe(0);
    for (const name of PRESET_NAMES) {
      const { v4, v6, taken } = snapshot(name);
      expect(stdout).toMatch(
        new RegExp(
          `^${name} +${v4.length} \\+ ${v6.length} +${taken} +\\(\\d+ days old\\) +${PROVIDERS[name].source.replace(/[.?]/g, '\\$&')}$`,
          'm',
        ),
      );
    }
  });

  test.each(PRESET_NAMES)('%s: its details and every range', async (name) => {
    const { code, stdout } = await realip('show', name);
    expect(code).toBe(0);
    expect(stdout).toContain(`taken ${snapshot(name).taken}`);
    expect(stdout).toContain(snapshot(name).mirror);
    for (const range of [...snapshot(name).v4, ...snapshot(name).v6])
      expect(stdout).toContain(`  ${range}\n`);
  });

  test('--json: the same facts for scripts', async () => {
    const all = JSON.parse((await realip('show', '--json')).stdout) as {
      name: string;
      v4: number;
    }[];
    expect(all.map((p) => [p.name, p.v4])).toEqual(
      PRESET_NAMES.map((n) => [n, snapshot(n).v4.length]),
    );
    const one = JSON.parse((await realip('show', 'fastly', '--json')).stdout) as {
      ranges: string[];
      headers: string[];
    };
    expect(one.ranges).toEqual([...snapshot('fastly').v4, ...snapshot('fastly').v6]);
    expect(one.headers).toEqual(['fastly-client-ip']);
  });

  test('an unknown name is a usage error listing the names', async () => {
    const { code, stderr } = await realip('show', 'cloudflair');
    expect(code).toBe(2);
    expect(stderr).toContain(`"cloudflair" is not a provider (known: ${PRESET_NAMES.join(', ')})`);
  });
});

describe('check', () => {
  test.each(FETCHABLE)('%s: the bundled list served back is current, exit 0', async (name) => {
    const { code, stdout } = await realip('check', name, '--source', serve(bundled(name)));
    expect(stdout).toMatch(new RegExp(`^${name} +current +\\d+ ranges, as the snapshot of`));
    expect(code).toBe(0);
  });

  test.each(FETCHABLE)('%s: a range added and one removed is drift, exit 1', async (name) => {
    const [gone, ...kept] = snapshot(name).v4;
    const { code, stdout } = await realip(
      'check',
      name,
      '--source',
      serve(VALID[name](['198.18.0.0/15', ...kept], [...snapshot(name).v6])),
    );
    expect(stdout).toMatch(
      new RegExp(`\\+1 -1 against the snapshot of ${snapshot(name).taken} \\(\\d+ days old\\)`),
    );
    expect(stdout).toContain('added 198.18.0.0/15; removed ' + gone);
    expect(code).toBe(1);
  });

  test.each([
    ['HTTP 500', () => serve('oops', 500), 'HTTP 500'],
    ['an empty list', () => serve(VALID.cloudflare([], [])), 'the list is empty'],
    ['an over-broad range', () => serve(VALID.cloudflare(['104.0.0.0/8'], [])), 'broader than /12'],
    ['not JSON', () => serve('<html>'), 'the body is not JSON'],
    ['a missing file', () => path.join(dir, 'nothing.json'), 'cannot read'],
    ['nothing listening', () => 'http://127.0.0.1:9/', 'ECONNREFUSED'],
  ])('%s: unreadable, exit 3, with the reason', async (_case, source, reason) => {
    const { code, stdout } = await realip('check', 'cloudflare', '--source', source());
    expect(stdout).toMatch(/^cloudflare +unreadable +/);
    expect(stdout).toContain(reason);
    expect(code).toBe(3);
  });

  test('a saved file in the published format', async () => {
    const file = path.join(dir, 'fastly.json');
    writeFileSync(file, bundled('fastly'));
    const { code, stdout } = await realip('check', 'fastly', '--source', file);
    expect([code, stdout]).toEqual([0, expect.stringContaining(`current`) as unknown]);
  });

  test('google-lb is published as documentation: a saved table (one CIDR a line) is checked', async () => {
    const file = path.join(dir, 'google-lb.txt');
    writeFileSync(file, [...snapshot('google-lb').v4, ...snapshot('google-lb').v6].join('\n'));
    expect((await realip('check', 'google-lb', '--source', file)).code).toBe(0);
    const without = await realip('check', 'google-lb');
    expect(without.stdout).toContain('published only as documentation');
    expect(without.code).toBe(3);
  });

  test('--json: state, added and removed per provider', async () => {
    const url = serve(
      VALID.fastly([...snapshot('fastly').v4, '198.18.0.0/15'], [...snapshot('fastly').v6]),
    );
    const { code, stdout } = await realip('check', 'fastly', '--source', url, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([
      {
        name: 'fastly',
        state: 'drift',
        from: url,
        added: ['198.18.0.0/15'],
        removed: [],
        snapshotTaken: snapshot('fastly').taken,
      },
    ]);
  });

  test.each([
    [['check', '--source', 'x.json'], '--source reads one provider'],
    [['check', 'fastly', 'cloudflare', '--source', 'x.json'], '--source reads one provider'],
    [['check', 'fastly', '--timeout', '0'], '--timeout must be a positive number'],
    [['check', 'akamai'], '"akamai" is not a provider'],
  ])('%j: usage error, exit 2', async (args, message) => {
    const { code, stderr } = await realip(...args);
    expect(stderr).toContain(message);
    expect(code).toBe(2);
  });
});

describe('update', () => {
  test.each(FETCHABLE)('%s: writes the snapshot module of the served list', async (name) => {
    const v4 = ['198.18.0.0/15', ...snapshot(name).v4];
    const v6 = [...snapshot(name).v6];
    const url = serve(VALID[name](v4, v6));
    const { code, stdout } = await realip('update', name, '--source', url, '--dir', dir);
    expect(code).toBe(0);
    const file = path.join(dir, `snapshot-${name}.ts`);
    expect(stdout).toContain(`wrote ${file}`);
    const taken = new Date().toISOString().slice(0, 10);
    expect(readFileSync(file, 'utf8')).toBe(snapshotModule(name, { taken, mirror: url, v4, v6 }));
  });

  test('--mirror records where the list was read from; a refused list writes nothing', async () => {
    const url = serve(bundled('cloudflare'));
    await realip('update', 'cloudflare', '--source', url, '--dir', dir, '--mirror', 'a mirror');
    const file = path.join(dir, 'snapshot-cloudflare.ts');
    expect(readFileSync(file, 'utf8')).toContain("'a mirror'");
    const refused = await realip('update', 'cloudflare', '--source', serve('{}'), '--dir', dir);
    expect(refused.code).toBe(3);
    expect(readFileSync(file, 'utf8')).toContain("'a mirror'");
  });
});
