import { INVALID, MAPPED, PORT, V4, V6 } from '../src/ip.js';
import { parseForwardedForToken, parseNode } from '../src/token.js';

type Row = [string, number, number | undefined];

describe('X-Forwarded-For tokens', () => {
  test.each<Row>([
    ['1.2.3.4', V4, undefined],
    ['1.2.3.4:80', V4, 80],
    ['1.2.3.4:0', V4, 0],
    ['1.2.3.4:65535', V4, 65535],
    ['2001:db8::1', V6, undefined],
    ['2001:db8::1:80', V6, undefined], // never cut a "port" from an unbracketed IPv6 address
    ['[2001:db8::1]:443', V6, 443],
    ['[::ffff:10.0.0.1]:8080', MAPPED, 8080],
    ['::ffff:10.0.0.1', MAPPED, undefined],
  ])('%s -> family %d, port %s', (token, family, port) => {
    expect(parseForwardedForToken(token, 0, token.length)).toBe(family);
    expect(PORT[0]).toBe(port ?? -1);
  });

  test.each([
    ['unknown', 'a keyword'],
    ['_hidden', 'an obfuscated identifier'],
    ['[2001:db8::1]', 'brackets without a port (nginx rejects it too)'],
    ['[2001:db8::1]:', 'an empty port'],
    ['[2001:db8::1]:65536', 'a port out of range'],
    ['[2001:db8::1]x', 'junk after the bracket'],
    ['[2001:db8::1', 'an unclosed bracket'],
    ['1.2.3.4:', 'an empty port'],
    ['1.2.3.4:99999', 'a port out of range'],
    ['1.2.3.4:8a', 'a non-decimal port'],
    ['[1.2.3.4]:80', 'IPv4 in brackets'],
    ['fe80::1%eth0', 'a zone id'],
    ['1.2.3.4.5', 'five parts'],
    ['010.0.0.1', 'a leading zero'],
    ['localhost', 'a host name'],
  ])('%j is invalid (%s)', (token) => {
    expect(parseForwardedForToken(token, 0, token.length)).toBe(INVALID);
  });

  test('parses only within the given bounds', () => {
    const s = 'x 10.0.0.1:99 y';
    expect(parseForwardedForToken(s, 2, 13)).toBe(V4);
    expect(PORT[0]).toBe(99);
  });
});

describe('RFC 7239 nodes (section 6)', () => {
  test.each<Row>([
    ['192.0.2.43', V4, undefined],
    ['192.0.2.43:47011', V4, 47011],
    ['192.0.2.43:_abc', V4, undefined], // obfuscated port: an address, port unknown
    ['[2001:db8:cafe::17]', V6, undefined], // bracketed without port is valid here
    ['[2001:db8:cafe::17]:4711', V6, 4711],
    ['[2001:db8:cafe::17]:_x.y-z', V6, undefined],
  ])('%s -> family %d, port %s', (node, family, port) => {
    expect(parseNode(node, 0, node.length)).toBe(family);
    expect(PORT[0]).toBe(port ?? -1);
  });

  test.each([
    ['unknown', 'the proxy does not know the hop'],
    ['_gazonk', 'an obfuscated node'],
    ['2001:db8::1', 'IPv6 must be bracketed'],
    ['::ffff:1.2.3.4', 'IPv6 must be bracketed'],
    ['192.0.2.43:_', 'an empty obfuscated port'],
    ['192.0.2.43:_a!', 'a bad obfuscated port'],
    ['192.0.2.43:', 'an empty port'],
    ['[2001:db8::1]:', 'an empty port'],
    ['[2001:db8::1]80', 'no colon before the port'],
    ['1.2.3.04', 'a leading zero'],
  ])('%j is not an address (%s)', (node) => {
    expect(parseNode(node, 0, node.length)).toBe(INVALID);
  });
});
