import net from 'node:net';
import { createResolver } from '@realip/core';
import { socketAddress, type SocketLike } from '@realip/toa';
import { collect, connect, listen, until } from './helpers';

describe('socketAddress on real sockets', () => {
  test.each([
    ['IPv4', '127.0.0.1', '127.0.0.1', '127.0.0.1', 4],
    ['IPv4 from another loopback address', '127.0.0.1', '127.0.0.2', '127.0.0.2', 4],
    ['IPv6', '::1', '::1', '::1', 6],
    ['IPv4 on a dual-stack listener (::ffff: unmapped)', '::', '127.0.0.3', '127.0.0.3', 4],
  ])('%s', async (_title, listenOn, from, expected, family) => {
    let seen: ReturnType<typeof socketAddress> | undefined;
    let afterClose: ReturnType<typeof socketAddress> | undefined;
    const server = net.createServer((socket) => {
      seen = socketAddress(socket);
      socket.on('close', () => (afterClose = socketAddress(socket)));
      socket.end();
    });
    const { port, close } = await listen(server, listenOn);
    const client = await connect(port, from.includes(':') ? '::1' : '127.0.0.1', from);
    const localPort = client.localPort;
    await collect(client);
    await until(() => afterClose !== undefined);
    await close();
    expect(seen).toEqual({
      ip: expected,
      family,
      port: localPort,
      source: 'socket',
      hops: 0,
      reason: 'untrusted',
      protocol: undefined,
      host: undefined,
    });
    expect(afterClose).toEqual(seen); // captured once: still known after the close
  });

  test('is what the core answers with trust: false', async () => {
    const resolve = createResolver({ trust: false });
    let pair: unknown[] = [];
    const server = net.createServer((socket) => {
      pair = [socketAddress(socket), resolve({ socket, headers: {} })];
      socket.end();
    });
    const { port, close } = await listen(server);
    await collect(await connect(port, '127.0.0.1', '127.0.0.4'));
    await close();
    expect(pair[0]).toEqual(pair[1]);
  });
});

describe('socketAddress on socket-like objects', () => {
  test.each([
    ['IPv4-mapped', { remoteAddress: '::ffff:10.0.0.1', remotePort: 1 }, '10.0.0.1', 'untrusted'],
    ['IPv6 with a zone', { remoteAddress: 'fe80::1%eth0', remotePort: 2 }, 'fe80::1', 'untrusted'],
    ['no address (Unix socket, reset)', {}, undefined, 'no-peer'],
    ['an address without a port', { remoteAddress: '10.0.0.1' }, undefined, 'no-peer'],
    ['garbage', { remoteAddress: 'not an ip', remotePort: 3 }, undefined, 'no-peer'],
    ['a bad port', { remoteAddress: '10.0.0.1', remotePort: 70000 }, undefined, 'no-peer'],
  ])('%s', (_title, socket, ip, reason) => {
    expect(socketAddress(socket as SocketLike)).toMatchObject({
      ip,
      reason,
      source: 'socket',
      hops: 0,
    });
  });

  test('a throwing getter is an unknown peer, not an exception', () => {
    const socket = {
      get remoteAddress(): string {
        throw new Error('torn down');
      },
    };
    expect(socketAddress(socket).reason).toBe('no-peer');
  });
});
