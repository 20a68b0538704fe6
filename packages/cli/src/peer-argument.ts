/**
 * `--peer` is what a server sees as `remoteAddress`: an IP address and nothing else. The core
 * reads anything else as "no peer" (right for a real socket, which never reports garbage), so a
 * typo would be explained as a Unix socket; on the command line it is a usage error instead.
 */
import { InvalidArgumentError } from 'commander';
import { canonicalIp } from '@realip/core';

/**
 * Commander argument parser for `--peer`: returns the text unchanged when it is an IPv4 or IPv6
 * address (a `%zone` allowed, as sockets report link-local peers), else throws a usage error that
 * says what is wrong with the value typed.
 *
 * @example
 * ```ts
 * parsePeer('10.0.0.2'); // → '10.0.0.2'
 * parsePeer('[::1]:443'); // throws: It has a port or brackets: give the address alone (::1).
 * ```
 */
export function parsePeer(value: string): string {
  if (canonicalIp(value) !== undefined) return value;
  // Commander prefixes "option '--peer <address>' argument '<value>' is invalid."
  throw new InvalidArgumentError(`It ${problem(value)}.`);
}

function problem(value: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(value);
  const withPort = /^([\d.]+):\d*$/.exec(value);
  const bare = bracketed?.[1] ?? withPort?.[1];
  if (bare !== undefined && canonicalIp(bare) !== undefined) {
    return `has a port or brackets: give the address alone (${bare})`;
  }
  if (value === '') return 'is empty: give the socket peer address, e.g. 10.0.0.2';
  if (/^[\d.]+$/.test(value)) {
    return 'is not a dotted-quad IPv4 address (four decimal numbers 0-255, no leading zeros)';
  }
  if (/^[a-z][a-z0-9.-]*$/i.test(value) && !value.includes(':')) {
    return 'is a name, not an address: give the address the server sees (127.0.0.1 or ::1 for localhost)';
  }
  return 'is not an IP address (the socket peer, e.g. 10.0.0.2 or 2001:db8::1)';
}
