/**
 * Single-address header vectors (x-real-ip, cf-connecting-ip, true-client-ip, ...): read only
 * behind a trusted peer; the value must be exactly one token on one line, else `invalid` and the
 * peer answers; an empty value is absent; the one entry then goes through the same walk.
 */
import type { RealIpOptions } from '@realip/core';
import type { Vector } from '../vectors.js';
import { fromHeader, peerIs } from './results.js';

const PEER = '10.0.0.1';

/** A vector whose only header is `name: value`, read as configured `header: name`. */
function single(
  id: string,
  title: string,
  name: string,
  value: string | readonly string[],
  expected: Vector['expected'],
  options: RealIpOptions = { trust: '10.0.0.0/8' },
  peer = PEER,
): Vector {
  return {
    id,
    title,
    peer,
    headers: { [name]: value },
    options: { ...options, header: name },
    expected,
  };
}

const RIP = 'x-real-ip';
const CF = 'cf-connecting-ip';

export const singleHeaderVectors: readonly Vector[] = [
  single(
    'single-cf-trusted-peer',
    'cf-connecting-ip behind a trusted peer: the client, hop 1',
    CF,
    '198.51.100.9',
    fromHeader(CF, '198.51.100.9', 1, 'untrusted'),
  ),
  single(
    'single-cf-untrusted-peer',
    'cf-connecting-ip from an untrusted peer: ignored',
    CF,
    '6.6.6.6',
    peerIs('203.0.113.7', 'untrusted'),
    { trust: '10.0.0.0/8' },
    '203.0.113.7',
  ),
  single(
    'single-ipv4-port',
    'a.b.c.d:port: port reported',
    CF,
    '198.51.100.9:4711',
    fromHeader(CF, '198.51.100.9', 1, 'untrusted', { port: 4711 }),
  ),
  single(
    'single-v6-port',
    '[v6]:port: address and port',
    CF,
    '[2001:db8::1]:443',
    fromHeader(CF, '2001:db8::1', 1, 'untrusted', { port: 443 }),
  ),
  single(
    'single-list-invalid',
    'a list is not one address: invalid, the peer answers',
    RIP,
    '198.51.100.9, 6.6.6.6',
    peerIs(PEER, 'invalid'),
  ),
  single(
    'single-trailing-comma-invalid',
    'a comma makes it a list even with an empty element',
    RIP,
    '198.51.100.9,',
    peerIs(PEER, 'invalid'),
  ),
  single(
    'single-two-lines-invalid',
    'two header lines: invalid',
    RIP,
    ['198.51.100.9', '6.6.6.6'],
    peerIs(PEER, 'invalid'),
  ),
  single('single-garbage-invalid', '"unknown" is invalid', RIP, 'unknown', peerIs(PEER, 'invalid')),
  single(
    'single-bare-bracketed-v6-invalid',
    '"[v6]" without port is invalid',
    RIP,
    '[2001:db8::1]',
    peerIs(PEER, 'invalid'),
  ),
  single(
    'single-zone-invalid',
    'a zone id is invalid',
    RIP,
    'fe80::1%eth0',
    peerIs(PEER, 'invalid'),
  ),
  single('single-empty-is-absent', 'an empty value is absent', RIP, '', peerIs(PEER, 'exhausted')),
  single(
    'single-ows-trimmed',
    'surrounding SP/HTAB is trimmed',
    RIP,
    '\t198.51.100.9 ',
    fromHeader(RIP, '198.51.100.9', 1, 'untrusted'),
  ),
  single(
    'single-trusted-value-exhausted',
    'the value is itself trusted: it is the leftmost entry, exhausted',
    RIP,
    '10.0.0.7',
    fromHeader(RIP, '10.0.0.7', 1, 'exhausted'),
  ),
  single(
    'single-hops-1',
    'hops: 1: the value is the client even if private',
    RIP,
    '10.0.0.7',
    fromHeader(RIP, '10.0.0.7', 1, 'untrusted'),
    { hops: 1 },
  ),
  single(
    'single-hops-2',
    'hops: 2 with one entry: the entry, exhausted',
    RIP,
    '198.51.100.9',
    fromHeader(RIP, '198.51.100.9', 1, 'exhausted'),
    { hops: 2 },
  ),
  single(
    'single-mapped-unmapped',
    'a mapped value prints as IPv4',
    RIP,
    '::ffff:198.51.100.9',
    fromHeader(RIP, '198.51.100.9', 1, 'untrusted'),
  ),
  single(
    'single-mapped-keep',
    'keepMapped keeps the mapped form',
    RIP,
    '::ffff:198.51.100.9',
    fromHeader(RIP, '::ffff:198.51.100.9', 1, 'untrusted'),
    { trust: '10.0.0.0/8', keepMapped: true },
  ),
  single(
    'single-true-client-ip-trust-all',
    'trust true: true-client-ip is read, exhausted at hop 1',
    'true-client-ip',
    '6.6.6.6',
    fromHeader('true-client-ip', '6.6.6.6', 1, 'exhausted'),
    { trust: true },
  ),
  single(
    'single-custom-name',
    'any header name works as a single-address header',
    'x-client-address',
    '198.51.100.9',
    fromHeader('x-client-address', '198.51.100.9', 1, 'untrusted'),
  ),
  {
    id: 'single-protocol-host',
    title: 'single header: X-Forwarded-Proto/Host at position 1 from the right',
    peer: PEER,
    headers: {
      [RIP]: '198.51.100.9',
      'x-forwarded-proto': 'http, https',
      'x-forwarded-host': 'other.example, App.Example',
    },
    options: { trust: '10.0.0.0/8', header: RIP, protocol: true, host: true },
    expected: fromHeader(RIP, '198.51.100.9', 1, 'untrusted', {
      protocol: 'https',
      host: 'app.example',
    }),
  },
];
