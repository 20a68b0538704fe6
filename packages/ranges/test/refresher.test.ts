/**
 * The refresher against a real HTTP server on loopback that serves each provider's published
 * format: a valid list is swapped into a running resolver; every broken answer (empty, truncated,
 * wrong JSON, too slow, 500, a redirect, a huge body, an over-broad list) is refused and the list
 * in use (the bundled snapshot) stays.
 */
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResolver } from '@realip/core';
import { currentRanges, resetRanges, type PresetName } from '@realip/ranges';
import { fetchProviderRanges, startRefresher } from '@realip/ranges/refresher';
import { VALID } from './published-formats';

const PROVIDERS = Object.keys(VALID) as (keyof typeof VALID)[];

type Handler = (res: ServerResponse) => void;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
let server: Server;
let base: string;
const routes = new Map<string, Handler>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const handler = routes.get(req.url ?? '');
    if (handler === undefined) res.writeHead(404).end();
    else handler(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});
afterEach(() => resetRanges());

const send =
  (body: string, status = 200, headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

/** Runs one refresh of `name` from `handler`; resolves with the error reported, if any. */
async function refreshFrom(
  name: PresetName,
  handler: Handler,
  extra = {},
): Promise<Error | undefined> {
  const path = `/${name}/${Math.random()}`;
  routes.set(path, handler);
  let error: Error | undefined;
  const refresher = startRefresher({
    providers: [name],
    urls: { [name]: base + path },
    timeoutMs: 300,
    maxBytes: 64 * 1024,
    onError: (_n, err) => (error = err),
    ...extra,
  });
  await refresher.refreshNow();
  refresher.stop();
  return error;
}

const BROKEN: [string, (name: keyof typeof VALID) => Handler, RegExp][] = [
  ['an empty body', () => send(''), /not JSON/],
  ['an empty list', (n) => send(VALID[n]([], [])), /the list is empty/],
  [
    'a truncated body',
    (n) => (res) => {
      const body = VALID[n](['192.0.2.0/24'], ['2001:db8::/32']);
      res.writeHead(200, { 'content-length': String(body.length) });
      res.end(body.slice(0, body.length >> 1));
      res.socket?.destroy();
    },
    /closed before|aborted|socket hang up|not JSON/,
  ],
  ['wrong JSON', () => send('{"result": [1, 2'), /not JSON/],
  ['JSON of another shape', () => send('{"hello": "world"}'), /not a|not an array|no service tag/],
  [
    'an answer slower than the timeout',
    (n) => (res) =>
      setTimeout(() => send(VALID[n](['192.0.2.0/24'], ['2001:db8::/32']))(res), 1000),
    /within 300 ms/,
  ],
  ['HTTP 500', () => send('oops', 500), /HTTP 500/],
  [
    'a redirect',
    () => send('', 302, { location: 'http://127.0.0.1:1/elsewhere' }),
    /HTTP 302 \(to http:\/\/127\.0\.0\.1:1\/elsewhere, not followed\)/,
  ],
  ['a huge body', () => send(' '.repeat(100 * 1024)), /larger than 65536 bytes/],
  [
    'a huge body without a length',
    () => (res) => {
      res.writeHead(200);
      for (let i = 0; i < 100; i++) res.write(' '.repeat(1024));
      res.end();
    },
    /larger than 65536 bytes/,
  ],
  ['an over-broad list', (n) => send(VALID[n](['0.0.0.0/0'], ['::/0'])), /broader than/],
  ['host bits set', (n) => send(VALID[n](['192.0.2.1/24'], ['2001:db8::/32'])), /host bits set/],
];

describe.each(PROVIDERS)('%s', (name) => {
  test('a valid list reaches a running resolver', async () => {
    const resolve = createResolver({ trust: name });
    const request = { remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': '198.51.100.7' } };
    expect(resolve(request).ip).toBe('192.0.2.10');
    const updates: boolean[] = [];
    const error = await refreshFrom(name, send(VALID[name](['192.0.2.0/24'], ['2001:db8::/32'])), {
      onUpdate: (_n: PresetName, _r: unknown, changed: boolean) => updates.push(changed),
    });
    expect(error).toBeUndefined();
    expect(updates).toEqual([true]);
    expect(currentRanges(name)).toMatchObject({
      v4: ['192.0.2.0/24'],
      v6: ['2001:db8::/32'],
      origin: 'refreshed',
    });
    expect(resolve(request).ip).toBe('198.51.100.7');
    expect(resolve({ ...request, remoteAddress: '2001:db8::5' }).ip).toBe('198.51.100.7');
  });

  test.each(BROKEN)('%s is refused; the snapshot stays', async (_case, handler, message) => {
    const before = currentRanges(name);
    const error = await refreshFrom(name, handler(name));
    expect(error?.message).toMatch(message);
    expect(currentRanges(name)).toEqual(before);
    expect(before.origin).toBe('snapshot');
  });
});

describe('the schedule and the options', () => {
  test('a failure backs off, doubling, and keeps the last good list', async () => {
    const path = '/backoff';
    let calls = 0;
    routes.set(path, (res) => {
      calls++;
      if (calls === 1) send(VALID.fastly(['192.0.2.0/24'], ['2001:db8::/32']))(res);
      else send('', 500)(res);
    });
    const retries: number[] = [];
    let updates = 0;
    let third: () => void;
    const failedThrice = new Promise<void>((resolve) => (third = resolve));
    const refresher = startRefresher({
      providers: ['fastly'],
      urls: { fastly: base + path },
      retryMs: 5,
      onUpdate: () => updates++,
      onError: (_n, err, retryInMs) => {
        expect(err.message).toBe('HTTP 500');
        if (retries.push(retryInMs) === 3) third();
      },
    });
    // The first, scheduled fetch succeeds; the next one (forced) fails, and the retries follow.
    await until(() => updates === 1);
    void refresher.refreshNow();
    await failedThrice;
    refresher.stop();
    expect(retries).toEqual([5, 10, 20]);
    expect(currentRanges('fastly').v4).toEqual(['192.0.2.0/24']);
  });

  test('start returns before any fetch and its timers do not hold the process', () => {
    const refresher = startRefresher({
      providers: ['cloudflare'],
      urls: { cloudflare: `${base}/never` },
    });
    expect(currentRanges('cloudflare').origin).toBe('snapshot');
    refresher.stop();
  });

  test.each([
    [
      { providers: ['cloudflair'] },
      /"cloudflair" is not a provider \(known: cloudflare, cloudfront/,
    ],
    [{ providers: ['google-lb'] }, /google-lb is published only as documentation/],
    [{ providers: ['azure-frontdoor'] }, /azure-frontdoor has no fixed endpoint: pass urls/],
    [{ providers: ['fastly'], intervalMs: 1000 }, /intervalMs must be at least 60000/],
    [{ providers: ['fastly'], timeoutMs: -1 }, /timeoutMs must be a positive whole number/],
    [{}, /options.providers must be an array/],
  ])('%j is refused at start', (options, message) => {
    expect(() => startRefresher(options as never)).toThrow(message);
  });

  test('fetchProviderRanges reads one list without replacing anything', async () => {
    routes.set('/one', send(VALID.cloudflare(['192.0.2.0/24'], ['2001:db8::/32'])));
    await expect(fetchProviderRanges('cloudflare', { url: `${base}/one` })).resolves.toEqual({
      v4: ['192.0.2.0/24'],
      v6: ['2001:db8::/32'],
    });
    expect(currentRanges('cloudflare').origin).toBe('snapshot');
    await expect(fetchProviderRanges('fastly', { url: 'ftp://127.0.0.1/' })).rejects.toThrow(
      /not an http\(s\) URL/,
    );
  });
});
