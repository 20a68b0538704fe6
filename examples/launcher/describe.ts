import type { ClientAddress } from '@realip/core';

/**
 * One line for a resolved client, as the launcher logs it and as its guide predicts it:
 * `198.51.100.9 (x-forwarded-for, hops 1, untrusted)`. The port is shown only when it was
 * forwarded: a socket's own port changes with every connection, so no guide could predict it.
 *
 * @example
 * ```ts
 * describeClient(resolve(req)); // '127.0.0.1 (socket, hops 0, exhausted)'
 * ```
 */
export function describeClient(client: ClientAddress): string {
  const port =
    client.source !== 'socket' && client.port !== undefined ? ` port ${client.port}` : '';
  const extra = [
    client.protocol === undefined ? '' : `, ${client.protocol}`,
    client.host === undefined ? '' : `, host ${client.host}`,
  ].join('');
  return `${client.ip ?? 'unknown'}${port} (${client.source}, hops ${client.hops}, ${client.reason}${extra})`;
}
