/**
 * A `toa()` echo server on loopback that records what it saw, and a client that sends bytes in
 * pieces and collects the echo.
 */
import net from 'node:net';
import {
  getConnectionInfo,
  toa,
  type Layer4Client,
  type RejectInfo,
  type ToaOptions,
} from '@realip/toa';
import {
  collect,
  connect,
  connections,
  listen,
  liveHeaderTimers,
  resources,
  sleep,
  writeSlowly,
} from './helpers';

/** What the listener saw for one connection. */
export interface Seen {
  readonly client: Layer4Client;
  /** Listener counts on the socket when the listener ran. */
  readonly listeners: Record<string, number>;
  readonly self: unknown;
  readonly info: Layer4Client | undefined;
}

export type Reader = 'pipe' | 'data' | 'readable';

export interface EchoServer {
  readonly server: net.Server;
  readonly port: number;
  readonly host: string;
  /** Keyed by the peer's port. */
  readonly seen: Map<number, Seen>;
  readonly rejects: RejectInfo[];
  close(): Promise<void>;
}

const EVENTS = ['readable', 'data', 'end', 'error', 'close'] as const;

/** Starts an echo server wrapped with `toa(options)`. */
export async function echoServer(
  options: ToaOptions,
  host = '127.0.0.1',
  reader: Reader = 'pipe',
): Promise<EchoServer> {
  const seen = new Map<number, Seen>();
  const rejects: RejectInfo[] = [];
  const server = net.createServer(
    toa({ ...options, onReject: (info) => rejects.push(info) }, function (socket, client) {
      const listeners = Object.fromEntries(EVENTS.map((e) => [e, socket.listenerCount(e)]));
      seen.set(client.peer?.port ?? -1, {
        client,
        listeners,
        self: this,
        info: getConnectionInfo(socket),
      });
      socket.on('error', () => undefined);
      echo(socket, reader);
    }),
  );
  const { port, close } = await listen(server, host);
  return { server, port, host, seen, rejects, close };
}

function echo(socket: net.Socket, reader: Reader): void {
  if (reader === 'pipe') {
    socket.pipe(socket);
  } else if (reader === 'data') {
    socket.on('data', (chunk: Buffer) => socket.write(chunk));
    socket.on('end', () => socket.end());
  } else {
    socket.on('readable', () => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) socket.write(chunk);
    });
    socket.on('end', () => socket.end());
  }
}

/** The result of one client exchange. */
export interface Exchange {
  /** The client's local port (the server's `peer.port`). */
  readonly port: number;
  /** Everything echoed back before the connection closed. */
  readonly echoed: Buffer;
}

/** Connects from `from` (to `to`, default the server's host), writes `parts` (gap ms apart), half-closes, and waits for the close. */
export async function exchange(
  target: EchoServer,
  parts: Buffer[],
  {
    from,
    to = target.host,
    gap = 0,
    end = true,
  }: { from?: string; to?: string; gap?: number; end?: boolean } = {},
): Promise<Exchange> {
  const socket = await connect(target.port, to, from);
  const port = socket.localPort!;
  const echoed = collect(socket);
  if (gap === 0) for (const part of parts) socket.write(part);
  else await writeSlowly(socket, parts, gap);
  if (end && !socket.destroyed) socket.end();
  return { port, echoed: await echoed };
}

/**
 * Waits (bounded) for the server to hold no connection, then asserts that no header timer is alive
 * and no socket handle is left beyond `baseline` (taken before the connections were made).
 */
export async function expectNoLeaks(
  target: EchoServer,
  baseline: Record<string, number>,
): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await connections(target.server)) > 0 && Date.now() < deadline) await sleep(10);
  expect(await connections(target.server)).toBe(0);
  await sleep(10); // let close callbacks settle
  expect(liveHeaderTimers()).toBe(0);
  expect(resources().TCPSocketWrap ?? 0).toBeLessThanOrEqual(baseline.TCPSocketWrap ?? 0);
}
