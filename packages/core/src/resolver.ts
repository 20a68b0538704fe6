import { lockstepNote } from './lockstep-notes.js';
import { compileOptions } from './options.js';
import type { ExplainStep, Explanation, RealIpOptions, ResolveInput, Resolver } from './types.js';
import { gatedWalk, vendorGate } from './vendor-gate.js';
import { walk } from './walk.js';

/**
 * Compiles options once and returns the per-request resolver. Configuration mistakes throw a
 * {@link RealIpConfigError} here; the resolver itself never throws on request data.
 *
 * @example
 * ```ts
 * import { createResolver } from '@realip/core';
 *
 * const resolve = createResolver({ trust: ['loopback', '10.0.0.0/8'] });
 * resolve({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.9' } });
 * // { ip: '198.51.100.9', family: 4, port: undefined, source: 'x-forwarded-for', hops: 1,
 * //   reason: 'untrusted', protocol: undefined, host: undefined }
 *
 * http.createServer((req, res) => res.end(resolve(req).ip)); // an IncomingMessage works as is
 * ```
 */
export function createResolver(options?: RealIpOptions): Resolver {
  const { compiled, normalized } = compileOptions(options);
  // A vendor header behind your own proxies needs two walks (see vendor-gate.ts).
  const gate = vendorGate(normalized);
  const resolve =
    gate === undefined
      ? (input: ResolveInput) => walk(compiled, input, undefined)
      : (input: ResolveInput) => gatedWalk(gate, input, undefined);
  const explain = (input: ResolveInput): Explanation => {
    const steps: ExplainStep[] = [];
    const result =
      gate === undefined ? walk(compiled, input, steps) : gatedWalk(gate, input, steps);
    const chain: string[] = [];
    for (const s of steps) {
      if (s.hop <= result.hops && s.address !== undefined && s.verdict !== 'invalid')
        chain.push(s.address);
    }
    return {
      result,
      steps,
      chain,
      protocolNote: lockstepNote(compiled, 'protocol', input, result, steps),
      hostNote: lockstepNote(compiled, 'host', input, result, steps),
    };
  };
  return Object.assign(resolve, { explain, options: normalized });
}
