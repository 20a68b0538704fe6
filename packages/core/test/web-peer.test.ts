/**
 * The peer readers of web-standard runtimes, on the shapes each runtime documents. The runtimes
 * themselves run them in test/runtimes.test.ts (Bun, Deno, workerd); these are the cases a
 * runtime produces rarely or only in ways a test cannot provoke (a `requestIP` that throws).
 */
import { bunPeer, denoPeer, onWorkerd, workerdPeer } from '@realip/core/adapter';

const request = new Request('http://localhost/');
const none = { remoteAddress: undefined, remotePort: undefined };

describe('bunPeer', () => {
  test.each([
    [
      'a socket address',
      () => ({ address: '::1', port: 51234, family: 'IPv6' }),
      { remoteAddress: '::1', remotePort: 51234 },
    ],
    ['null (a Unix socket, server.fetch(); oven-sh/bun#22969)', () => null, none],
    [
      'a throw (a Request Bun did not hand to fetch)',
      () => {
        throw new TypeError('not a request');
      },
      none,
    ],
  ])('%s', (_title, requestIP, expected) => {
    expect(bunPeer({ requestIP }, request)).toEqual(expected);
  });
});

describe('denoPeer', () => {
  test.each([
    [
      'TCP',
      { remoteAddr: { transport: 'tcp', hostname: '127.0.0.1', port: 4000 } },
      { remoteAddress: '127.0.0.1', remotePort: 4000 },
    ],
    [
      'a Unix socket (a path, no hostname)',
      { remoteAddr: { transport: 'unix', path: '/run/app.sock' } },
      none,
    ],
    ['no remoteAddr', {}, none],
  ])('%s', (_title, info, expected) => {
    expect(denoPeer(info)).toEqual(expected);
  });
});

describe('workerdPeer and onWorkerd', () => {
  test('CF-Connecting-IP is the peer, with no port; without it, no peer', () => {
    const headers = new Headers({ 'cf-connecting-ip': '203.0.113.7' });
    expect(workerdPeer(headers)).toEqual({ remoteAddress: '203.0.113.7', remotePort: undefined });
    expect(workerdPeer(new Headers())).toEqual(none);
  });

  test("only workerd's own navigator.userAgent says workerd", () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const as = (userAgent: string | undefined) => {
      Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { userAgent } });
      return onWorkerd();
    };
    try {
      expect([as('Cloudflare-Workers'), as('Node.js/22'), as(undefined)]).toEqual([
        true,
        false,
        false,
      ]);
    } finally {
      if (real) Object.defineProperty(globalThis, 'navigator', real);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
    expect(onWorkerd()).toBe(false); // this is Node
  });
});
