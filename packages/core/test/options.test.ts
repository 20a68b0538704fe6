import { runInNewContext } from 'node:vm';
import { RealIpConfigError, createResolver, type RealIpOptions } from '@realip/core';

describe('createResolver: option errors at creation', () => {
  test.each<[unknown, string, string, RegExp]>([
    [{ hops: -1 }, 'ERR_REALIP_INVALID_OPTION', 'hops', /must be a whole number/],
    [{ hops: 1.5 }, 'ERR_REALIP_INVALID_OPTION', 'hops', /must be a whole number/],
    [
      { hops: '2' },
      'ERR_REALIP_INVALID_OPTION',
      'hops',
      /Use the number 2, or parseTrustProxy\(\)/,
    ],
    [{ hops: Number.NaN }, 'ERR_REALIP_INVALID_OPTION', 'hops', /must be a whole number/],
    [
      { trust: false, hops: 1 },
      'ERR_REALIP_INVALID_OPTION',
      'hops',
      /can never apply with trust: false/,
    ],
    [
      { hops: 40 },
      'ERR_REALIP_INVALID_OPTION',
      'hops',
      /more than maxEntries \+ 1 \(33\).*Raise maxEntries to at least 39/,
    ],
    [{ maxEntries: 0 }, 'ERR_REALIP_INVALID_OPTION', 'maxEntries', /at least 1/],
    [{ header: 'x forwarded for' }, 'ERR_REALIP_INVALID_OPTION', 'header', /is not a header name/],
    [{ header: '' }, 'ERR_REALIP_INVALID_OPTION', 'header', /is not a header name/],
    [{ keepMapped: 'yes' }, 'ERR_REALIP_INVALID_OPTION', 'keepMapped', /must be a boolean/],
    [
      { protocol: 'x forwarded proto' },
      'ERR_REALIP_INVALID_OPTION',
      'protocol',
      /boolean or a header name/,
    ],
    [{ host: 1 }, 'ERR_REALIP_INVALID_OPTION', 'host', /boolean or a header name/],
    [
      { trustProxy: true },
      'ERR_REALIP_UNKNOWN_OPTION',
      'trustProxy',
      /is not an option\. Did you mean trust\?/,
    ],
    [
      { proxyIpHeader: 'x-real-ip' },
      'ERR_REALIP_UNKNOWN_OPTION',
      'proxyIpHeader',
      /Did you mean header\?/,
    ],
    [{ bogus: 1 }, 'ERR_REALIP_UNKNOWN_OPTION', 'bogus', /Known options: trust, hops/],
    ['loopback', 'ERR_REALIP_INVALID_OPTION', 'options', /must be an object/],
    [
      { trust: [], hops: 2 },
      'ERR_REALIP_INVALID_OPTION',
      'hops',
      /can never apply with trust: \[\]/,
    ],
    [
      new Map([['trust', true]]),
      'ERR_REALIP_INVALID_OPTION',
      'options',
      /must be a plain object, not a Map/,
    ],
    [
      Object.create({ trust: true }) as unknown,
      'ERR_REALIP_INVALID_OPTION',
      'options',
      /must be a plain object, not one that inherits options.*only its own properties are read/,
    ],
    [['loopback'], 'ERR_REALIP_INVALID_OPTION', 'options', /must be a plain object, not an Array/],
    [
      JSON.parse('{"__proto__": 1}') as unknown,
      'ERR_REALIP_UNKNOWN_OPTION',
      '__proto__',
      /^(?!.*object Object).*is not an option\. Known options: trust, hops/,
    ],
    [{ constructor: 1 }, 'ERR_REALIP_UNKNOWN_OPTION', 'constructor', /Known options: trust/],
    [{ trust: 'nope' }, 'ERR_REALIP_INVALID_TRUST', 'trust', /is not an IP address/],
  ])('%j', (options, code, option, message) => {
    let error: unknown;
    try {
      createResolver(options as RealIpOptions);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error).toMatchObject({ code, option, package: '@realip/core' });
    expect((error as Error).message).toMatch(message);
  });

  test('forPackage re-brands the message for an adapter', () => {
    let error: RealIpConfigError | undefined;
    try {
      createResolver({ trust: '10.0.0.0/33' });
    } catch (err) {
      error = (err as RealIpConfigError).forPackage('@realip/express');
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error?.message).toMatch(/^@realip\/express: trust "10\.0\.0\.0\/33": prefix length/);
    expect(error).toMatchObject({ code: 'ERR_REALIP_INVALID_TRUST', package: '@realip/express' });
  });

  test('only own properties are read: a polluted Object.prototype changes nothing', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.trust = true;
    proto.hops = 5;
    proto['x-forwarded-for'] = '6.6.6.6';
    try {
      const resolve = createResolver();
      expect(resolve.options).toMatchObject({ trust: 'private', hops: undefined });
      // Untrusted public peer: not trusted through the inherited `trust: true`.
      expect(
        resolve({ remoteAddress: '8.8.8.8', headers: { 'x-forwarded-for': '1.1.1.1' } }),
      ).toMatchObject({ ip: '8.8.8.8', reason: 'untrusted' });
      // A trusted peer without the header: the inherited "header" is not read.
      expect(resolve({ remoteAddress: '10.0.0.1', headers: {} })).toMatchObject({
        ip: '10.0.0.1',
        reason: 'exhausted',
      });
    } finally {
      delete proto.trust;
      delete proto.hops;
      delete proto['x-forwarded-for'];
    }
  });

  test.each<[string, unknown]>([
    [
      'a null-prototype object',
      Object.assign(Object.create(null) as object, { trust: 'loopback' }),
    ],
    ['an object literal from another realm', runInNewContext('({ trust: "loopback" })')],
    ['a frozen object', Object.freeze({ trust: 'loopback' })],
  ])('%s is a plain options object', (_title, options) => {
    expect(createResolver(options as RealIpOptions).options.trust).toBe('loopback');
  });

  test('defaults are filled in and visible', () => {
    expect(createResolver().options).toEqual({
      trust: 'private',
      hops: undefined,
      header: 'x-forwarded-for',
      maxEntries: 32,
      keepMapped: false,
      protocol: false,
      host: false,
    });
    expect(createResolver({ header: 'X-Real-IP', hops: 0 }).options).toMatchObject({
      header: 'x-real-ip',
      hops: 0,
    });
  });
});
