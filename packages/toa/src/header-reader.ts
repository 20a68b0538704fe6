/**
 * Reads a PROXY header off the start of a socket, then hands the socket on with every byte after
 * the header still unread, in order.
 *
 * How: the socket is read in paused mode (`'readable'` + `read()`), the bytes so far are parsed,
 * and what follows the header is put back with `unshift()`. Node's stream keeps unshifted bytes
 * ahead of anything still buffered or arriving, so the next reader (a 'data' listener, a pipe, the
 * HTTP parser, or the TLS layer, which drains `readableLength` into its handle on start) sees the
 * stream exactly as the proxy sent it after the header, however the TCP segments were split.
 *
 * Bounds: an absolute deadline (not an idle timer, so one byte at a time does not extend it) and
 * the header caps (v1 107 bytes, v2 `maxBytes`): at most `maxBytes` plus one read of data is
 * buffered before the parser decides. Any exit path removes the four listeners and the timer.
 */
import type { Socket } from 'node:net';
import { parseProxyHeader } from './proxy-header.js';
import type { ProxyHeader, RejectReason } from './types.js';

/** How the header phase ended. */
export type HeaderOutcome =
  | { readonly ok: true; readonly header: ProxyHeader | undefined }
  | {
      readonly ok: false;
      readonly reason: RejectReason;
      readonly detail: string;
      readonly bytes: number;
      readonly error: Error | undefined;
    };

/** Settings of one header read. */
export interface HeaderReadOptions {
  /** `required`: bytes that are not a PROXY signature are rejected. `optional`: they are data. */
  readonly mode: 'optional' | 'required';
  /** Milliseconds until the header must be complete. */
  readonly timeout: number;
  /** The v2 header cap. */
  readonly maxBytes: number;
}

/**
 * Reads the header and calls `done` exactly once. On success the socket is untouched apart from
 * the header bytes it no longer holds; on failure it has been destroyed.
 *
 * @example
 * ```ts
 * readProxyHeader(socket, { mode: 'required', timeout: 5000, maxBytes: 4096 }, (outcome) => {
 *   if (outcome.ok) console.log(outcome.header?.source); // { ip: '192.0.2.1', family: 4, ... }
 *   else console.log(outcome.reason); // e.g. 'missing-header'; the socket is destroyed
 * });
 * ```
 */
export function readProxyHeader(
  socket: Socket,
  options: HeaderReadOptions,
  done: (outcome: HeaderOutcome) => void,
): void {
  let chunks: Buffer[] = [];
  let received = 0;
  let need = 1;
  let settled = false;
  const timer = setTimeout(onTimeout, options.timeout);

  socket.on('readable', onReadable);
  socket.on('end', onEnd);
  socket.on('error', onError);
  socket.on('close', onClose);

  function onReadable(): void {
    let chunk: Buffer | null;
    while (!settled && (chunk = socket.read() as Buffer | null) !== null) {
      chunks.push(chunk);
      received += chunk.length;
      if (received < need) continue;
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
      chunks = [bytes];
      const result = parseProxyHeader(bytes, options.maxBytes);
      if (result.state === 'incomplete') need = result.need;
      else if (result.state === 'complete')
        accept(result.header, bytes.subarray(result.header.length));
      else if (result.state === 'invalid') reject(result.reason, result.detail);
      else if (options.mode === 'optional') accept(undefined, bytes);
      else reject('missing-header', 'the first bytes are not a PROXY protocol signature');
    }
  }

  function onTimeout(): void {
    // A trusted peer that has sent nothing in `optional` mode may simply be waiting for the server
    // to speak first (SMTP, FTP) or be a preconnected idle client: it sent no header, so hand it
    // on. Anything partial is a header that did not finish in time.
    if (options.mode === 'optional' && received === 0) accept(undefined, undefined);
    else {
      reject(
        'timeout',
        `no complete PROXY header within ${options.timeout} ms (${received} bytes received)`,
      );
    }
  }

  function onEnd(): void {
    reject('closed', `the peer closed the connection after ${received} bytes`);
  }

  function onError(error: Error): void {
    reject('closed', `socket error after ${received} bytes: ${error.message}`, error);
  }

  function onClose(): void {
    reject('closed', `the connection closed after ${received} bytes`);
  }

  function settle(): void {
    settled = true;
    chunks = [];
    clearTimeout(timer);
    socket.removeListener('readable', onReadable);
    socket.removeListener('end', onEnd);
    socket.removeListener('error', onError);
    socket.removeListener('close', onClose);
  }

  function accept(header: ProxyHeader | undefined, rest: Buffer | undefined): void {
    settle();
    if (rest !== undefined && rest.length > 0) socket.unshift(rest);
    done({ ok: true, header });
  }

  function reject(reason: RejectReason, detail: string, error?: Error): void {
    if (settled) return;
    settle();
    socket.destroy();
    done({ ok: false, reason, detail, bytes: received, error });
  }
}
