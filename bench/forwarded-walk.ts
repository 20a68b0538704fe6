/**
 * What a user of `forwarded-parse` has to write to get a client address out of RFC 7239
 * `Forwarded`: the package only turns the header into objects, so the trust walk, the node syntax
 * (`"[v6]:port"`, `v4:port`, `unknown`, `_hidden`) and the trust check are theirs. The trust check
 * is proxy-addr's compiled function, the usual choice in Express apps.
 */
import { isIP } from 'node:net';
import parseForwarded from 'forwarded-parse';

/** The address of an RFC 7239 node (section 6), or undefined for `unknown`, `_obfuscated`, junk. */
function nodeAddress(node: string): string | undefined {
  let address = node;
  if (node.startsWith('[')) {
    const close = node.indexOf(']');
    address = close < 0 ? '' : node.slice(1, close);
  } else {
    const colon = node.indexOf(':');
    if (colon >= 0) address = node.slice(0, colon);
  }
  return isIP(address) === 0 ? undefined : address;
}

/**
 * Rightmost-untrusted walk over a parsed `Forwarded` header: from the socket peer outwards, while
 * the current hop is trusted, step to the next element's `for=` node. Throws on a malformed
 * header (forwarded-parse's `ParseError`), as a user's code would unless they catch it.
 */
export function forwardedClient(
  header: string,
  peer: string,
  trust: (address: string, hop: number) => boolean,
): string {
  if (!trust(peer, 0)) return peer;
  const elements = parseForwarded(header);
  let answer = peer;
  for (let i = elements.length - 1, hop = 1; i >= 0; i--, hop++) {
    const node = elements[i]!['for'];
    const address = node === undefined ? undefined : nodeAddress(node);
    if (address === undefined) break;
    answer = address;
    if (!trust(address, hop)) break;
  }
  return answer;
}
