/**
 * X-Forwarded-For vectors: which header is read, the walk (untrusted / exhausted / invalid),
 * empty elements, `maxEntries`, token grammar (ports, brackets, strict IPv4, zone ids), RFC 5952
 * output and several header lines. The peer is 10.0.0.1 and trust '10.0.0.0/8' unless stated.
 */
import type { RealIpOptions } from '@realip/core';
import type { Vector } from '../vectors.js';
import { filler, fromHeader, peerIs } from './results.js';

const XFF = 'x-forwarded-for';
const PEER = '10.0.0.1';
const cidr10: RealIpOptions = { trust: '10.0.0.0/8' };

/** A vector with the usual peer and trust whose XFF holds `xff`. */
function xff(
  id: string,
  title: string,
  header: string | readonly string[],
  expected: Vector['expected'],
  options: RealIpOptions = cidr10,
): Vector {
  return { id, title, peer: PEER, headers: { [XFF]: header }, options, expected };
}

/** The entry at hop 1 is garbage: the trusted peer answers, reason invalid. */
function invalidAtHop1(id: string, title: string, header: string): Vector {
  return xff(id, title, header, peerIs(PEER, 'invalid'));
}

const headerChoiceVectors: readonly Vector[] = [
  {
    id: 'header-only-configured-x-real-ip',
    title: 'header x-real-ip absent, XFF present: XFF is not a fallback',
    peer: PEER,
    headers: { [XFF]: '198.51.100.9' },
    options: { trust: '10.0.0.0/8', header: 'x-real-ip' },
    expected: peerIs(PEER, 'exhausted'),
  },
  {
    id: 'header-only-configured-forwarded',
    title: 'header forwarded absent, XFF present: XFF is not a fallback',
    peer: PEER,
    headers: { [XFF]: '198.51.100.9' },
    options: { trust: '10.0.0.0/8', header: 'forwarded' },
    expected: peerIs(PEER, 'exhausted'),
  },
  {
    id: 'header-name-case-insensitive-list',
    title: "header 'X-Forwarded-For' is the XFF list, source lower-cased",
    peer: PEER,
    headers: { [XFF]: '6.6.6.6, 198.51.100.9' },
    options: { trust: '10.0.0.0/8', header: 'X-Forwarded-For' },
    expected: fromHeader(XFF, '198.51.100.9', 1, 'untrusted'),
  },
  {
    id: 'header-name-lower-cased-single',
    title: "header 'X-Real-IP': source is 'x-real-ip'",
    peer: PEER,
    headers: { 'x-real-ip': '198.51.100.9' },
    options: { trust: '10.0.0.0/8', header: 'X-Real-IP' },
    expected: fromHeader('x-real-ip', '198.51.100.9', 1, 'untrusted'),
  },
];

const walkVectors: readonly Vector[] = [
  xff(
    'walk-all-trusted-leftmost',
    'every entry trusted: the leftmost, exhausted',
    '10.0.0.7, 10.0.0.6',
    fromHeader(XFF, '10.0.0.7', 2, 'exhausted'),
  ),
  xff(
    'walk-stops-at-first-untrusted',
    'a trusted-looking entry left of the client is never reached',
    '10.0.0.9, 6.6.6.6, 10.0.0.5',
    fromHeader(XFF, '6.6.6.6', 2, 'untrusted'),
  ),
  xff(
    'walk-invalid-after-trusted-hop',
    'garbage after a trusted hop: that hop answers, invalid',
    '6.6.6.6, unknown, 10.0.0.5',
    fromHeader(XFF, '10.0.0.5', 1, 'invalid'),
  ),
  xff(
    'walk-invalid-left-of-client-unreached',
    'garbage left of the client is never examined',
    'unknown, 198.51.100.9',
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted'),
  ),
  xff(
    'walk-invalid-keeps-hop-port',
    'the last trusted hop keeps the port written with it',
    'unknown, 10.0.0.5:8080',
    fromHeader(XFF, '10.0.0.5', 1, 'invalid', { port: 8080 }),
  ),
  xff(
    'walk-empty-elements-skipped',
    'an empty element between hops is skipped, not a stop',
    '198.51.100.9, , 10.0.0.5',
    fromHeader(XFF, '198.51.100.9', 2, 'untrusted'),
  ),
  xff(
    'walk-whitespace-only-elements',
    'SP/HTAB-only elements are empty',
    '198.51.100.9,\t , \t',
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted'),
  ),
  xff(
    'walk-only-commas',
    'only empty elements: like an absent header',
    ',, ,',
    peerIs(PEER, 'exhausted'),
  ),
  xff(
    'walk-exhausted-keeps-port',
    'trust true: the leftmost entry with its port',
    '198.51.100.9:1234, 10.0.0.5',
    fromHeader(XFF, '198.51.100.9', 2, 'exhausted', { port: 1234 }),
    { trust: true },
  ),
];

/** `maxEntries` counts every element examined, empty ones included. */
const limitVectors: readonly Vector[] = [
  xff(
    'limit-trusted-hops',
    'maxEntries 2: a third element is not examined; the last trusted hop, limit',
    '198.51.100.9, 10.0.0.6, 10.0.0.5',
    fromHeader(XFF, '10.0.0.6', 2, 'limit'),
    { trust: '10.0.0.0/8', maxEntries: 2 },
  ),
  xff(
    'limit-boundary-reached-not-passed',
    'maxEntries 3: the third element may be examined',
    '198.51.100.9, 10.0.0.6, 10.0.0.5',
    fromHeader(XFF, '198.51.100.9', 3, 'untrusted'),
    { trust: '10.0.0.0/8', maxEntries: 3 },
  ),
  xff(
    'limit-all-trusted-fits',
    'maxEntries 2 with exactly two trusted entries: exhausted, not limit',
    '10.0.0.7, 10.0.0.6',
    fromHeader(XFF, '10.0.0.7', 2, 'exhausted'),
    { trust: '10.0.0.0/8', maxEntries: 2 },
  ),
  xff(
    'limit-empty-elements-count',
    'maxEntries 3: two empty elements use up the budget',
    '198.51.100.9, , , 10.0.0.5',
    fromHeader(XFF, '10.0.0.5', 1, 'limit'),
    { trust: '10.0.0.0/8', maxEntries: 3 },
  ),
  xff(
    'limit-answers-peer',
    'maxEntries 1 and an empty rightmost element: the peer, limit',
    '198.51.100.9,',
    peerIs(PEER, 'limit'),
    { trust: '10.0.0.0/8', maxEntries: 1 },
  ),
  xff(
    'limit-before-invalid',
    'maxEntries 1: the garbage at element 2 is never examined',
    'unknown, 10.0.0.5',
    fromHeader(XFF, '10.0.0.5', 1, 'limit'),
    { trust: '10.0.0.0/8', maxEntries: 1 },
  ),
  xff(
    'limit-default-32-of-33',
    'default maxEntries 32, trust true, 33 entries: hop 32, limit',
    filler(33).join(', '),
    fromHeader(XFF, '198.51.0.1', 32, 'limit'),
    { trust: true },
  ),
  xff(
    'limit-default-32-of-32',
    'default maxEntries 32, trust true, 32 entries: leftmost, exhausted',
    filler(32).join(', '),
    fromHeader(XFF, '198.51.0.0', 32, 'exhausted'),
    { trust: true },
  ),
];

const tokenVectors: readonly Vector[] = [
  xff(
    'token-ipv4-port-zero',
    'port 0 is in range',
    '198.51.100.9:0',
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted', { port: 0 }),
  ),
  xff(
    'token-ipv4-port-max',
    'port 65535 is in range',
    '198.51.100.9:65535',
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted', { port: 65535 }),
  ),
  xff(
    'token-ipv4-port-five-digits-leading-zeros',
    'port "00080" is five decimal digits: 80',
    '198.51.100.9:00080',
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted', { port: 80 }),
  ),
  invalidAtHop1('token-ipv4-port-out-of-range', 'port 65536 is out of range', '198.51.100.9:65536'),
  invalidAtHop1('token-ipv4-port-six-digits', 'a six-digit port is invalid', '198.51.100.9:000080'),
  invalidAtHop1('token-ipv4-empty-port', 'a colon with no port is invalid', '198.51.100.9:'),
  invalidAtHop1('token-ipv4-port-not-decimal', 'a non-decimal port is invalid', '198.51.100.9:8o'),
  xff(
    'token-v6-bracket-port',
    '[v6]:port: address canonicalised, port reported',
    '[2001:DB8::0:1]:8443',
    fromHeader(XFF, '2001:db8::1', 1, 'untrusted', { port: 8443 }),
  ),
  invalidAtHop1(
    'token-v6-bracket-port-out-of-range',
    '[v6]:70000 is invalid',
    '[2001:db8::1]:70000',
  ),
  xff(
    'token-unbracketed-v6-keeps-last-group',
    '2001:db8::1:80 is an IPv6 address, not 2001:db8::1 port 80',
    '2001:db8::1:80',
    fromHeader(XFF, '2001:db8::1:80', 1, 'untrusted'),
  ),
  xff(
    'token-bracket-mapped-port',
    '[::ffff:a.b.c.d]:port is unmapped, port kept',
    '[::ffff:198.51.100.9]:80',
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted', { port: 80 }),
  ),
  invalidAtHop1('token-bracketed-v4', '[1.2.3.4]:80 is invalid', '[198.51.100.9]:80'),
  invalidAtHop1('token-bracketed-zone', '[v6%zone]:port is invalid', '[fe80::1%eth0]:80'),
  invalidAtHop1('token-ipv4-octet-over-255', '256 is not an octet', '198.51.100.256'),
  invalidAtHop1('token-ipv4-leading-zero-octet', '"09" has a leading zero', '198.51.100.09'),
  invalidAtHop1('token-ipv4-three-parts', '"198.51.100" is not an address', '198.51.100'),
  invalidAtHop1('token-ipv4-trailing-dot', '"198.51.100.9." is not an address', '198.51.100.9.'),
  invalidAtHop1('token-long-element', 'a 2000-character element is invalid', 'x'.repeat(2000)),
  invalidAtHop1('token-many-colons', '1000 colons are not an address', ':'.repeat(1000)),
  invalidAtHop1('token-underscore-obfuscated', 'an obfuscated "_abc" node is invalid', '_abc'),
  {
    id: 'token-hex-ipv4-not-loopback',
    title: '0x7f.0.0.1 is not 127.0.0.1: invalid, never a trusted loopback hop',
    peer: PEER,
    headers: { [XFF]: '6.6.6.6, 0x7f.0.0.1' },
    options: { trust: ['loopback', '10.0.0.0/8'] },
    expected: peerIs(PEER, 'invalid'),
  },
  {
    id: 'token-short-ipv4-not-loopback',
    title: '127.1 is not 127.0.0.1: invalid, never a trusted loopback hop',
    peer: PEER,
    headers: { [XFF]: '6.6.6.6, 127.1' },
    options: { trust: ['loopback', '10.0.0.0/8'] },
    expected: peerIs(PEER, 'invalid'),
  },
  {
    id: 'token-octal-ipv4-not-private',
    title: '012.0.0.1 is neither 10.0.0.1 nor 12.0.0.1: invalid',
    peer: PEER,
    headers: { [XFF]: '6.6.6.6, 012.0.0.1' },
    options: cidr10,
    expected: peerIs(PEER, 'invalid'),
  },
  xff(
    'token-unspecified-v6',
    ':: is a valid IPv6 address',
    '::',
    fromHeader(XFF, '::', 1, 'untrusted'),
  ),
  xff(
    'token-zero-ipv4',
    '0.0.0.0 is a valid IPv4 address',
    '0.0.0.0',
    fromHeader(XFF, '0.0.0.0', 1, 'untrusted'),
  ),
];

/** RFC 5952 text for every IPv6 answer; mapped addresses unmapped unless keepMapped. */
const canonicalVectors: readonly Vector[] = [
  xff(
    'canon-first-of-equal-zero-runs',
    'two runs of two zero groups: the first is compressed',
    '2001:0db8:0000:0000:0001:0000:0000:0001',
    fromHeader(XFF, '2001:db8::1:0:0:1', 1, 'untrusted'),
  ),
  xff(
    'canon-longest-zero-run',
    'the longest zero run is compressed, even when it is last',
    '2001:db8:0:0:1:0:0:0',
    fromHeader(XFF, '2001:db8:0:0:1::', 1, 'untrusted'),
  ),
  xff(
    'canon-no-single-group-compression',
    'a single zero group is never ::',
    '2001:db8:0:1:1:1:1:1',
    fromHeader(XFF, '2001:db8:0:1:1:1:1:1', 1, 'untrusted'),
  ),
  xff(
    'canon-upper-hex',
    'hex digits lower-cased',
    '2001:DB8::ABCD',
    fromHeader(XFF, '2001:db8::abcd', 1, 'untrusted'),
  ),
  xff(
    'canon-all-zero-but-last',
    '0:0:0:0:0:0:0:1 is ::1',
    '0:0:0:0:0:0:0:1',
    fromHeader(XFF, '::1', 1, 'untrusted'),
  ),
  xff(
    'canon-mapped-unmapped',
    '::ffff:a.b.c.d prints as a.b.c.d, family 4',
    '::ffff:198.51.100.9',
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted'),
  ),
  xff(
    'canon-mapped-hex-form-unmapped',
    '::FFFF:C633:6409 is the mapped 198.51.100.9',
    '::FFFF:C633:6409',
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted'),
  ),
  xff(
    'canon-ipv4-compatible-hex-not-v4',
    '::10.0.0.5 is not IPv4-mapped: printed in hex, not matched by 10/8',
    '6.6.6.6, ::10.0.0.5',
    fromHeader(XFF, '::a00:5', 1, 'untrusted'),
  ),
  xff(
    'canon-nat64-hex',
    '64:ff9b::198.51.100.9 is printed in hex',
    '64:ff9b::198.51.100.9',
    fromHeader(XFF, '64:ff9b::c633:6409', 1, 'untrusted'),
  ),
];

const lineVectors: readonly Vector[] = [
  xff(
    'lines-xff-joined-in-order',
    'several lines are one list; the last line is closest',
    ['6.6.6.6, 198.51.100.9', '10.0.0.5'],
    fromHeader(XFF, '198.51.100.9', 2, 'untrusted'),
  ),
  xff(
    'lines-xff-invalid-in-last-line',
    'garbage in the last line stops at the peer',
    ['198.51.100.9', 'unknown'],
    peerIs(PEER, 'invalid'),
  ),
  xff(
    'lines-xff-empty-last-line',
    'an empty last line adds only an empty element',
    ['198.51.100.9', ''],
    fromHeader(XFF, '198.51.100.9', 1, 'untrusted'),
  ),
];

const NOT_SENDABLE = 'Node’s HTTP client refuses this header value';

const hostileVectors: readonly Vector[] = [
  {
    id: 'hostile-nul-byte',
    title: 'a NUL byte in the rightmost element: invalid, never thrown',
    peer: PEER,
    headers: { [XFF]: '198.51.100.9, 1.2.3.4\u0000' },
    options: cidr10,
    expected: peerIs(PEER, 'invalid'),
    coreOnly: NOT_SENDABLE,
  },
  {
    id: 'hostile-non-latin1',
    title: 'a non-Latin-1 character in the rightmost element: invalid',
    peer: PEER,
    headers: { [XFF]: '198.51.100.9, 中' },
    options: cidr10,
    expected: peerIs(PEER, 'invalid'),
    coreOnly: NOT_SENDABLE,
  },
];

export const xffVectors: readonly Vector[] = [
  ...headerChoiceVectors,
  ...walkVectors,
  ...limitVectors,
  ...tokenVectors,
  ...canonicalVectors,
  ...lineVectors,
  ...hostileVectors,
];
