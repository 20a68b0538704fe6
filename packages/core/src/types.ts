/** Public types of `@realip/core`. */
import type { TrustOption } from './trust.js';

/**
 * The header the client address is read from. `x-forwarded-for` and `forwarded` (RFC 7239) are
 * lists walked hop by hop; any other name is a single-address header (`x-real-ip`,
 * `cf-connecting-ip`, ...), believed only when the socket peer is trusted.
 */
export type ForwardingHeader =
  | 'x-forwarded-for'
  | 'forwarded'
  | 'x-real-ip'
  | 'cf-connecting-ip'
  | 'true-client-ip'
  | 'fastly-client-ip'
  | (string & {});

/** Options of {@link createResolver}; every adapter takes the same. */
export interface RealIpOptions {
  /**
   * The proxies you operate (or your CDN's ranges): addresses, CIDRs, IPv4 netmasks, named ranges
   * (`loopback`, `linklocal`, `uniquelocal`, `private`), comma-separated strings or arrays of
   * them; `true` (everything: the leftmost entry wins, so any client can choose it); `false`
   * (nothing: the socket peer is the client); or a function `(address, hop) => boolean` (only
   * `true` trusts; if it throws, that hop is untrusted and `reason` is `'trust-error'`).
   * @defaultValue `'private'`: loopback, link-local and unique-local / RFC 1918 ranges.
   */
  trust?: TrustOption;
  /**
   * A fixed number of proxies in front of the server, counting the socket peer. Applied only
   * when the peer itself is trusted by `trust`, so a client that connects directly can never
   * spend a hop: with `hops: 2`, a trusted peer and one more proxy are walked past. `hops: 0`
   * means no proxy: the socket peer is the client, whatever `trust` says.
   */
  hops?: number;
  /**
   * Where the client address comes from. Only this header is read: sources are never mixed.
   * @defaultValue `'x-forwarded-for'`
   */
  header?: ForwardingHeader;
  /**
   * The most list elements (empty ones included) the walk examines before it stops with
   * `reason: 'limit'` and answers the last trusted hop. Bounds the work on hostile headers.
   * @defaultValue `32`
   */
  maxEntries?: number;
  /**
   * Keep IPv4-mapped IPv6 addresses as `::ffff:a.b.c.d` in `ip` instead of unmapping them to
   * `a.b.c.d`. Matching treats them as IPv4 either way.
   * @defaultValue `false`
   */
  keepMapped?: boolean;
  /**
   * Resolve the client's protocol from the same trusted hop as the address: `true` reads
   * `proto=` of the same element when `header` is `forwarded`, else `X-Forwarded-Proto` at the
   * same position from the right as the address; a string names another header to read that way.
   * @defaultValue `false`
   */
  protocol?: boolean | string;
  /**
   * Resolve the host the client asked for, like `protocol`: `host=` of the same Forwarded
   * element, or `X-Forwarded-Host` (or the header named) at the same position from the right.
   * @defaultValue `false`
   */
  host?: boolean | string;
}

/** Node-style headers (lower-case keys; repeated lines joined or as arrays) or a WHATWG `Headers`. */
export type HeadersLike =
  { readonly [name: string]: unknown } | { get(name: string): string | null };

/** What a resolver reads: a Node `IncomingMessage` / HTTP/2 request, or a plain object. */
export interface ResolveInput {
  /** The socket peer's address; takes precedence over `socket` when defined. */
  readonly remoteAddress?: string | undefined;
  /** The socket peer's port, reported when the answer is the peer. */
  readonly remotePort?: number | undefined;
  /** The connection (as on `IncomingMessage`), read when `remoteAddress` is not given. */
  readonly socket?: {
    readonly remoteAddress?: string | undefined;
    readonly remotePort?: number | undefined;
  } | null;
  /** The request headers. */
  readonly headers?: HeadersLike | null;
}

/**
 * Why the walk stopped:
 * - `untrusted`: it reached a hop that is not trusted; that hop is the client (the usual case,
 *   including a direct client whose socket is untrusted).
 * - `exhausted`: every hop was trusted; the answer is the leftmost one (the peer itself when the
 *   header is absent or empty).
 * - `invalid`: the next entry was not an address (`unknown`, `_hidden`, garbage, a malformed
 *   element); the answer is the last trusted hop, never the garbage nor anything left of it.
 * - `limit`: `maxEntries` elements were examined; the answer is the last trusted hop.
 * - `no-peer`: the socket address is unknown (Unix socket, closed socket): `ip` is `undefined`.
 * - `trust-error`: the trust function threw for a hop; that hop is treated as untrusted and is
 *   the answer (`explain` notes the error; the resolver never throws it).
 */
export type StopReason =
  'untrusted' | 'exhausted' | 'invalid' | 'limit' | 'no-peer' | 'trust-error';

/** The resolved client. */
export interface ClientAddress {
  /** Canonical text: dotted-quad IPv4, RFC 5952 IPv6. `undefined` only when `reason` is `no-peer`. */
  readonly ip: string | undefined;
  /** 4 or 6 (the family of `ip` as printed). */
  readonly family: 4 | 6 | undefined;
  /** The client's port when known: from the header entry, or the socket's when the answer is the peer. */
  readonly port: number | undefined;
  /**
   * `'socket'` when the answer is the peer, else the header it came from; `@realip/toa` reports
   * `'proxy-protocol'` when the address came from a PROXY protocol header.
   */
  readonly source: 'socket' | 'proxy-protocol' | ForwardingHeader;
  /** How many header entries the walk stepped past to reach the answer (0 = the socket peer). */
  readonly hops: number;
  /** Why the walk stopped there. */
  readonly reason: StopReason;
  /** The forwarded protocol from the answer's hop, when the `protocol` option asks and it is valid. */
  readonly protocol: 'http' | 'https' | undefined;
  /** The forwarded host from the answer's hop, when the `host` option asks and it is valid. */
  readonly host: string | undefined;
}

/** One hop of an explained walk. */
export interface ExplainStep {
  /** 0 for the socket peer, then 1, 2, ... for each header entry from the right. */
  readonly hop: number;
  /** `'socket'` or the header the entry came from. */
  readonly from: 'socket' | ForwardingHeader;
  /** The entry as written (trimmed). */
  readonly raw: string;
  /** Canonical address, when `raw` is one. */
  readonly address: string | undefined;
  /** Port written with the address, or the socket's port. */
  readonly port: number | undefined;
  /** `trusted`, `untrusted`, `invalid`, or `empty` (an empty list element, skipped). */
  readonly verdict: 'trusted' | 'untrusted' | 'invalid' | 'empty';
  /** The rule that decided trust, e.g. `10.0.0.0/8`, `loopback (::1/128)`, `hops: 2`. */
  readonly rule: string | undefined;
  /** A human note on invalid entries and notable cases. */
  readonly note: string | undefined;
}

/** The whole walk, for debugging and the `realip explain` command. */
export interface Explanation {
  /** Exactly what the resolver returns for the same input. */
  readonly result: ClientAddress;
  /** Every element examined, closest first. */
  readonly steps: readonly ExplainStep[];
  /** Canonical addresses from the peer to the answer, closest first (what `ips` lists are made of). */
  readonly chain: readonly string[];
}

/** A compiled resolver: call it per request; it never throws on request data. */
export interface Resolver {
  (input: ResolveInput): ClientAddress;
  /** The same walk, step by step, with the rule behind each verdict. Slower; for debugging. */
  explain(input: ResolveInput): Explanation;
  /** The options as normalised at creation (defaults filled in). */
  readonly options: Readonly<Required<Omit<RealIpOptions, 'hops'>> & { hops: number | undefined }>;
}
