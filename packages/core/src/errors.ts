/** Machine-readable codes of configuration errors (`ALREADY_REGISTERED`: a plugin set up twice). */
export type RealIpErrorCode =
  | 'ERR_REALIP_INVALID_TRUST'
  | 'ERR_REALIP_INVALID_OPTION'
  | 'ERR_REALIP_UNKNOWN_OPTION'
  | 'ERR_REALIP_ALREADY_REGISTERED';

/**
 * A configuration error, thrown when a resolver (or an adapter) is created, never per request.
 * The message names the package, the option and the offending entry, and says how to fix it.
 *
 * @example
 * ```ts
 * try {
 *   createResolver({ trust: '10.0.0.0/33' });
 * } catch (err) {
 *   if (err instanceof RealIpConfigError) console.error(err.code, err.option, err.value);
 *   // ERR_REALIP_INVALID_TRUST trust "10.0.0.0/33"
 * }
 * ```
 */
export class RealIpConfigError extends TypeError {
  override readonly name = 'RealIpConfigError';
  /** What kind of mistake: an entry of `trust`, another option's value, or an unknown option. */
  readonly code: RealIpErrorCode;
  /** Where the bad value sits, e.g. `trust[1]` or `hops`. */
  readonly option: string;
  /** The offending value as given. */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly problem: string;
  /** How to fix it. */
  readonly hint: string;
  /** The package whose setup rejected it, e.g. `@realip/express`. */
  readonly package: string;

  constructor(
    code: RealIpErrorCode,
    option: string,
    value: unknown,
    problem: string,
    hint: string,
    pkg = '@realip/core',
  ) {
    super(`${pkg}: ${option} ${describe(value)}: ${problem}. ${hint}`);
    this.code = code;
    this.option = option;
    this.value = value;
    this.problem = problem;
    this.hint = hint;
    this.package = pkg;
  }

  /**
   * The same error, reported by another package: adapters re-throw the core's errors under
   * their own name so the message points at the package the user configured.
   *
   * @example
   * ```ts
   * throw err.forPackage('@realip/koa');
   * ```
   */
  forPackage(pkg: string): RealIpConfigError {
    return new RealIpConfigError(this.code, this.option, this.value, this.problem, this.hint, pkg);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return '(function)';
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
