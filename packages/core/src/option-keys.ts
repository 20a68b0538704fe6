import { RealIpConfigError } from './errors.js';

/**
 * Checks that `options` is a plain options object (`undefined` and `null` read as `{}`) holding
 * only `known` keys, and returns its own properties in a fresh object without a prototype. A
 * misspelt or foreign key (`trustProxy`, `proxyIpHeader`) fails at setup, naming the key and,
 * from `aliases`, what the user probably meant; silently ignoring it would leave the default
 * trust in place. Shared by the core and the packages built on it.
 *
 * Only own properties are read: with `Object.prototype.trust = true` set by a polluted
 * dependency, `{}` must still mean the default trust. An object that could hand down options
 * (made with `Object.create(defaults)`, a class instance, a `Map`) is an error rather than
 * half-read: its inherited settings would be ignored without a word.
 *
 * @example
 * ```ts
 * const options = checkOptionKeys(input, ['trust', 'hops'], { trustProxy: 'trust' }, '{ trust: "loopback" }');
 * checkOptionKeys(new Map(), ['trust'], {}, '{ trust: "loopback" }'); // throws: must be a plain object
 * ```
 */
export function checkOptionKeys(
  options: unknown,
  known: readonly string[],
  aliases: Readonly<Record<string, string>>,
  example: string,
  pkg = '@realip/core',
): Record<string, unknown> {
  const own = Object.create(null) as Record<string, unknown>;
  if (options === undefined || options === null) return own;
  if (typeof options !== 'object' || !isPlain(options)) {
    const object = typeof options === 'object';
    const kind = Object.prototype.toString.call(options).slice(8, -1); // 'Map', 'Array', 'Object'
    throw new RealIpConfigError(
      'ERR_REALIP_INVALID_OPTION',
      'options',
      options,
      !object
        ? 'must be an object'
        : `must be a plain object, not ${kind === 'Object' ? 'one that inherits options' : `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`}`,
      `Pass e.g. ${example}${object ? '; only its own properties are read' : ''}.`,
      pkg,
    );
  }
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) {
      const alias = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
      throw new RealIpConfigError(
        'ERR_REALIP_UNKNOWN_OPTION',
        key,
        value,
        'is not an option',
        alias ? `Did you mean ${alias}?` : `Known options: ${known.join(', ')}.`,
        pkg,
      );
    }
    own[key] = value;
  }
  return own;
}

/**
 * An object literal or `Object.create(null)`, also from another realm (a `vm` context): its
 * prototype is `null` or some realm's `Object.prototype` (the one prototype without a prototype
 * that has `hasOwnProperty`).
 */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return (
    proto === null ||
    proto === Object.prototype ||
    (Object.getPrototypeOf(proto) === null && Object.hasOwn(proto, 'hasOwnProperty'))
  );
}
