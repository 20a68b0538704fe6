import http from 'node:http';
import { RealIpConfigError } from '@realip/core';
import { acceptProxyProtocol, toa, type ToaOptions } from '@realip/toa';

const noop = () => undefined;

function configError(fn: () => unknown): RealIpConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RealIpConfigError) return err;
    throw err;
  }
  throw new Error('expected a RealIpConfigError');
}

describe('options are validated when the listener is created', () => {
  test.each([
    ['options not an object', 'loopback', 'options', 'ERR_REALIP_INVALID_OPTION'],
    ['options an array', ['loopback'], 'options', 'ERR_REALIP_INVALID_OPTION'],
    ['a bad trust entry', { trust: '10.0.0.0/33' }, 'trust', 'ERR_REALIP_INVALID_TRUST'],
    [
      'a bad trust list entry',
      { trust: ['loopback', 'proxy.local'] },
      'trust[1]',
      'ERR_REALIP_INVALID_TRUST',
    ],
    ['a hop count as trust', { trust: 1 }, 'trust', 'ERR_REALIP_INVALID_TRUST'],
    ['proxyProtocol true', { proxyProtocol: true }, 'proxyProtocol', 'ERR_REALIP_INVALID_OPTION'],
    ['proxyProtocol "v2"', { proxyProtocol: 'v2' }, 'proxyProtocol', 'ERR_REALIP_INVALID_OPTION'],
    ['headerTimeout 0', { headerTimeout: 0 }, 'headerTimeout', 'ERR_REALIP_INVALID_OPTION'],
    [
      'headerTimeout Infinity',
      { headerTimeout: Infinity },
      'headerTimeout',
      'ERR_REALIP_INVALID_OPTION',
    ],
    ['headerTimeout 1.5', { headerTimeout: 1.5 }, 'headerTimeout', 'ERR_REALIP_INVALID_OPTION'],
    ['headerTimeout "5s"', { headerTimeout: '5s' }, 'headerTimeout', 'ERR_REALIP_INVALID_OPTION'],
    [
      'headerTimeout over 10 min',
      { headerTimeout: 600_001 },
      'headerTimeout',
      'ERR_REALIP_INVALID_OPTION',
    ],
    [
      'maxHeaderBytes too small for AF_UNIX',
      { maxHeaderBytes: 231 },
      'maxHeaderBytes',
      'ERR_REALIP_INVALID_OPTION',
    ],
    [
      'maxHeaderBytes beyond the length field',
      { maxHeaderBytes: 65552 },
      'maxHeaderBytes',
      'ERR_REALIP_INVALID_OPTION',
    ],
    ['onReject not a function', { onReject: 'log' }, 'onReject', 'ERR_REALIP_INVALID_OPTION'],
    ['an unknown option', { trustProxy: 'loopback' }, 'trustProxy', 'ERR_REALIP_UNKNOWN_OPTION'],
    ['a resolver option', { header: 'x-forwarded-for' }, 'header', 'ERR_REALIP_UNKNOWN_OPTION'],
  ])('%s', (_title, options, option, code) => {
    for (const create of [
      () => toa(options as ToaOptions, noop),
      () => acceptProxyProtocol(http.createServer(), options as ToaOptions),
    ]) {
      const err = configError(create);
      expect(err).toMatchObject({ code, option, package: '@realip/toa' });
      expect(err.message.startsWith(`@realip/toa: ${option} `)).toBe(true);
    }
  });

  test('hints name what people meant', () => {
    expect(configError(() => toa({ mode: 'required' } as ToaOptions, noop)).hint).toBe(
      'Did you mean proxyProtocol?',
    );
    expect(
      configError(() => toa({ proxyProtocol: true } as unknown as ToaOptions, noop)).hint,
    ).toBe('Use "required".');
  });

  test('the listener must be a function', () => {
    expect(configError(() => toa({}, 'x' as unknown as () => void))).toMatchObject({
      option: 'listener',
    });
  });

  test('valid extremes are accepted', () => {
    expect(() =>
      toa({ headerTimeout: 1, maxHeaderBytes: 232, trust: false, proxyProtocol: 'optional' }, noop),
    ).not.toThrow();
    expect(() =>
      toa({ headerTimeout: 600_000, maxHeaderBytes: 65551, trust: (a) => a === '10.0.0.1' }, noop),
    ).not.toThrow();
    expect(() => toa(undefined, noop)).not.toThrow();
  });

  test('acceptProxyProtocol: once per server, and only on servers', () => {
    const server = http.createServer();
    acceptProxyProtocol(server);
    expect(configError(() => acceptProxyProtocol(server))).toMatchObject({ option: 'server' });
    expect(configError(() => acceptProxyProtocol({} as http.Server))).toMatchObject({
      option: 'server',
    });
  });
});
