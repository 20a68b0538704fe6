/** Option validation: every mistake is reported when the listener is created, never per connection. */
import { RealIpConfigError, compileTrust, type CompiledTrust } from '@realip/core';
import { checkOptionKeys } from '@realip/core/adapter';
import type { ProxyProtocolMode, RejectInfo, ToaOptions } from './types.js';

/**
 * The package name configuration errors are reported under.
 *
 * @example
 * ```ts
 * try {
 *   compileTrust(options.trust);
 * } catch (err) {
 *   throw err instanceof RealIpConfigError ? err.forPackage(PACKAGE) : err;
 * } // the message now starts '@realip/toa: trust ...'
 * ```
 */
export const PACKAGE = '@realip/toa';

/** Options compiled once per listener. */
export interface CompiledToaOptions {
  readonly trust: CompiledTrust;
  readonly mode: ProxyProtocolMode;
  readonly headerTimeout: number;
  readonly maxHeaderBytes: number;
  readonly onReject: ((info: RejectInfo) => void) | undefined;
}

const KNOWN: readonly (keyof ToaOptions)[] = [
  'trust',
  'proxyProtocol',
  'headerTimeout',
  'maxHeaderBytes',
  'onReject',
];

/** Names people bring from other PROXY protocol receivers, mapped to ours. */
const ALIASES: Record<string, string> = {
  trustProxy: 'trust',
  trusted: 'trust',
  mode: 'proxyProtocol',
  policy: 'proxyProtocol',
  strict: 'proxyProtocol',
  timeout: 'headerTimeout',
  readHeaderTimeout: 'headerTimeout',
  maxHeaderSize: 'maxHeaderBytes',
};

const MODES: readonly ProxyProtocolMode[] = ['off', 'optional', 'required'];

/** 16 fixed bytes plus the largest address block (two AF_UNIX paths), so every family fits. */
const MIN_HEADER_BYTES = 16 + 216;
/** 16 fixed bytes plus the largest length the 16-bit field can announce. */
const MAX_HEADER_BYTES = 16 + 0xffff;
const MAX_TIMEOUT = 600_000;

/**
 * Validates options and compiles them once. Throws {@link RealIpConfigError} naming the option.
 * `defaultMode` differs by entry point: `off` for `toa()`, `required` for HTTP servers.
 *
 * @example
 * ```ts
 * compileToaOptions({ trust: '10.0.0.0/8' }, 'required');
 * // → { trust: { kind: TRUST_RANGES, ... }, mode: 'required', headerTimeout: 5000,
 * //      maxHeaderBytes: 4096, onReject: undefined }
 * compileToaOptions({ proxyProtocol: 'on' }, 'off');
 * // throws RealIpConfigError: '@realip/toa: proxyProtocol "on": must be one of "off", ...'
 * ```
 */
export function compileToaOptions(
  options: ToaOptions | undefined,
  defaultMode: ProxyProtocolMode,
): CompiledToaOptions {
  options = checkOptionKeys(
    options,
    KNOWN,
    ALIASES,
    '{ trust: "10.0.0.0/8", proxyProtocol: "required" }',
    PACKAGE,
  );

  let trust: CompiledTrust;
  try {
    trust = compileTrust(options.trust === undefined ? 'private' : options.trust);
  } catch (err) {
    throw err instanceof RealIpConfigError ? err.forPackage(PACKAGE) : err;
  }

  const mode = options.proxyProtocol === undefined ? defaultMode : options.proxyProtocol;
  if (!MODES.includes(mode)) {
    throw optionError(
      'proxyProtocol',
      mode,
      `must be one of ${MODES.map((m) => `"${m}"`).join(', ')}`,
      typeof mode === 'boolean'
        ? `Use "${mode ? 'required' : 'off'}".`
        : '"required" when every trusted proxy sends a header, "off" for TOA.',
    );
  }

  const headerTimeout = options.headerTimeout === undefined ? 5000 : options.headerTimeout;
  if (!Number.isSafeInteger(headerTimeout) || headerTimeout < 1 || headerTimeout > MAX_TIMEOUT) {
    throw optionError(
      'headerTimeout',
      headerTimeout,
      `must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT}`,
      'The spec asks for at least 3000 (a TCP retransmit); the default is 5000.',
    );
  }

  const maxHeaderBytes = options.maxHeaderBytes === undefined ? 4096 : options.maxHeaderBytes;
  if (
    !Number.isSafeInteger(maxHeaderBytes) ||
    maxHeaderBytes < MIN_HEADER_BYTES ||
    maxHeaderBytes > MAX_HEADER_BYTES
  ) {
    throw optionError(
      'maxHeaderBytes',
      maxHeaderBytes,
      `must be a whole number of bytes from ${MIN_HEADER_BYTES} to ${MAX_HEADER_BYTES}`,
      'The default 4096 fits every address family and common TLVs.',
    );
  }

  const onReject = options.onReject;
  if (onReject !== undefined && typeof onReject !== 'function') {
    throw optionError(
      'onReject',
      onReject,
      'must be a function',
      'Pass (info) => { ... } to log rejected connections.',
    );
  }

  return { trust, mode, headerTimeout, maxHeaderBytes, onReject };
}

/**
 * A configuration error under this package's name.
 *
 * @example
 * ```ts
 * optionError('listener', 42, 'must be a function', 'Pass (socket, client) => { ... }.').message;
 * // → '@realip/toa: listener 42: must be a function. Pass (socket, client) => { ... }.'
 * ```
 */
export function optionError(
  option: string,
  value: unknown,
  problem: string,
  hint: string,
): RealIpConfigError {
  return new RealIpConfigError('ERR_REALIP_INVALID_OPTION', option, value, problem, hint, PACKAGE);
}
