/**
 * The chain memo (chain-memo.ts): a resolver that starts a walk left of the trusted end it kept
 * from the previous request must answer every request as a resolver seeing it first would.
 */
import { createResolver, type RealIpOptions } from '@realip/core';
import { replaceRanges, resetRanges } from '@realip/ranges';
import { compileOptions } from '../src/options.js';
import { walk } from '../src/walk.js';

afterEach(() => resetRanges());

const PEER = '10.0.0.1';
const xff = (value: string) => ({ remoteAddress: PEER, headers: { 'x-forwarded-for': value } });

/** The first request leaves `, 10.0.0.2` (one hop) or `, 10.0.0.3, 10.0.0.2` (two) in the memo. */
const WARM = ['203.0.113.7, 10.0.0.2', '203.0.113.7, 10.0.0.3, 10.0.0.2'];

describe('a request after the memo was kept answers as a fresh resolver', () => {
  test.each([
    ['another client, same chain', '198.51.100.9, 10.0.0.2'],
    ['a client with a port', '198.51.100.9:4711, 10.0.0.2'],
    ['an IPv6 client', '2001:db8::9, 10.0.0.2'],
    ['one more trusted hop', '198.51.100.9, 10.0.0.4, 10.0.0.2'],
    ['a longer trusted end', '198.51.100.9, 10.0.0.3, 10.0.0.2'],
    ['only trusted hops', '10.0.0.5, 10.0.0.2'],
    ['nothing left of the chain', ', 10.0.0.2'],
    ['spaces left of the chain', '   , 10.0.0.2'],
    ['junk left of the chain', 'unknown, 10.0.0.2'],
    ['an empty element then the client', '198.51.100.9,, 10.0.0.2'],
    ['no space after the comma', '198.51.100.9,10.0.0.2'],
    ['the chain as a longer address', '198.51.100.9, 110.0.0.2'],
    ['the same text without the comma', '198.51.100.9 10.0.0.2'],
    ['exactly the kept text', ', 10.0.0.3, 10.0.0.2'],
    ['the kept text with a client', '198.51.100.9, 10.0.0.3, 10.0.0.2'],
    ['an untrusted last hop', '198.51.100.9, 10.0.0.2, 203.0.113.8'],
    ['a client that is the chain', '10.0.0.2'],
  ])('%s: %s', (_, value) => {
    for (const warm of WARM) {
      for (const options of [
        { trust: '10.0.0.0/8' },
        { trust: '10.0.0.0/8', maxEntries: 2 },
        { trust: '10.0.0.0/8', protocol: true, host: true },
      ] satisfies RealIpOptions[]) {
        const shared = createResolver(options);
        shared(xff(warm));
        const request = {
          ...xff(value),
          headers: {
            'x-forwarded-for': value,
            'x-forwarded-proto': 'https, http',
            'x-forwarded-host': 'a.example, b.example',
          },
        };
        expect({ warm, options, result: shared(request) }).toEqual({
          warm,
          options,
          result: createResolver(options)(request),
        });
      }
    }
  });
});

test('a random run of requests through one resolver answers each as a fresh one', () => {
  // Entries from the proxies' range, clients, junk and spacing, joined at random: the memo is
  // kept, matched, missed and replaced many times over. A fixed seed keeps the run repeatable.
  const pool = ['10.0.0.2', '10.0.0.3', '10.1.2.3', '198.51.100.9', '2001:db8::1', 'junk', '', ' '];
  let seed = 7;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const options: RealIpOptions = { trust: ['10.0.0.0/8'] };
  const shared = createResolver(options);
  for (let i = 0; i < 3000; i++) {
    const entries = Array.from({ length: 1 + random(5) }, () => pool[random(pool.length)]);
    const value = entries.join(random(2) === 0 ? ', ' : ',');
    expect({ value, result: shared(xff(value)) }).toEqual({
      value,
      result: createResolver(options)(xff(value)),
    });
  }
});

test('a provider list swapped at run time voids the kept chain', () => {
  const resolve = createResolver({ trust: ['10.0.0.0/8', 'fastly'] });
  const request = xff('198.51.100.9, 192.0.2.10, 10.0.0.2');
  expect(resolve(request).ip).toBe('192.0.2.10');
  replaceRanges('fastly', { v4: ['192.0.2.0/24'], v6: [] });
  expect(resolve(request).ip).toBe('198.51.100.9'); // 192.0.2.10 is Fastly's now
  resetRanges('fastly');
  expect(resolve(request).ip).toBe('192.0.2.10');
});

test('a trust function is asked about every hop of every request (no memo)', () => {
  const asked: string[] = [];
  const resolve = createResolver({
    trust: (address) => (asked.push(address), address.startsWith('10.')),
  });
  resolve(xff('203.0.113.7, 10.0.0.2'));
  resolve(xff('198.51.100.9, 10.0.0.2'));
  expect(asked).toEqual([PEER, '10.0.0.2', '203.0.113.7', PEER, '10.0.0.2', '198.51.100.9']);
});

describe('the memo gives up on a trusted end that changes on every request', () => {
  const memoAfter = (ends: readonly string[]) => {
    const { compiled } = compileOptions({ trust: '10.0.0.0/8' });
    ends.forEach((end, i) => walk(compiled, xff(`198.51.100.${i}${end}`), undefined));
    return compiled.chainMemo!;
  };
  const A = ', 10.0.0.3, 10.0.0.2';
  const B = ', 10.0.0.4, 10.0.0.2';
  const C = ', 10.0.0.5, 10.0.0.2';

  test('two chains in turn: the first is kept and keeps matching', () => {
    expect(memoAfter([A, B, A, B, A, B, A, B, A, B])).toMatchObject({ suffix: A, misses: 1 });
  });
  test('a chain that changed for good is kept from its second request on', () => {
    expect(memoAfter([A, A, B])).toMatchObject({ suffix: A, misses: 1 });
    expect(memoAfter([A, A, B, B])).toMatchObject({ suffix: B, misses: 2 });
    expect(memoAfter([A, A, B, B, B])).toMatchObject({ suffix: B, misses: 0 });
  });
  test('explain (a walk with a trace) neither reads nor replaces it', () => {
    const { compiled } = compileOptions({ trust: '10.0.0.0/8' });
    walk(compiled, xff(`198.51.100.1${A}`), undefined);
    walk(compiled, xff(`198.51.100.2${B}`), []);
    walk(compiled, xff(`198.51.100.3${B}`), []);
    expect(compiled.chainMemo).toMatchObject({ suffix: A, misses: 0 });
  });
  test('three chains in turn: after 8 misses in a row it rests for 256 requests', () => {
    const ends = Array.from({ length: 9 }, (_, i) => [A, B, C][i % 3]!);
    expect(memoAfter(ends)).toMatchObject({ misses: 0, rest: 256 });
    expect(memoAfter([...ends, A, B])).toMatchObject({ misses: 0, rest: 254 });
  });
});
