import { toHost, toProtocol } from '../src/proto-host.js';

describe('forwarded protocol', () => {
  test.each([
    ['http', 'http'],
    ['https', 'https'],
    ['HTTPS', 'https'],
    ['HtTp', 'http'],
    ['javascript', undefined],
    ['httpx', undefined],
    ['ws', undefined],
    ['htt', undefined],
    ['', undefined],
  ])('%j -> %s', (value, protocol) => {
    expect(toProtocol(value, 0, value.length)).toBe(protocol);
  });
});

describe('forwarded host', () => {
  test.each([
    ['example.com', 'example.com'],
    ['Shop.Example.COM:8443', 'shop.example.com:8443'],
    ['localhost', 'localhost'],
    ['a_b-c.internal', 'a_b-c.internal'],
    // RFC 3986 reg-name: unreserved characters, `-` and `_` alone included.
    ['-', '-'],
    ['_', '_'],
    ['-foo', '-foo'],
    ['_:8080', '_:8080'],
    ['1-2', '1-2'],
    ['1_2.3', '1_2.3'],
    ['192.0.2.1', '192.0.2.1'],
    ['192.0.2.1:80', '192.0.2.1:80'],
    ['[2001:DB8::1]', '[2001:db8::1]'],
    ['[2001:db8::1]:443', '[2001:db8::1]:443'],
    ['evil.example/path', undefined],
    ['evil.example:99999', undefined],
    ['evil.example:', undefined],
    ['user@evil.example', undefined],
    ['010.0.0.1', undefined],
    ['2130706433', undefined],
    ['[not-v6]', undefined],
    ['[2001:db8::1', undefined],
    ['a b', undefined],
    ['', undefined],
    ['x'.repeat(254), undefined],
  ])('%j -> %s', (value, host) => {
    expect(toHost(value, 0, value.length)).toBe(host);
  });
});
