/**
 * Public addresses on the loopback interface, so a test connects FROM a real Cloudflare edge
 * address (or a client's, or a VPC load balancer's) to a proxy on this host and the proxy's
 * `$remote_addr` is that address, not 127.0.0.1. Needs root (CAP_NET_ADMIN) and iproute2; every
 * address added is removed again, and one that was already there is left alone.
 */
import { spawnSync } from 'node:child_process';
import { isIPv6 } from 'node:net';

function ip(...args: string[]) {
  return spawnSync('ip', args, { encoding: 'utf8' });
}

/**
 * Why addresses cannot be added here, or `undefined` when they can (tried with one of the
 * documentation range, removed at once).
 *
 * @example
 * const suite = describeIfAvailable('nginx recipes', nginx ? loAddressesMissing() : 'nginx');
 */
export function loAddressesMissing(): string | undefined {
  const probe = '192.0.2.254/32';
  const added = ip('addr', 'add', probe, 'dev', 'lo');
  if (added.error !== undefined) return 'iproute2 (apt-get install -y iproute2)';
  if (added.status !== 0 && !/exists/i.test(added.stderr))
    return `root (CAP_NET_ADMIN) to add addresses to lo: ${added.stderr.trim()}`;
  if (added.status === 0) ip('addr', 'del', probe, 'dev', 'lo');
  return undefined;
}

/**
 * Adds `addresses` to lo; returns the function that removes the ones it added.
 *
 * @example
 * const remove = addLoAddresses(['172.68.10.20', '2606:4700::6810:1']);
 * remove();
 */
export function addLoAddresses(addresses: readonly string[]): () => void {
  const added: string[] = [];
  const remove = () => {
    for (const a of added.splice(0)) {
      ip(...(isIPv6(a) ? ['-6'] : []), 'addr', 'del', `${a}/${isIPv6(a) ? 128 : 32}`, 'dev', 'lo');
    }
  };
  for (const a of addresses) {
    const v6 = isIPv6(a);
    // nodad: an IPv6 address is usable at once, not after duplicate address detection.
    const r = ip(
      ...(v6 ? ['-6'] : []),
      'addr',
      'add',
      `${a}/${v6 ? 128 : 32}`,
      'dev',
      'lo',
      ...(v6 ? ['nodad'] : []),
    );
    if (r.status === 0) added.push(a);
    else if (!/exists/i.test(r.stderr)) {
      remove();
      throw new Error(`ip addr add ${a} dev lo: ${r.stderr.trim()}`);
    }
  }
  return remove;
}
