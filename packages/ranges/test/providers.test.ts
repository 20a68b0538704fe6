/**
 * Every bundled list: it passes the same validation a refreshed list must pass, it has the
 * expected size, known edge addresses are in it and known customer or unrelated addresses are
 * not; every provider records where and when its list was taken.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import {
  PRESET_NAMES,
  PROVIDERS,
  isPresetName,
  providerOfHeader,
  rangeProblems,
  type PresetName,
} from '@realip/ranges';

function contains(name: PresetName, address: string): boolean {
  const ip = ipaddr.parse(address);
  const { v4, v6 } = PROVIDERS[name].snapshot;
  return [...v4, ...v6].some((c) => {
    const range = ipaddr.parseCIDR(c);
    return range[0].kind() === ip.kind() && ip.match(range);
  });
}

describe('the bundled snapshots', () => {
  test.each<[PresetName, number, number, string[], string[]]>([
    [
      'cloudflare',
      15,
      7,
      ['173.245.48.1', '172.68.10.20', '104.16.0.1', '2606:4700::6810:84e5'],
      ['8.8.8.8', '10.0.0.1', '2001:db8::1'],
    ],
    [
      // Origin-facing only: 3.5.140.1 (AMAZON, S3) and 13.32.0.1 (CLOUDFRONT viewer edge) are out.
      'cloudfront',
      46,
      3,
      ['130.176.0.1', '64.252.64.5', '2600:9000:1000::1'],
      ['3.5.140.1', '52.95.0.1', '13.32.0.1'],
    ],
    ['fastly', 19, 2, ['151.101.1.1', '199.232.0.1', '2a04:4e42::1'], ['8.8.8.8', '2a04:4e41::1']],
    ['google-lb', 2, 2, ['35.191.1.1', '130.211.3.255'], ['130.211.4.0', '34.120.0.1', '8.8.8.8']],
    [
      'azure-frontdoor',
      78,
      92,
      ['147.243.0.1', '20.41.4.90', '2a01:111:2050::1'],
      ['20.0.0.1', '13.107.246.1'],
    ],
  ])('%s: %d IPv4 and %d IPv6 ranges', (name, count4, count6, inside, outside) => {
    const { snapshot } = PROVIDERS[name];
    expect(rangeProblems(snapshot)).toEqual([]);
    expect([snapshot.v4.length, snapshot.v6.length]).toEqual([count4, count6]);
    for (const a of inside) expect([a, contains(name, a)]).toEqual([a, true]);
    for (const a of outside) expect([a, contains(name, a)]).toEqual([a, false]);
  });

  test.each(PRESET_NAMES)('%s records its source, format and snapshot', (name) => {
    const p = PROVIDERS[name];
    expect(p.name).toBe(name);
    expect(p.source).toMatch(/^https:\/\//);
    expect(p.snapshot.taken).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.snapshot.mirror).toMatch(/^https:\/\//);
    expect(p.snapshot.v4.every((c) => isIP(c.split('/')[0]!) === 4)).toBe(true);
    expect(p.snapshot.v6.every((c) => isIP(c.split('/')[0]!) === 6)).toBe(true);
  });
});

describe('names and headers', () => {
  test.each<[unknown, boolean]>([
    ['cloudflare', true],
    ['google-lb', true],
    ['Cloudflare', false],
    ['aws', false],
    ['toString', false],
    [undefined, false],
  ])('isPresetName(%j) → %s', (name, expected) => {
    expect(isPresetName(name)).toBe(expected);
  });

  test.each<[string, PresetName | undefined]>([
    ['cf-connecting-ip', 'cloudflare'],
    ['True-Client-IP', 'cloudflare'],
    ['fastly-client-ip', 'fastly'],
    ['x-azure-clientip', 'azure-frontdoor'],
    ['x-real-ip', undefined],
    ['x-forwarded-for', undefined],
  ])('%s is set by %s', (header, provider) => {
    expect(providerOfHeader(header)).toBe(provider);
  });
});
