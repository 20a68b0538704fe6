/**
 * `explain`'s protocolNote / hostNote: where a forwarded protocol or host came from, or why none
 * was taken. Each note is checked against the resolver's own answer for the same input.
 */
import { createResolver, type RealIpOptions } from '@realip/core';

const PEER = '10.0.0.2';

describe('explain: protocolNote and hostNote', () => {
  test.each<
    [
      string,
      RealIpOptions,
      Record<string, string | string[]>,
      string | undefined,
      string | undefined,
    ]
  >([
    ['options off: no notes', {}, { 'x-forwarded-for': '198.51.100.9' }, undefined, undefined],
    [
      'no such header',
      { protocol: true, host: true },
      { 'x-forwarded-for': '198.51.100.9' },
      'none taken: no x-forwarded-proto header',
      'none taken: no x-forwarded-host header',
    ],
    [
      'fewer elements than hops walked',
      { protocol: true, host: true },
      {
        'x-forwarded-for': '198.51.100.9, 10.0.0.7, 10.0.0.1',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': ['a.example', ' , '],
      },
      'none taken: x-forwarded-proto has 1 element, fewer than the 3 hops walked (one per proxy)',
      'none taken: x-forwarded-host has 1 element, fewer than the 3 hops walked (one per proxy)',
    ],
    [
      'an invalid value, quoted and clipped',
      { protocol: true, host: true },
      {
        'x-forwarded-for': '198.51.100.9',
        'x-forwarded-proto': 'javascript',
        'x-forwarded-host': 'x'.repeat(300) + ' y',
      },
      'none taken: x-forwarded-proto element 1 from the right, "javascript", is not http or https',
      `none taken: x-forwarded-host element 1 from the right, "${'x'.repeat(64)}…", is not a host[:port]`,
    ],
    [
      'taken, in lockstep with the answer',
      { protocol: true, host: 'x-original-host' },
      {
        'x-forwarded-for': '198.51.100.9, 10.0.0.1',
        'x-forwarded-proto': 'https, http',
        'x-original-host': 'shop.example, inner.example',
      },
      '"https" from x-forwarded-proto element 2 from the right',
      '"shop.example" from x-original-host element 2 from the right',
    ],
    [
      'the element lies beyond maxEntries (a run of empty elements)',
      { protocol: true, maxEntries: 4 },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-proto': 'https' + ','.repeat(10) },
      'none taken: element 1 from the right of x-forwarded-proto lies beyond the maxEntries (4) elements examined',
      undefined,
    ],
    [
      'the answer is the peer',
      { trust: 'loopback', protocol: true },
      { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-proto': 'https' },
      'none taken: the answer is the socket peer, which forwarded nothing (use the connection itself)',
      undefined,
    ],
    [
      'Forwarded: proto= and host= taken',
      { header: 'forwarded', protocol: true, host: true },
      { forwarded: 'for=198.51.100.9;proto=https;host="shop.example"' },
      'proto="https" of the answer\'s Forwarded element',
      'host="shop.example" of the answer\'s Forwarded element',
    ],
    [
      'Forwarded: missing and invalid',
      { header: 'forwarded', protocol: true, host: true },
      { forwarded: 'for=198.51.100.9;proto=ftp' },
      'none taken: proto="ftp" in the answer\'s Forwarded element is not http or https',
      "none taken: the answer's Forwarded element has no host= parameter",
    ],
  ])('%s', (_title, options, headers, protocolNote, hostNote) => {
    const resolve = createResolver(options);
    const input = { remoteAddress: PEER, headers };
    const e = resolve.explain(input);
    expect([e.protocolNote, e.hostNote]).toEqual([protocolNote, hostNote]);
    // A "none taken" note always goes with an undefined value, and a value always with a source.
    const r = resolve(input);
    if (protocolNote !== undefined)
      expect(r.protocol === undefined).toBe(protocolNote.startsWith('none taken'));
    if (hostNote !== undefined)
      expect(r.host === undefined).toBe(hostNote.startsWith('none taken'));
  });
});
