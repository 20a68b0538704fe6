/**
 * Real-socket plumbing for the adapter tests: plain `http` servers around a framework's request
 * handler, a client that can bind its source address, and a test-only way to present any peer.
 *
 * Only loopback is ever a target. Peers outside loopback (10.0.0.1, 2001:db8::1, ...) cannot
 * connect to us for real, so the server wrapper takes them from a test-only header and sets the
 * socket's `remoteAddress` before the framework sees the request.
 */
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Test-only request header: the socket peer the framework should see. Removed before it runs. */
export const PEER_HEADER = 'x-test-peer';

/** A Node request listener: an Express app, Koa's `app.callback()`, Fastify's handler. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** A listening server and how to stop it. */
export interface Listening {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Wraps `handler` so a request carrying {@link PEER_HEADER} looks, to the framework, as if it came
 * from that peer. With `vanishOnClose`, the socket's address reads `undefined` once the socket
 * is destroyed, as Node reports it when the peer name was never read before the close.
 */
export function withPeer(handler: Handler, vanishOnClose = false): http.RequestListener {
  return (req, res) => {
    const peer = req.headers[PEER_HEADER];
    if (typeof peer === 'string') {
      delete req.headers[PEER_HEADER];
      const raw = req.rawHeaders;
      for (let i = raw.length - 2; i >= 0; i -= 2) {
        if (raw[i]!.toLowerCase() === PEER_HEADER) raw.splice(i, 2);
      }
    }
    const socket = req.socket;
    const address = typeof peer === 'string' ? peer : socket.remoteAddress;
    const port = socket.remotePort;
    if (typeof peer === 'string' || vanishOnClose) {
      Object.defineProperty(socket, 'remoteAddress', {
        configurable: true,
        get: () => (vanishOnClose && socket.destroyed ? undefined : address),
      });
      Object.defineProperty(socket, 'remotePort', {
        configurable: true,
        get: () => (vanishOnClose && socket.destroyed ? undefined : port),
      });
    }
    void handler(req, res);
  };
}

/** Serves `handler` (through {@link withPeer}) on `host`, port 0. */
export function listen(handler: Handler, host: string, vanishOnClose = false): Promise<Listening> {
  const server = http.createServer(withPeer(handler, vanishOnClose));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      resolve({
        host,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** What {@link send} got back. */
export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The client side's port of the connection: the server's `remotePort`. */
  readonly localPort: number;
}

/**
 * One GET over a fresh connection. An array header value is sent as several header lines, in
 * order; `from` binds the client's source address (any 127.0.0.0/8 address, or ::1).
 */
export function send(
  to: Listening,
  options: {
    readonly path?: string;
    readonly from?: string;
    readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: to.host,
        port: to.port,
        path: options.path ?? '/',
        localAddress: options.from,
        agent: false,
        headers: options.headers as http.OutgoingHttpHeaders | undefined,
      },
      (res) => {
        const localPort = res.socket.localPort!;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body, localPort }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Serves `handler` on a Unix socket (no peer address: `socket.remoteAddress` is `undefined`) and
 * sends it one raw HTTP/1.0 request without a Host header (HTTP/1.0 allows it; `http.request`
 * would add one). Resolves to the response body, parsed as JSON.
 */
export async function http10OverUnixSocket(handler: Handler): Promise<unknown> {
  const path = join(mkdtempSync(join(tmpdir(), 'realip-')), 'http.sock');
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  try {
    const reply = await new Promise<string>((resolve, reject) => {
      let data = '';
      const socket = connect(path, () => socket.end('GET / HTTP/1.0\r\n\r\n'));
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    return JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as unknown;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
