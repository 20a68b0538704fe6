/**
 * The adapter's options: the core's, plus `override`. The core rejects keys it does not know, so
 * `override` is taken out before the rest goes to `createResolver`, and the core's errors are
 * re-thrown under this package's name so the message points at what the user configured.
 */
import { RealIpConfigError, createResolver, type RealIpOptions, type Resolver } from '@realip/core';

/** The package name that configuration errors report. */
export const PACKAGE = '@realip/fastify';

/** Options of {@link realIp}: every option of `@realip/core`, plus `override`. */
export interface RealIpFastifyOptions extends RealIpOptions {
  /**
   * Make Fastify's own `request.ip` and `request.ips` (and `request.protocol` / `request.host` when the
   * `protocol` / `host` options ask for them) report the resolved client. `false` leaves them
   * alone and only adds `request.realIp`.
   * @defaultValue `true`
   */
  override?: boolean;
}

/** Validates the options once, at setup. Throws {@link RealIpConfigError}. */
export function compileOptions(options: RealIpFastifyOptions | undefined): {
  resolve: Resolver;
  override: boolean;
} {
  let core: unknown = options;
  let override: unknown = true;
  if (typeof options === 'object' && options !== null && 'override' in options) {
    ({ override = true, ...core } = options);
  }
  let resolve: Resolver;
  try {
    resolve = createResolver(core as RealIpOptions);
  } catch (err) {
    throw err instanceof RealIpConfigError ? err.forPackage(PACKAGE) : err;
  }
  if (typeof override !== 'boolean') {
    throw new RealIpConfigError(
      'ERR_REALIP_INVALID_OPTION',
      'override',
      override,
      'must be a boolean',
      'Use true (the default) to set request.ip, or false to only add request.realIp.',
      PACKAGE,
    );
  }
  return { resolve, override };
}
