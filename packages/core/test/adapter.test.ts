import { RealIpConfigError } from '@realip/core';
import {
  captureInput,
  connectionProtocol,
  createAdapter,
  INPUT,
  chainProperty,
  setOwn,
} from '@realip/core/adapter';

describe('@realip/core/adapter', () => {
  test('createAdapter splits override from the core options', () => {
    const adapter = createAdapter('@realip/x', {
      trust: 'loopback',
      override: false,
      protocol: true,
    });
    expect(adapter).toMatchObject({ override: false, protocol: true, host: false });
    expect(adapter.resolve.options.trust).toBe('loopback');
    expect(createAdapter('@realip/x', undefined)).toMatchObject({
      override: true,
      protocol: false,
    });
  });

  test.each([
    [{ override: 'yes' }, /^@realip\/x: override "yes": must be a boolean/],
    [{ trust: '1' }, /^@realip\/x: trust "1": it looks like a hop count/],
    [{ trustProxy: true }, /^@realip\/x: trustProxy true: is not an option/],
    [
      { bogus: 1 },
      /^@realip\/x: bogus 1: is not an option\. Known options: trust, hops, header, maxEntries, keepMapped, protocol, host, override\.$/,
    ],
    [Object.create({ override: false }), /^@realip\/x: options \{\}: must be a plain object/],
  ])('errors name the adapter package: %j', (options, message) => {
    let error: unknown;
    try {
      createAdapter('@realip/x', options as never);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect((error as Error).message).toMatch(message);
  });

  test('an inherited override (a polluted Object.prototype) is not read', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.override = false;
    try {
      expect(createAdapter('@realip/x', {}).override).toBe(true);
    } finally {
      delete proto.override;
    }
  });

  test('captureInput snapshots the peer', () => {
    const socket = { remoteAddress: '10.0.0.1' as string | undefined, remotePort: 5 };
    const input = captureInput({ socket, headers: { a: 'b' } });
    socket.remoteAddress = undefined; // the connection closed
    expect(input).toEqual({ remoteAddress: '10.0.0.1', remotePort: 5, headers: { a: 'b' } });
  });

  test('connectionProtocol', () => {
    expect(connectionProtocol({ encrypted: true })).toBe('https');
    expect(connectionProtocol({})).toBe('http');
  });

  test('own properties shadow prototype getters; the chain is walked once, on first read', () => {
    class Req {
      get ip() {
        return 'from the prototype';
      }
    }
    const req = new Req();
    setOwn(req, 'ip', '198.51.100.9');
    expect(req.ip).toBe('198.51.100.9');
    let walked = 0;
    const resolve = createAdapter('@realip/x', {
      trust: (address) => {
        walked++;
        return address.startsWith('10.');
      },
    }).resolve;
    const descriptor = chainProperty(resolve, (chain) => chain.slice().reverse());
    const lazy = req as unknown as { ips: string[]; [INPUT]: unknown };
    lazy[INPUT] = { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '198.51.100.9' } };
    Object.defineProperty(req, 'ips', descriptor);
    expect(walked).toBe(0);
    expect(lazy.ips).toEqual(['198.51.100.9', '10.0.0.1']);
    expect(lazy.ips).toEqual(['198.51.100.9', '10.0.0.1']);
    expect(walked).toBe(2);
  });
});
