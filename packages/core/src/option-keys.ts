import { RealIpConfigError } from './errors.js';

/**
 * Checks that `options` is an options object (`undefined` and `null` read as `{}`) holding only
 * `known` keys. A misspelt or foreign key (`trustProxy`, `proxyIpHeader`) fails at setup,
 * naming the key and, from `aliases`, what the user probably meant; silently ignoring it would
 * leave the default trust in place. Shared by the core and the packages built on it.
 *
 * @example
 * ```ts
 * const options = checkOptionKeys(input, ['trust', 'hops'], { trustProxy: 'trust' }, '{ trust: "loopback" }');
 * ```
 */
export function checkOptionKeys(
  options: unknown,
  known: readonly string[],
  aliases: Readonly<Record<string, string>>,
  example: string,
  pkg = '@realip/core',
): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new RealIpConfigError(
      'ERR_REALIP_INVALID_OPTION',
      'options',
      options,
      'must be an object',
      `Pass e.g. ${example}.`,
      pkg,
    );
  }
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) {
      const alias = aliases[key];
      throw new RealIpConfigError(
        'ERR_REALIP_UNKNOWN_OPTION',
        key,
        value,
        'is not an option',
        alias ? `Did you mean ${alias}?` : `Known options: ${known.join(', ')}.`,
        pkg,
      );
    }
  }
  return options as Record<string, unknown>;
}
