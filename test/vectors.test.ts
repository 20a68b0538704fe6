/**
 * The shared vectors through the bare core: `createResolver(v.options)` on `{ remoteAddress:
 * v.peer, headers: v.headers }` must give exactly `v.expected`, all eight fields present.
 */
import { createResolver } from '@realip/core';
import { vectors } from './vectors.js';

const FIELDS = ['family', 'hops', 'host', 'ip', 'port', 'protocol', 'reason', 'source'];
const LOOPBACK_PEERS = new Set(['127.0.0.1', '127.0.0.2', '127.0.0.3', '::1']);

describe('shared vectors through the bare core', () => {
  test.each(vectors)('$id: $title', (v) => {
    const result = createResolver(v.options)({ remoteAddress: v.peer, headers: v.headers });
    expect(result).toEqual(v.expected);
    // toEqual ignores undefined-valued keys, so check that every field is really present.
    expect(Object.keys(result).sort()).toEqual(FIELDS);
  });
});

describe('the vector set', () => {
  const ids = vectors.map((v) => v.id);

  test('ids are unique', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('every anchors case 01..48 is present', () => {
    const missing = Array.from(
      { length: 48 },
      (_, i) => `anchors-${String(i + 1).padStart(2, '0')}`,
    ).filter((id) => !ids.includes(id));
    expect(missing).toEqual([]);
  });

  test('at least 60 vectors of our own beyond the anchors and their variants', () => {
    expect(ids.filter((id) => !id.startsWith('anchors-')).length).toBeGreaterThanOrEqual(60);
  });

  test('at least 8 vectors with a real loopback peer can travel over HTTP', () => {
    const loopback = vectors.filter(
      (v) => v.peer !== undefined && LOOPBACK_PEERS.has(v.peer) && v.coreOnly === undefined,
    );
    expect(loopback.length).toBeGreaterThanOrEqual(8);
  });

  test('every expected result states all eight fields', () => {
    const incomplete = vectors
      .filter((v) => JSON.stringify(Object.keys(v.expected).sort()) !== JSON.stringify(FIELDS))
      .map((v) => v.id);
    expect(incomplete).toEqual([]);
  });
});
