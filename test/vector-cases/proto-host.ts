/**
 * X-Forwarded-Proto / X-Forwarded-Host vectors (options `protocol: true, host: true`): read only
 * when the answer is a header entry; the non-empty element at the answer's position from the
 * right; protocol http/https only, host validated; both lower-cased. Peer 10.0.0.1, trust 10/8.
 */
import type { RealIpOptions } from '@realip/core';
import type { Vector } from '../vectors.js';
import { fromHeader, peerIs } from './results.js';

const XFF = 'x-forwarded-for';
const PEER = '10.0.0.1';
const protoHost: RealIpOptions = { trust: '10.0.0.0/8', protocol: true, host: true };

/** A vector with XFF `xff` and the given X-Forwarded-Proto / X-Forwarded-Host values. */
function ph(
  id: string,
  title: string,
  xff: string | readonly string[],
  proto: string | readonly string[] | undefined,
  host: string | readonly string[] | undefined,
  expected: Vector['expected'],
  options: RealIpOptions = protoHost,
): Vector {
  const headers: Record<string, string | readonly string[]> = { [XFF]: xff };
  if (proto !== undefined) headers['x-forwarded-proto'] = proto;
  if (host !== undefined) headers['x-forwarded-host'] = host;
  return { id, title, peer: PEER, headers, options, expected };
}

/** The client 198.51.100.9 at `hops`, reason untrusted, with protocol/host. */
function client(hops: number, protocol?: 'http' | 'https', host?: string): Vector['expected'] {
  return fromHeader(XFF, '198.51.100.9', hops, 'untrusted', {
    ...(protocol === undefined ? {} : { protocol }),
    ...(host === undefined ? {} : { host }),
  });
}

/** A host of `length` characters made of 63-character labels. */
function longHost(length: number): string {
  const labels: string[] = [];
  let left = length;
  while (left > 0) {
    const size = Math.min(63, left);
    labels.push('a'.repeat(size));
    left -= size + 1;
  }
  return labels.join('.');
}

export const protoHostVectors: readonly Vector[] = [
  ph(
    'proto-host-off-by-default',
    'without the options, protocol and host stay undefined',
    '198.51.100.9',
    'https',
    'a.example',
    client(1),
    { trust: '10.0.0.0/8' },
  ),
  ph(
    'proto-host-shorter-list',
    'proto/host lists shorter than the answer’s position: undefined',
    '198.51.100.9, 10.0.0.5',
    'https',
    'a.example',
    client(2),
  ),
  ph(
    'proto-host-empty-elements-skipped',
    'empty elements do not count toward the position',
    '198.51.100.9, 10.0.0.5',
    'https, , http',
    'a.example,,b.example',
    client(2, 'https', 'a.example'),
  ),
  ph(
    'proto-upper-case',
    'HTTP is lower-cased',
    '198.51.100.9',
    'HTTP',
    undefined,
    client(1, 'http'),
  ),
  ph('proto-ftp-invalid', 'ftp is not http/https', '198.51.100.9', 'ftp', undefined, client(1)),
  ph(
    'host-lower-cased-with-port',
    'host with port, lower-cased',
    '198.51.100.9',
    undefined,
    'Example.COM:8443',
    client(1, undefined, 'example.com:8443'),
  ),
  ph(
    'host-ipv4-port',
    'an IPv4 host with port',
    '198.51.100.9',
    undefined,
    '198.51.100.10:8080',
    client(1, undefined, '198.51.100.10:8080'),
  ),
  ph(
    'host-v6-bracketed',
    'a [v6] host, lower-cased',
    '198.51.100.9',
    undefined,
    '[2001:DB8::1]',
    client(1, undefined, '[2001:db8::1]'),
  ),
  ph(
    'host-path-invalid',
    'a slash is not a host char',
    '198.51.100.9',
    undefined,
    'evil.example/x',
    client(1),
  ),
  ph(
    'host-userinfo-invalid',
    'userinfo is not a host',
    '198.51.100.9',
    undefined,
    'a@evil.example',
    client(1),
  ),
  ph(
    'host-port-out-of-range',
    'port 65536: undefined',
    '198.51.100.9',
    undefined,
    'example.com:65536',
    client(1),
  ),
  ph(
    'host-underscore-ok',
    'underscore is allowed',
    '198.51.100.9',
    undefined,
    'my_host.example',
    client(1, undefined, 'my_host.example'),
  ),
  ph(
    'host-253-chars-ok',
    'a 253-character name is valid',
    '198.51.100.9',
    undefined,
    longHost(253),
    client(1, undefined, longHost(253)),
  ),
  ph(
    'host-254-chars-too-long',
    'a 254-character name is invalid',
    '198.51.100.9',
    undefined,
    longHost(254),
    client(1),
  ),
  ph(
    'proto-host-at-invalid-stop',
    'the invalid-stop answer at hop 1 still gets position 1',
    'unknown, 10.0.0.5',
    'http, https',
    'a.example, b.example',
    fromHeader(XFF, '10.0.0.5', 1, 'invalid', { protocol: 'https', host: 'b.example' }),
  ),
  ph(
    'proto-host-peer-answer-invalid',
    'the peer answers (hops 0, invalid): nothing read',
    'unknown',
    'https',
    'a.example',
    peerIs(PEER, 'invalid'),
  ),
  ph(
    'proto-host-exhausted',
    'trust true: the leftmost entry gets the leftmost elements',
    '198.51.100.9, 10.0.0.5',
    'https, http',
    'a.example, b.example',
    fromHeader(XFF, '198.51.100.9', 2, 'exhausted', { protocol: 'https', host: 'a.example' }),
    { trust: true, protocol: true, host: true },
  ),
  ph(
    'proto-host-several-lines',
    'several lines of each header form one list',
    ['198.51.100.9', '10.0.0.5'],
    ['https', 'http'],
    ['a.example', 'b.example'],
    client(2, 'https', 'a.example'),
  ),
];
