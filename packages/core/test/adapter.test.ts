import { RealIpConfigError } from '@realip/core';
import {
  RequestState,
  captureInput,
  connectionProtocol,
  createAdapter,
  hasOverrides,
  installOverrides,
  overrideAccessors,
  setOwn,
  type Overrides,
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

  test('own properties shadow prototype getters', () => {
    class Req {
      get ip() {
        return 'from the prototype';
      }
    }
    const req = new Req();
    setOwn(req, 'ip', '198.51.100.9');
    expect(req.ip).toBe('198.51.100.9');
  });
});

describe('overrides: accessors on the prototype, one state per request', () => {
  /** A framework's request prototype with its own getters, and the requests it makes. */
  function framework() {
    const proto = {
      get ip() {
        return `framework ip of ${(this as unknown as { id: string }).id}`;
      },
      get protocol() {
        return 'framework protocol';
      },
    };
    const make = (id: string, remoteAddress: string, xff: string) =>
      Object.assign(Object.create(proto) as { id: string }, {
        id,
        socket: { remoteAddress },
        headers: { 'x-forwarded-for': xff, host: 'origin.test' },
      });
    return { proto, make };
  }
  type Req = ReturnType<ReturnType<typeof framework>['make']>;
  const states = new WeakMap<object, RequestState<Req>>();
  const accessors = overrideAccessors(
    (req) => states.get(req),
    ['realIp', 'ip', 'ips', 'protocol', 'host'],
  );
  function overridesFor(override: boolean, walked = { n: 0 }): Overrides<Req> {
    const { resolve } = createAdapter('@realip/x', {
      trust: (address) => {
        walked.n++;
        return address.startsWith('10.');
      },
    });
    return {
      resolve,
      override,
      order: (chain) => chain.slice(),
      ownHost: (req) => req.headers.host,
    };
  }
  const read = (req: object) => {
    const r = req as Record<string, unknown>;
    return { realIp: r.realIp, ip: r.ip, protocol: r.protocol, host: r.host };
  };

  test('installed once; a request with state reads it, one without reads the framework', () => {
    const { proto, make } = framework();
    const seen = make('a', '10.0.0.1', '198.51.100.9');
    const unseen = make('b', '10.0.0.1', '198.51.100.9');
    expect(hasOverrides(seen, accessors)).toBe(false);
    installOverrides(proto, accessors);
    expect(hasOverrides(seen, accessors)).toBe(true);
    states.set(seen, new RequestState(seen, overridesFor(true)));
    expect(read(seen)).toMatchObject({
      realIp: { ip: '198.51.100.9' },
      ip: '198.51.100.9',
      protocol: 'http',
      host: 'origin.test',
    });
    // The framework's getters that ours replaced on the same object, with `this` the request.
    expect(read(unseen)).toEqual({
      realIp: undefined,
      ip: 'framework ip of b',
      protocol: 'framework protocol',
      host: undefined,
    });
    // Installing again (a second app) keeps the framework's getters, not ours, as the fallback.
    installOverrides(proto, accessors);
    expect(read(unseen).ip).toBe('framework ip of b');
  });

  test('override: false: realIp is ours, the rest the framework’s', () => {
    const { proto, make } = framework();
    installOverrides(proto, accessors);
    const req = make('c', '10.0.0.1', '198.51.100.9');
    states.set(req, new RequestState(req, overridesFor(false)));
    expect(read(req)).toMatchObject({ ip: 'framework ip of c', realIp: { ip: '198.51.100.9' } });
  });

  test('a prototype further down the chain (a subclass) sees them; the inherited value is above', () => {
    const { proto, make } = framework();
    const sub = Object.create(proto) as object;
    installOverrides(sub, accessors);
    const req = Object.setPrototypeOf(make('d', '10.0.0.1', '1.2.3.4'), sub) as Req;
    expect(read(req).ip).toBe('framework ip of d');
    states.set(req, new RequestState(req, overridesFor(true)));
    expect(read(req).ip).toBe('1.2.3.4');
  });

  test('the snapshot holds when the socket closes; ips is walked once, on first read', () => {
    const { proto, make } = framework();
    installOverrides(proto, accessors);
    const req = make('e', '10.0.0.1', '198.51.100.9');
    const walked = { n: 0 };
    states.set(req, new RequestState(req, overridesFor(true, walked)));
    (req as unknown as { socket: object }).socket = {}; // the connection closed
    expect(walked.n).toBe(2);
    const ips = (req as unknown as { ips: string[] }).ips;
    expect(ips).toEqual(['10.0.0.1', '198.51.100.9']);
    expect((req as unknown as { ips: string[] }).ips).toBe(ips);
    expect(walked.n).toBe(4);
  });

  test('two copies of an adapter (ESM and CommonJS builds) on one prototype: each reads its own', () => {
    const { proto, make } = framework();
    const otherStates = new WeakMap<object, RequestState<Req>>();
    const other = overrideAccessors((req) => otherStates.get(req), ['ip']);
    installOverrides(proto, accessors);
    installOverrides(proto, other); // the later copy shadows the first on the same object
    expect(hasOverrides(proto, accessors) && hasOverrides(proto, other)).toBe(true);
    const first = make('h', '10.0.0.1', '198.51.100.1');
    const second = make('i', '10.0.0.1', '198.51.100.2');
    const neither = make('j', '10.0.0.1', '198.51.100.3');
    states.set(first, new RequestState(first, overridesFor(true)));
    otherStates.set(second, new RequestState(second, overridesFor(true)));
    expect([read(first).ip, read(second).ip, read(neither).ip]).toEqual([
      '198.51.100.1',
      '198.51.100.2',
      'framework ip of j',
    ]);
  });

  test('assigning defines a plain own value on that request only', () => {
    const { proto, make } = framework();
    installOverrides(proto, accessors);
    const req = make('f', '10.0.0.1', '198.51.100.9');
    const other = make('g', '10.0.0.1', '198.51.100.9');
    (req as unknown as { ip: string }).ip = 'set by the app';
    expect(read(req).ip).toBe('set by the app');
    expect(read(other).ip).toBe('framework ip of g');
  });
});
