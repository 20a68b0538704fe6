/**
 * RFC 7239 `Forwarded` vectors (`header: 'forwarded'`): the `for=` node of each element is the
 * hop; quoted strings, escapes, case-insensitive names, OWS around ';', several elements and
 * lines; unknown/obfuscated nodes, a missing `for=`, duplicate parameters and malformed elements
 * stop the walk. The peer is 10.0.0.1 and trust '10.0.0.0/8' unless stated.
 */
import type { RealIpOptions } from '@realip/core';
import type { Vector } from '../vectors.js';
import { fromHeader, peerIs } from './results.js';

const FWD = 'forwarded';
const PEER = '10.0.0.1';
const fwdCidr10: RealIpOptions = { trust: '10.0.0.0/8', header: FWD };
const fwdProtoHost: RealIpOptions = { ...fwdCidr10, protocol: true, host: true };

/** A vector with the usual peer and trust whose Forwarded header holds `value`. */
function fwd(
  id: string,
  title: string,
  value: string | readonly string[],
  expected: Vector['expected'],
  options: RealIpOptions = fwdCidr10,
): Vector {
  return { id, title, peer: PEER, headers: { [FWD]: value }, options, expected };
}

/** The rightmost element yields no address: the trusted peer answers, reason invalid. */
function invalidAtHop1(id: string, title: string, value: string): Vector {
  return fwd(id, title, value, peerIs(PEER, 'invalid'));
}

/** The client 198.51.100.9 at hop 1, with optional port. */
function clientAtHop1(port?: number): Vector['expected'] {
  return fromHeader(FWD, '198.51.100.9', 1, 'untrusted', port === undefined ? {} : { port });
}

export const forwardedVectors: readonly Vector[] = [
  fwd('fwd-token', 'for= as a token', 'for=198.51.100.9', clientAtHop1()),
  fwd('fwd-quoted-v4', 'for= as a quoted string', 'for="198.51.100.9"', clientAtHop1()),
  fwd('fwd-quoted-v4-port', '"a.b.c.d:port"', 'for="198.51.100.9:4711"', clientAtHop1(4711)),
  fwd('fwd-escaped-digit', 'quoted-pair \\9 is 9', 'for="198.51.100.\\9"', clientAtHop1()),
  fwd(
    'fwd-escaped-brackets',
    'escaped brackets around a [v6]:port',
    'for="\\[2001:db8::1\\]:8080"',
    fromHeader(FWD, '2001:db8::1', 1, 'untrusted', { port: 8080 }),
  ),
  fwd(
    'fwd-name-mixed-case',
    'parameter names are case-insensitive',
    'fOr=198.51.100.9',
    clientAtHop1(),
  ),
  fwd(
    'fwd-multiple-elements',
    'elements walked from the right',
    'for=6.6.6.6, for=198.51.100.9, for=10.0.0.5',
    fromHeader(FWD, '198.51.100.9', 2, 'untrusted'),
  ),
  fwd(
    'fwd-multiple-lines',
    'several lines are one list; the last line is closest',
    ['for=6.6.6.6, for=198.51.100.9', 'for=10.0.0.5'],
    fromHeader(FWD, '198.51.100.9', 2, 'untrusted'),
  ),
  fwd(
    'fwd-comma-inside-quotes',
    'a comma inside a quoted string does not split elements',
    'for=198.51.100.9;ext="a, for=6.6.6.6"',
    clientAtHop1(),
  ),
  fwd(
    'fwd-empty-elements',
    'empty elements are skipped and not counted',
    'for=198.51.100.9, , for=10.0.0.5',
    fromHeader(FWD, '198.51.100.9', 2, 'untrusted'),
  ),
  fwd(
    'fwd-unknown-after-trusted',
    'for=unknown after a trusted hop: that hop, invalid',
    'for=unknown, for=10.0.0.5',
    fromHeader(FWD, '10.0.0.5', 1, 'invalid'),
  ),
  invalidAtHop1(
    'fwd-obfuscated-node',
    'for=_hidden stops the walk; nothing left of it is read',
    'for=198.51.100.9, for=_hidden',
  ),
  invalidAtHop1('fwd-missing-for', 'an element without for= is invalid', 'by=10.0.0.1;proto=https'),
  invalidAtHop1(
    'fwd-duplicate-for',
    'for= twice in one element is invalid',
    'for=198.51.100.9;for=6.6.6.6',
  ),
  invalidAtHop1(
    'fwd-duplicate-param-other-case',
    'proto= and PROTO= in one element: a duplicate, invalid',
    'for=198.51.100.9;proto=http;PROTO=https',
  ),
  invalidAtHop1(
    'fwd-unbracketed-v6',
    'a quoted IPv6 without brackets is invalid',
    'for="2001:db8::1"',
  ),
  fwd(
    'fwd-bracketed-v6-no-port',
    '"[v6]" without port is valid in Forwarded',
    'for="[2001:DB8::1]"',
    fromHeader(FWD, '2001:db8::1', 1, 'untrusted'),
  ),
  fwd(
    'fwd-obfuscated-port',
    '"a.b.c.d:_abc": address valid, port unknown',
    'for="198.51.100.9:_abc"',
    clientAtHop1(),
  ),
  fwd(
    'fwd-obfuscated-port-v6',
    '"[v6]:_p1": address valid, port unknown',
    'for="[2001:db8::1]:_p1"',
    fromHeader(FWD, '2001:db8::1', 1, 'untrusted'),
  ),
  fwd(
    'fwd-ows-around-semicolon',
    "SP and HTAB around ';' are allowed",
    'for=198.51.100.9 ;\tproto=https',
    fromHeader(FWD, '198.51.100.9', 1, 'untrusted', { protocol: 'https' }),
    { ...fwdCidr10, protocol: true },
  ),
  invalidAtHop1('fwd-ows-around-equals', "space around '=' is malformed", 'for = 198.51.100.9'),
  fwd(
    'fwd-empty-pairs',
    "empty pairs (';;', trailing ';') are allowed",
    'for=198.51.100.9;;proto=https;',
    clientAtHop1(),
  ),
  invalidAtHop1(
    'fwd-unquoted-port',
    'a colon is not a token char: unquoted port is malformed',
    'for=198.51.100.9:80',
  ),
  invalidAtHop1(
    'fwd-quoted-port-out-of-range',
    'port 65536 is invalid',
    'for="198.51.100.9:65536"',
  ),
  invalidAtHop1('fwd-bracketed-v4', '"[a.b.c.d]" is invalid', 'for="[198.51.100.9]"'),
  invalidAtHop1('fwd-bare-ip-element', 'a bare address is not a pair', '198.51.100.9'),
  invalidAtHop1(
    'fwd-unterminated-quote',
    'an unterminated quoted string is malformed',
    'for="198.51.100.9',
  ),
  invalidAtHop1(
    'fwd-junk-after-quote',
    'text after the closing quote is malformed',
    'for="198.51.100.9"x',
  ),
  invalidAtHop1('fwd-zone-id', 'a zone id in for= is invalid', 'for="[fe80::1%eth0]"'),
  fwd(
    'fwd-mapped-unmapped',
    '"[::ffff:a.b.c.d]:port" prints as IPv4',
    'for="[::ffff:198.51.100.9]:80"',
    clientAtHop1(80),
  ),
  fwd(
    'fwd-malformed-left-of-client',
    'a bad element left of the client is never examined',
    'for="not an address", for=198.51.100.9',
    clientAtHop1(),
  ),
  fwd(
    'fwd-proto-host',
    'proto= and host= of the answer’s element, lower-cased',
    'for=198.51.100.9;proto=HTTPS;host="Example.COM:8443"',
    fromHeader(FWD, '198.51.100.9', 1, 'untrusted', {
      protocol: 'https',
      host: 'example.com:8443',
    }),
    fwdProtoHost,
  ),
  invalidAtHop1(
    'fwd-unquoted-host-port',
    'host=name:port unquoted: the colon makes the element malformed',
    'for=198.51.100.9;host=example.com:8443',
  ),
  fwd(
    'fwd-proto-host-from-answer-element-only',
    'proto/host come from the answer’s own element, not a closer one',
    'for=198.51.100.9;proto=http, for=10.0.0.5;proto=https;host=inner.example',
    fromHeader(FWD, '198.51.100.9', 2, 'untrusted', { protocol: 'http' }),
    fwdProtoHost,
  ),
  fwd(
    'fwd-proto-host-invalid-values',
    'proto=ftp and a host with a space: both undefined',
    'for=198.51.100.9;proto=ftp;host="bad host"',
    clientAtHop1(),
    fwdProtoHost,
  ),
  fwd(
    'fwd-proto-host-quoted',
    'quoted proto and a quoted [v6]:port host',
    'for=198.51.100.9;proto="https";host="[2001:db8::1]:443"',
    fromHeader(FWD, '198.51.100.9', 1, 'untrusted', {
      protocol: 'https',
      host: '[2001:db8::1]:443',
    }),
    fwdProtoHost,
  ),
  {
    id: 'fwd-untrusted-peer',
    title: 'untrusted peer: Forwarded (and its proto=) never read',
    peer: '203.0.113.7',
    headers: { [FWD]: 'for=198.51.100.9;proto=https' },
    options: fwdProtoHost,
    expected: peerIs('203.0.113.7', 'untrusted'),
  },
  fwd(
    'fwd-limit',
    'maxEntries counts Forwarded elements',
    'for=198.51.100.9, for=10.0.0.5',
    fromHeader(FWD, '10.0.0.5', 1, 'limit'),
    { ...fwdCidr10, maxEntries: 1 },
  ),
  fwd(
    'fwd-trust-all-leftmost',
    'trust true: the leftmost element, exhausted',
    'for=6.6.6.6;proto=http, for=198.51.100.9',
    fromHeader(FWD, '6.6.6.6', 2, 'exhausted', { protocol: 'http' }),
    { trust: true, header: FWD, protocol: true },
  ),
];
