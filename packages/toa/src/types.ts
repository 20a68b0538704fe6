/** Public types of `@realip/toa`. */
import type { ClientAddress, TrustOption } from '@realip/core';

/** An address with its port, canonical like the core's answers (IPv4-mapped IPv6 unmapped). */
export interface Endpoint {
  /** Canonical text: dotted-quad IPv4, RFC 5952 IPv6. */
  readonly ip: string;
  /** 4 or 6, the family of `ip` as printed. */
  readonly family: 4 | 6;
  /** The TCP port. */
  readonly port: number;
}

/** One type-length-value entry of a PROXY v2 header (spec section 2.2). */
export interface ProxyTlv {
  /** The type byte: `0x01` ALPN, `0x02` authority, `0x03` CRC32C, `0x05` unique id, `0x20` SSL... */
  readonly type: number;
  /** The value bytes, copied out of the connection's buffers. */
  readonly value: Buffer;
}

/**
 * What a TLS-terminating proxy tells about the client's TLS connection (PP2_TYPE_SSL, spec
 * section 2.2). The strings come from the proxy's PP2_SUBTYPE_SSL_* sub-TLVs, `undefined` when
 * it did not send them (haproxy: `send-proxy-v2-ssl`, `send-proxy-v2-ssl-cn`,
 * `proxy-v2-options ssl-cipher,cert-sig,cert-key`).
 */
export interface ProxySsl {
  /** The PP2_CLIENT_* bit field as sent. */
  readonly client: number;
  /** PP2_CLIENT_SSL (`0x01`): the client connected over TLS. */
  readonly tls: boolean;
  /** PP2_CLIENT_CERT_CONN (`0x02`): the client sent a certificate on this connection. */
  readonly certInConnection: boolean;
  /** PP2_CLIENT_CERT_SESS (`0x04`): it sent one at least once in this TLS session. */
  readonly certInSession: boolean;
  /** The verify result as sent: 0 when a certificate was presented and verified. */
  readonly verify: number;
  /**
   * A client certificate was presented (either flag) and `verify` is 0. Check this, not
   * `verify === 0`: a proxy sends 0 when no certificate came at all.
   */
  readonly verified: boolean;
  /** PP2_SUBTYPE_SSL_VERSION (`0x21`): `TLSv1.3`. */
  readonly version: string | undefined;
  /** PP2_SUBTYPE_SSL_CN (`0x22`): the client certificate's subject Common Name (UTF-8). */
  readonly cn: string | undefined;
  /** PP2_SUBTYPE_SSL_CIPHER (`0x23`): `TLS_AES_256_GCM_SHA384`. */
  readonly cipher: string | undefined;
  /** PP2_SUBTYPE_SSL_SIG_ALG (`0x24`): the signature algorithm of the *proxy's* certificate. */
  readonly sigAlg: string | undefined;
  /** PP2_SUBTYPE_SSL_KEY_ALG (`0x25`): the key algorithm of the *proxy's* certificate (`RSA2048`). */
  readonly keyAlg: string | undefined;
  /** Every sub-TLV in order, the ones above and any later subtype. */
  readonly tlvs: readonly ProxyTlv[];
}

/** A complete, valid PROXY protocol header. */
export interface ProxyHeader {
  /** 1 (text line) or 2 (binary). */
  readonly version: 1 | 2;
  /**
   * `proxy`: relayed on behalf of a client. `local`: the proxy's own connection (v2 `LOCAL`, sent
   * by health checks); its addresses, if any, are ignored as the spec requires.
   */
  readonly command: 'proxy' | 'local';
  /** Address family as declared: v1 `TCP4`/`TCP6`/`UNKNOWN`, v2 `AF_INET`/`AF_INET6`/`AF_UNIX`/`AF_UNSPEC`. */
  readonly family: 'inet' | 'inet6' | 'unix' | 'unspec';
  /** Transport as declared: v1 is always `stream` (TCP) or `unspec` (`UNKNOWN`). */
  readonly transport: 'stream' | 'dgram' | 'unspec';
  /**
   * The client, when the header carries one: command `proxy` with an IPv4 or IPv6 address block
   * over TCP (`stream`). `undefined` for `local`, v1 `UNKNOWN`, `AF_UNSPEC`, `AF_UNIX` and the
   * datagram transports (UDP over IPv4/IPv6, `0x12`/`0x22`: not a TCP client): the spec (section
   * 2.2) has a receiver fall back to the connection's own endpoints then, as nginx does.
   */
  readonly source: Endpoint | undefined;
  /** The address the client connected to (the proxy's frontend), when `source` is set. */
  readonly destination: Endpoint | undefined;
  /** v2 TLVs in order of appearance (a verified CRC32C included); always empty for v1. */
  readonly tlvs: readonly ProxyTlv[];
  /**
   * PP2_TYPE_ALPN (`0x01`): the application protocol the client negotiated with the proxy
   * (`h2`, `http/1.1`), as printable US-ASCII.
   */
  readonly alpn: string | undefined;
  /**
   * PP2_TYPE_AUTHORITY (`0x02`): the host name the client asked the proxy for, usually its TLS
   * SNI (`shop.example`), as printable US-ASCII. Set by the proxy, not checked against anything.
   */
  readonly authority: string | undefined;
  /**
   * PP2_TYPE_UNIQUE_ID (`0x05`): the proxy's opaque id of this connection (at most 128 bytes),
   * to correlate with its logs (haproxy's `unique-id-format`; `.toString()` for a text one).
   */
  readonly uniqueId: Buffer | undefined;
  /** PP2_TYPE_SSL (`0x20`): how the client connected to the proxy over TLS. */
  readonly ssl: ProxySsl | undefined;
  /** PP2_TYPE_NETNS (`0x30`): the network namespace the proxy accepted the client in. */
  readonly netns: string | undefined;
  /**
   * AWS (`0xEA`, subtype `0x01`): the VPC endpoint id a client of an AWS PrivateLink endpoint
   * service came through (`vpce-08d2bf15fac5001c9`). A custom type: meaningful only when the
   * trusted peer is an AWS Network Load Balancer.
   */
  readonly awsVpceId: string | undefined;
  /**
   * Azure (`0xEE`, subtype `0x01`): the LinkID of the Private Endpoint a client of an Azure
   * Private Link service came through (32-bit unsigned, sent little-endian). A custom type:
   * meaningful only when the trusted peer is Azure's Private Link service.
   */
  readonly azureLinkId: number | undefined;
  /**
   * Why a well-known TLV above was not decoded (a bad length, bytes that are not the text the spec
   * defines, a duplicate): that field is `undefined`, its raw entry stays in `tlvs`, and the
   * connection is served, as the spec lets a receiver ignore TLVs it does not understand. Empty
   * when every one decoded. A broken TLV *list* (lengths past the header, CRC32C mismatch)
   * rejects the connection instead.
   */
  readonly tlvProblems: readonly string[];
  /** How many bytes the header took on the wire. */
  readonly length: number;
}

/**
 * What the layer-4 answer rests on:
 * - `direct`: the peer is not one of your proxies, so it is the client. It connected directly,
 *   or a TOA kernel module already restored the client's address (then `ip` is that address).
 * - `proxy-protocol`: a trusted peer sent a PROXY header that names the client.
 * - `proxy-local`: a trusted peer sent a valid PROXY header without a client address (v2 `LOCAL`
 *   health checks, v1 `UNKNOWN`, `AF_UNSPEC`/`AF_UNIX`, a UDP or datagram transport); the spec
 *   says to use the connection's own endpoints, so the answer is the peer.
 * - `toa-not-effective`: the peer is one of your proxies, no PROXY header came, and no TOA module
 *   rewrote the address: the answer is your proxy, not the client. Load the TOA module your
 *   provider ships, or enable the PROXY protocol on both sides.
 */
export type Layer4Status = 'direct' | 'proxy-protocol' | 'proxy-local' | 'toa-not-effective';

/**
 * The client of a TCP connection: the core's {@link ClientAddress} (same fields, same meaning)
 * plus what layer 4 knows.
 *
 * - `source` is `'proxy-protocol'` when the answer came from a PROXY header, `'socket'` otherwise.
 * - `hops` is 1 when the answer came from a PROXY header (one trusted proxy stepped past), else 0.
 * - `reason` follows the core: `untrusted` when the answer is not a trusted address, `exhausted`
 *   when it is (a trusted peer without a header, or a header naming a trusted address),
 *   `no-peer` when the socket had no address.
 * - `protocol` and `host` are always `undefined`: layer 4 does not know them.
 */
export interface Layer4Client extends ClientAddress {
  readonly source: 'socket' | 'proxy-protocol';
  /** What the answer rests on; `toa-not-effective` flags a proxy reported as the client. */
  readonly status: Layer4Status;
  /** The socket's own peer (the proxy, when the answer came from a header), or `undefined`. */
  readonly peer: Endpoint | undefined;
  /** The PROXY header that was accepted, if any. */
  readonly proxy: ProxyHeader | undefined;
}

/** How PROXY protocol headers are handled. */
export type ProxyProtocolMode = 'off' | 'optional' | 'required';

/**
 * Why a connection was closed before the listener saw it:
 * - `untrusted-peer`: `proxyProtocol: 'required'` and the peer is not in `trust`.
 * - `missing-header`: `required`, and the first bytes are not a PROXY signature.
 * - `malformed`: a PROXY signature followed by anything the spec does not allow (bad version or
 *   command, bad address, lone CR or LF, truncated address block, broken TLVs, CRC32C mismatch).
 * - `too-large`: a v1 line without CRLF within 107 bytes, or a v2 header longer than `maxHeaderBytes`.
 * - `timeout`: no complete header within `headerTimeout` (a silent or slowloris peer).
 * - `closed`: the peer closed or reset the connection before the header was complete.
 */
export type RejectReason =
  'untrusted-peer' | 'missing-header' | 'malformed' | 'too-large' | 'timeout' | 'closed';

/** What `onReject` receives. */
export interface RejectInfo {
  readonly reason: RejectReason;
  /** What exactly was wrong, for logs. */
  readonly detail: string;
  /** The socket's peer, or `undefined` if it had none. */
  readonly peer: Endpoint | undefined;
  /** How many bytes had arrived when the connection was closed. */
  readonly bytes: number;
  /** The socket error behind a `closed` rejection, if there was one. */
  readonly error: Error | undefined;
}

/** Options of {@link toa} and {@link acceptProxyProtocol}. */
export interface ToaOptions {
  /**
   * Your proxies (their back-to-origin ranges), in any form the core accepts. PROXY headers are
   * read only from these peers; a peer in this list without a header is reported as
   * `toa-not-effective`.
   * @defaultValue `'private'`, as in the core.
   */
  trust?: TrustOption;
  /**
   * `off`: never read a header (TOA deployments). `required`: trusted peers must send one, every
   * other connection is closed. `optional`: trusted peers may send one; untrusted peers' bytes are
   * never parsed and reach the listener untouched.
   * @defaultValue `'off'` for {@link toa}, `'required'` for {@link acceptProxyProtocol}.
   */
  proxyProtocol?: ProxyProtocolMode;
  /**
   * Milliseconds a trusted peer has to deliver its complete header, counted from the connection
   * (a deadline, not an idle timer, so one byte at a time does not extend it). 1 to 600000.
   * @defaultValue `5000` (the spec asks for at least 3 s to cover a TCP retransmit).
   */
  headerTimeout?: number;
  /**
   * The largest v2 header accepted, TLVs included, 232 to 65551 bytes. v1 lines are capped at the
   * spec's 107 bytes.
   * @defaultValue `4096`, as nginx and go-proxyproto.
   */
  maxHeaderBytes?: number;
  /** Called after a connection was closed without reaching the listener. */
  onReject?: (info: RejectInfo) => void;
}

/**
 * The outcome of {@link parseProxyHeader} on the bytes received so far:
 * - `incomplete`: a header may follow; try again once `need` bytes (a lower bound) are there.
 * - `none`: the bytes do not start with a PROXY signature.
 * - `invalid`: they start with one, but break the spec (`reason` as in {@link RejectReason}).
 * - `complete`: a valid header; the connection's data starts at `header.length`.
 */
export type ProxyParseResult =
  | { readonly state: 'incomplete'; readonly need: number }
  | { readonly state: 'none' }
  | {
      readonly state: 'invalid';
      readonly reason: 'malformed' | 'too-large';
      readonly detail: string;
    }
  | { readonly state: 'complete'; readonly header: ProxyHeader };
