import { createResolver, type ExplainStep, type RealIpOptions } from '@realip/core';

const pick = (steps: readonly ExplainStep[]) =>
  steps.map((s) => [s.hop, s.raw, s.address, s.verdict, s.rule, s.note]);

describe('explain', () => {
  test('lists every hop with its verdict and the rule behind it', () => {
    const resolve = createResolver({ trust: ['loopback', '10.0.0.0/8'] });
    const input = {
      remoteAddress: '10.0.0.2',
      remotePort: 5000,
      headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.9:80, ,10.0.0.1' },
    };
    const explained = resolve.explain(input);
    expect(explained.result).toEqual(resolve(input));
    expect(pick(explained.steps)).toEqual([
      [0, '10.0.0.2', '10.0.0.2', 'trusted', '10.0.0.0/8', undefined],
      [1, '10.0.0.1', '10.0.0.1', 'trusted', '10.0.0.0/8', undefined],
      [2, '', undefined, 'empty', undefined, 'empty list element, skipped'],
      [2, '198.51.100.9:80', '198.51.100.9', 'untrusted', undefined, undefined],
    ]);
    expect(explained.steps[0]!.port).toBe(5000);
    expect(explained.steps[3]!.port).toBe(80);
    expect(explained.chain).toEqual(['10.0.0.2', '10.0.0.1', '198.51.100.9']);
  });

  test.each([
    ['x-forwarded-for', 'unknown', '"unknown" is not an address'],
    ['x-forwarded-for', '_hidden', 'obfuscated identifier, not an address'],
    [
      'x-forwarded-for',
      '[2001:db8::1]',
      'a bracketed address needs a port ([v6]:port) or no brackets',
    ],
    ['x-forwarded-for', 'fe80::1%eth0', 'an address with a zone id is not accepted from a header'],
    ['x-forwarded-for', '1.2.3.4:70000', 'the port is out of range (0-65535)'],
    [
      'x-forwarded-for',
      '010.0.0.1',
      'not a decimal dotted-quad IPv4 address (no leading zeros, hex or short forms)',
    ],
    ['x-forwarded-for', 'not-an-ip', 'not an IP address'],
    ['forwarded', 'for=unknown', 'the proxy wrote for=unknown: the hop is not known'],
    ['forwarded', 'for=_gazonk', 'obfuscated node identifier: the hop is not known'],
    [
      'forwarded',
      'for="2001:db8::1"',
      'an IPv6 node must be bracketed and quoted: for="[2001:db8::1]"',
    ],
    ['forwarded', 'proto=https', 'the element has no for= parameter'],
    [
      'forwarded',
      'for=a;for=b',
      'malformed Forwarded element (RFC 7239 section 4), or a parameter given twice',
    ],
    [
      'forwarded',
      'for=[::1]',
      'malformed Forwarded element (RFC 7239 section 4), or a parameter given twice',
    ],
    ['forwarded', 'for="[::1]:99999"', 'the port is out of range (0-65535)'],
  ])('%s %j: %s', (header, value, note) => {
    const explained = createResolver({ trust: '10.0.0.0/8', header }).explain({
      remoteAddress: '10.0.0.1',
      headers: { [header]: value },
    });
    expect(explained.result).toMatchObject({ ip: '10.0.0.1', reason: 'invalid' });
    expect(explained.steps.at(-1)).toMatchObject({ hop: 1, raw: value, verdict: 'invalid', note });
    expect(explained.chain).toEqual(['10.0.0.1']);
  });

  test.each<[RealIpOptions, string]>([
    [{ trust: true }, 'trust: true'],
    [{ trust: false }, 'trust: false'],
    [{ trust: () => true }, 'trust function'],
    [{ trust: 'private' }, 'private (10.0.0.0/8)'],
  ])('names the rule for %j', (options, rule) => {
    expect(createResolver(options).explain({ remoteAddress: '10.0.0.1' }).steps[0]!.rule).toBe(
      rule,
    );
  });

  test('names the hop count for hops past the peer', () => {
    const steps = createResolver({ hops: 2 }).explain({
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': '1.1.1.1, 2.2.2.2' },
    }).steps;
    expect(steps.map((s) => [s.rule, s.verdict])).toEqual([
      ['private (10.0.0.0/8)', 'trusted'],
      ['hops: 2', 'trusted'],
      ['hops: 2', 'untrusted'],
    ]);
  });

  test('explains unknown peers, lists in single headers, and runaway elements', () => {
    const unknownPeer = createResolver().explain({ socket: {} }).steps[0]!;
    expect(unknownPeer.verdict).toBe('invalid');
    expect(unknownPeer.note).toMatch(/Unix socket/);
    expect(createResolver().explain({ remoteAddress: 'bogus' }).steps[0]).toMatchObject({
      verdict: 'invalid',
      note: 'the socket address is not an IP address',
    });
    const single = createResolver({ header: 'x-real-ip' }).explain({
      remoteAddress: '10.0.0.1',
      headers: { 'x-real-ip': ['1.1.1.1', '2.2.2.2'] },
    });
    expect(single.steps.at(-1)).toMatchObject({
      raw: '1.1.1.1, 2.2.2.2',
      verdict: 'invalid',
      note: 'x-real-ip must hold one address, not a list',
    });
    const long = createResolver().explain({
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': 'x'.repeat(5000) },
    });
    expect(long.steps.at(-1)).toMatchObject({
      verdict: 'invalid',
      note: 'the element is longer than 1024 characters',
    });
    expect(long.steps.at(-1)!.raw).toHaveLength(64);
  });
});
