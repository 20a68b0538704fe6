/**
 * Socket.IO 4 with a real socket.io-client over loopback, both transports: the handshake table
 * (test/helpers/handshakes.ts) through `io.use(realIp(options))`, directly and through a PROXY
 * protocol relay in front of a server wrapped by acceptProxyProtocol.
 */
import { acceptProxyProtocol } from '@realip/toa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import {
  answerOf,
  handshakeCases,
  proxyProtocolCases,
  proxyProtocolOptions,
  proxyRelay,
} from '../../../test/helpers/handshakes';
import {
  RealIpConfigError,
  realIp,
  type ClientAddress,
  type RealIpSocketData,
  type RealIpSocketIoOptions,
} from '../src/index';

/** What the server tells each client about itself. */
interface Seen {
  readonly realIp: ClientAddress;
  readonly address: string;
}

async function serve(options: RealIpSocketIoOptions, host: string, proxyProtocol = false) {
  const server = http.createServer();
  if (proxyProtocol) acceptProxyProtocol(server, { trust: '127.0.0.1' });
  const io = new Server<
    Record<string, never>,
    { seen: (seen: Seen) => void },
    object,
    RealIpSocketData
  >(server);
  io.use(realIp(options));
  io.on('connection', (socket) => {
    socket.emit('seen', { realIp: socket.data.realIp, address: socket.handshake.address });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => io.close().then(() => undefined),
  };
}

/** Connects with one transport, returns what the server saw, and disconnects. */
function seenFrom(
  host: string,
  port: number,
  transport: 'polling' | 'websocket',
  headers: Readonly<Record<string, string>>,
  from?: string,
): Promise<Seen> {
  const agent = new http.Agent({ localAddress: from });
  const socket = connect(`http://${host.includes(':') ? `[${host}]` : host}:${port}`, {
    transports: [transport],
    extraHeaders: { ...headers },
    // Polling requests go through the agent; the websocket transport takes localAddress itself.
    agent: agent as unknown as string,
    localAddress: from,
    forceNew: true,
    reconnection: false,
  } as Parameters<typeof connect>[1]);
  return new Promise<Seen>((resolve, reject) => {
    socket.once('seen', (seen: Seen) => resolve(seen));
    socket.once('connect_error', reject);
  }).finally(() => {
    socket.disconnect();
    agent.destroy();
  });
}

describe.each(['polling', 'websocket'] as const)('over %s', (transport) => {
  test.each(handshakeCases)('$name', async ({ options, host, from, headers, expected }) => {
    const served = await serve(options, host);
    try {
      const seen = await seenFrom(host, served.port, transport, headers, from);
      expect(answerOf(seen.realIp)).toEqual(expected);
      expect(seen.address).toBe(expected.ip);
    } finally {
      await served.close();
    }
  });

  test.each(proxyProtocolCases)(
    'through acceptProxyProtocol: $name',
    async ({ header, headers, expected }) => {
      const served = await serve(proxyProtocolOptions, '127.0.0.1', true);
      const relay = await proxyRelay({ host: '127.0.0.1', port: served.port }, header);
      try {
        const seen = await seenFrom('127.0.0.1', relay.port, transport, headers);
        expect(answerOf(seen.realIp)).toEqual(expected);
        expect(seen.address).toBe(expected.ip);
      } finally {
        await relay.close();
        await served.close();
      }
    },
  );
});

test('override: false keeps handshake.address the peer and still resolves socket.data.realIp', async () => {
  const served = await serve({ trust: '127.0.0.1', override: false }, '127.0.0.1');
  try {
    const seen = await seenFrom('127.0.0.1', served.port, 'websocket', {
      'x-forwarded-for': '198.51.100.7',
    });
    expect(seen.realIp.ip).toBe('198.51.100.7');
    expect(seen.address).toBe('127.0.0.1');
  } finally {
    await served.close();
  }
});

test.each([
  [{ trust: '10.0.0.0/33' }, /^@realip\/socket\.io: trust "10\.0\.0\.0\/33"/],
  [{ override: 'yes' }, /^@realip\/socket\.io: override "yes": must be a boolean/],
])('bad options throw a RealIpConfigError naming the package: %j', (options, message) => {
  const make = () => realIp(options as RealIpSocketIoOptions);
  expect(make).toThrow(RealIpConfigError);
  expect(make).toThrow(message);
});
