import { parseProxyHeader } from '@realip/toa';
import { v1 } from './helpers';

const FULL6 = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';

describe('PROXY v1: valid lines', () => {
  test.each([
    [
      'TCP4',
      v1('192.0.2.1', '198.51.100.2', 56324, 443),
      { ip: '192.0.2.1', family: 4, port: 56324 },
      { ip: '198.51.100.2', family: 4, port: 443 },
      'inet',
    ],
    [
      'TCP6, compressed',
      v1('2001:db8::1', '2001:db8::2', 1, 2),
      { ip: '2001:db8::1', family: 6, port: 1 },
      { ip: '2001:db8::2', family: 6, port: 2 },
      'inet6',
    ],
    [
      'TCP6, upper case and uncompressed: canonicalised',
      v1('2001:DB8:0:0:0:0:0:1', '2001:0db8::2', 8080, 80),
      { ip: '2001:db8::1', family: 6, port: 8080 },
      { ip: '2001:db8::2', family: 6, port: 80 },
      'inet6',
    ],
    [
      'TCP6 with IPv4-mapped addresses (haproxy, mixed families): unmapped',
      v1('::ffff:192.0.2.1', '::ffff:198.51.100.2', 5, 6),
      { ip: '192.0.2.1', family: 4, port: 5 },
      { ip: '198.51.100.2', family: 4, port: 6 },
      'inet6',
    ],
    [
      'ports 0 and 65535',
      v1('192.0.2.1', '198.51.100.2', 0, 65535),
      { ip: '192.0.2.1', family: 4, port: 0 },
      { ip: '198.51.100.2', family: 4, port: 65535 },
      'inet',
    ],
    // Leading zeros in ports, as nginx and haproxy read them (before: rejected as malformed).
    [
      'a port with a leading zero (080 is 80)',
      'PROXY TCP4 203.0.113.7 10.0.0.1 080 443\r\n',
      { ip: '203.0.113.7', family: 4, port: 80 },
      { ip: '10.0.0.1', family: 4, port: 443 },
      'inet',
    ],
    [
      'five-digit ports padded with zeros',
      'PROXY TCP6 2001:db8::1 2001:db8::2 00000 00443\r\n',
      { ip: '2001:db8::1', family: 6, port: 0 },
      { ip: '2001:db8::2', family: 6, port: 443 },
      'inet6',
    ],
    [
      'longest TCP4 line (56 bytes)',
      v1('255.255.255.255', '255.255.255.255', 65535, 65535),
      { ip: '255.255.255.255', family: 4, port: 65535 },
      { ip: '255.255.255.255', family: 4, port: 65535 },
      'inet',
    ],
    [
      'longest TCP6 line (104 bytes)',
      v1(FULL6, FULL6, 65535, 65535),
      { ip: FULL6, family: 6, port: 65535 },
      { ip: FULL6, family: 6, port: 65535 },
      'inet6',
    ],
  ])('%s', (_title, line, source, destination, family) => {
    const r = parseProxyHeader(Buffer.from(line + 'DATA'));
    expect(r).toEqual({
      state: 'complete',
      header: {
        version: 1,
        command: 'proxy',
        family,
        transport: 'stream',
        source,
        destination,
        tlvs: [],
        tlvProblems: [],
        length: line.length,
      },
    });
  });

  test.each([
    ['short form', 'PROXY UNKNOWN\r\n'],
    ['with addresses', 'PROXY UNKNOWN 192.0.2.1 198.51.100.2 1 2\r\n'],
    ['anything before the CRLF is ignored', 'PROXY UNKNOWN whatever ~ is here\r\n'],
    ['worst case, 107 bytes', `PROXY UNKNOWN ${FULL6} ${FULL6} 65535 65535\r\n`],
  ])('UNKNOWN, %s: valid, no client (use the real endpoints)', (_title, line) => {
    const r = parseProxyHeader(Buffer.from(line));
    expect(r).toEqual({
      state: 'complete',
      header: {
        version: 1,
        command: 'proxy',
        family: 'unspec',
        transport: 'unspec',
        source: undefined,
        destination: undefined,
        tlvs: [],
        tlvProblems: [],
        length: line.length,
      },
    });
  });
});

describe('PROXY v1: every malformed variant is rejected', () => {
  const ok = (src = '192.0.2.1', dst = '198.51.100.2', sp = '56324', dp = '443', p = 'TCP4') =>
    `PROXY ${p} ${src} ${dst} ${sp} ${dp}\r\n`;
  test.each([
    ['LF without CR', 'PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\n', /LF at offset 43/],
    ['CR followed by something else', 'PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\rX', /CR at/],
    ['lone CR in the middle', 'PROXY TCP4 192.0.2.1\r 198.51.100.2 56324 443\r\n', /CR at/],
    ['unknown protocol', ok(undefined, undefined, undefined, undefined, 'TCP5'), /"TCP5"/],
    ['lower-case protocol', ok(undefined, undefined, undefined, undefined, 'tcp4'), /"tcp4"/],
    ['UDP4 (v1 has only TCP)', ok(undefined, undefined, undefined, undefined, 'UDP4'), /"UDP4"/],
    ['two spaces after PROXY', 'PROXY  TCP4 192.0.2.1 198.51.100.2 1 2\r\n', /""/],
    ['two spaces between fields', 'PROXY TCP4 192.0.2.1  198.51.100.2 1 2\r\n', /4 fields/],
    ['a field missing', 'PROXY TCP4 192.0.2.1 198.51.100.2 1\r\n', /4 fields/],
    ['a field too many', 'PROXY TCP4 192.0.2.1 198.51.100.2 1 2 3\r\n', /4 fields/],
    ['trailing space', 'PROXY TCP4 192.0.2.1 198.51.100.2 1 2 \r\n', /4 fields/],
    ['tab instead of space', 'PROXY TCP4\t192.0.2.1 198.51.100.2 1 2\r\n', /byte 0x09/],
    ['NUL byte', 'PROXY TCP4 192.0.2.1\0 198.51.100.2 1 2\r\n', /byte 0x00/],
    ['non-ASCII byte', 'PROXY TCP4 192.0.2.1 198.51.100.2 1 2\u00e9\r\n', /byte 0xe9/],
    ['leading zero in IPv4', ok('192.000.2.1'), /source "192.000.2.1"/],
    ['octal-looking IPv4', ok('010.0.0.1'), /source "010.0.0.1"/],
    ['IPv4 octet over 255', ok('192.0.2.256'), /source/],
    ['short IPv4', ok('127.1'), /source/],
    ['IPv4 as an integer', ok('3221225985'), /source/],
    ['IPv6 in TCP4', ok('2001:db8::1'), /dotted-quad IPv4/],
    ['IPv4 in TCP6', ok('192.0.2.1', '2001:db8::2', '1', '2', 'TCP6'), /an IPv6/],
    ['zone id in TCP6', ok('fe80::1%eth0', 'fe80::2', '1', '2', 'TCP6'), /"fe80::1%eth0"/],
    ['brackets in TCP6', ok('[2001:db8::1]', '2001:db8::2', '1', '2', 'TCP6'), /source/],
    ['two :: in TCP6', ok('2001::db8::1', '2001:db8::2', '1', '2', 'TCP6'), /source/],
    ['a host name', ok('localhost'), /source "localhost"/],
    ['bad destination', ok('192.0.2.1', '198.51.100.x'), /destination/],
    ['port of 6 digits, even leading zeros', ok(undefined, undefined, '000080'), /"000080"/],
    ['an empty port', 'PROXY TCP4 192.0.2.1 198.51.100.2  443\r\n', /source port ""/],
    ['port over 65535', ok(undefined, undefined, '65536'), /source port/],
    ['negative port', ok(undefined, undefined, '-1'), /source port/],
    ['port with a sign', ok(undefined, undefined, '+1'), /source port/],
    ['hex port', ok(undefined, undefined, '0x1f'), /source port/],
    ['bad destination port', ok(undefined, undefined, '1', '99999'), /destination port/],
  ])('%s', (_title, line, detail) => {
    const r = parseProxyHeader(Buffer.from(line, 'latin1'));
    expect(r).toMatchObject({ state: 'invalid', reason: 'malformed' });
    if (r.state === 'invalid') expect(r.detail).toMatch(detail);
  });

  test.each([
    ['107 bytes without CRLF', 'PROXY ' + 'A'.repeat(101)],
    ['CRLF just past the cap', `PROXY UNKNOWN ${FULL6} ${FULL6} 655355 65535\r\n`],
    ['a long stream of garbage after PROXY', 'PROXY ' + 'x'.repeat(5000)],
  ])('too large: %s', (_title, text) => {
    expect(parseProxyHeader(Buffer.from(text))).toMatchObject({
      state: 'invalid',
      reason: 'too-large',
    });
  });
});

describe('PROXY v1: incomplete and absent headers', () => {
  test.each([
    ['nothing yet', '', 1],
    ['a prefix of the signature', 'PRO', 6],
    ['the signature', 'PROXY ', 7],
    ['half a line', 'PROXY TCP4 192.0.2.1', 21],
    ['up to the CR', 'PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r', 45],
  ])('%s: incomplete', (_title, text, need) => {
    expect(parseProxyHeader(Buffer.from(text))).toEqual({ state: 'incomplete', need });
  });

  test.each([
    ['HTTP', 'GET / HTTP/1.1\r\n'],
    ['POST (shares the P)', 'POST / HTTP/1.1\r\n'],
    ['PROXY without its space', 'PROXY\r\n'],
    ['lower-case proxy', 'proxy TCP4 192.0.2.1 198.51.100.2 1 2\r\n'],
    ['a TLS ClientHello', '\x16\x03\x01\x02\x00'],
    ['SSH', 'SSH-2.0-OpenSSH_9.6\r\n'],
  ])('%s: not a PROXY header', (_title, text) => {
    expect(parseProxyHeader(Buffer.from(text, 'latin1'))).toEqual({ state: 'none' });
  });
});
