/**
 * `@realip/toa`: the real client of a TCP connection behind a layer-4 proxy, whichever way the
 * proxy passes it: a TOA kernel module (the client appears as the socket's peer) or the PROXY
 * protocol v1/v2 (a header before the data, read only from the proxies you trust). Results have
 * the core's shape and semantics, plus what layer 4 knows.
 *
 * @example
 * ```ts
 * import net from 'node:net';
 * import { toa } from '@realip/toa';
 *
 * net.createServer(
 *   toa({ trust: '10.0.0.0/8', proxyProtocol: 'required' }, (socket, client) => {
 *     socket.end(`hello ${client.ip}\n`);
 *   }),
 * );
 * ```
 * @module
 */
export { toa, type ToaListener } from './listener.js';
export { acceptProxyProtocol } from './http-server.js';
export { getConnectionInfo } from './connection-info.js';
export { socketAddress, type SocketLike } from './socket-address.js';
export { parseProxyHeader } from './proxy-header.js';
export { PROXY_TLV } from './proxy-v2.js';
export { decodeTcpOption, type TcpOptionAddress, type TcpOptionError } from './tcp-option.js';
export { toaModuleStatus, type ToaModuleProbe, type ToaModuleStatus } from './toa-module.js';
export { attachToa, type ToaAttachOptions, type ToaAttachResult } from './toa-attach.js';
export { detachToa, type ToaDetachOptions } from './toa-detach.js';
export { toaStatus, type ToaReceiverStatus, type ToaStatusOptions } from './toa-status.js';
export {
  checkEbpfSupport,
  type EbpfProblem,
  type EbpfProbe,
  type EbpfSupport,
} from './ebpf-support.js';
export { ToaEbpfError, type ToaEbpfErrorCode } from './ebpf-error.js';
export type { EbpfCounters, EbpfKind, KindCounters } from './ebpf-maps.js';
export type { AttachType, CgroupTarget } from './ebpf-receiver.js';
export type {
  Endpoint,
  Layer4Client,
  Layer4Status,
  ProxyHeader,
  ProxyParseResult,
  ProxyProtocolMode,
  ProxyTlv,
  RejectInfo,
  RejectReason,
  ToaOptions,
} from './types.js';
