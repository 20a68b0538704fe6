/**
 * Human notes for `explain` on the `protocol` and `host` options: where the value came from, or
 * why none was taken. They retrace the walk's lockstep read (walk.ts, `answerEntry`): the answer's
 * hop `n` reads the `n`-th non-empty element from the right of X-Forwarded-Proto / -Host, or the
 * `proto=` / `host=` parameter of the answer's own Forwarded element. Explain-only; the
 * per-request resolver never runs this.
 */
import { PAIRS, SCAN, findPair, pairValue, scanElementBack } from './forwarded.js';
import { FOUND, headerValue, nthFromRight } from './list.js';
import type { Compiled } from './options.js';
import type { ClientAddress, ExplainStep, ResolveInput } from './types.js';

/** Longest value quoted back in a note. */
const QUOTE_MAX = 64;

/**
 * The note for one option, or `undefined` when the option is off.
 *
 * @example
 * ```ts
 * const { compiled } = compileOptions({ trust: 'private', protocol: true });
 * const input = { remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.9' } };
 * lockstepNote(compiled, 'protocol', input, resolve(input), steps);
 * // → 'none taken: no x-forwarded-proto header'
 * ```
 */
export function lockstepNote(
  c: Compiled,
  option: 'protocol' | 'host',
  input: ResolveInput,
  result: ClientAddress,
  steps: readonly ExplainStep[],
): string | undefined {
  const header = option === 'protocol' ? c.protoHeader : c.hostHeader;
  if (header === undefined) return undefined;
  const taken = option === 'protocol' ? result.protocol : result.host;
  const hop = result.hops;
  const expected = option === 'protocol' ? 'http or https' : 'a host[:port]';
  if (hop === 0) {
    return 'none taken: the answer is the socket peer, which forwarded nothing (use the connection itself)';
  }
  if (header === '') {
    const name = option === 'protocol' ? 'proto' : 'host';
    const raw = steps.find((s) => s.hop === hop && s.from !== 'socket')?.raw ?? '';
    const k = scanElementBack(raw, raw.length) === 0 ? findPair(raw, SCAN[0]!, name) : -1;
    if (k < 0) return `none taken: the answer's Forwarded element has no ${name}= parameter`;
    const value = pairValue(raw, k);
    if (taken !== undefined) return `${name}=${quote(value)} of the answer's Forwarded element`;
    return PAIRS[k * 5 + 4] !== 0 && option === 'protocol'
      ? `none taken: proto=${quote(value)} is written with backslash escapes`
      : `none taken: ${name}=${quote(value)} in the answer's Forwarded element is not ${expected}`;
  }
  const value = headerValue(input.headers, header);
  if (value === undefined || value === null) return `none taken: no ${header} header`;
  if (!nthFromRight(value, hop, c.maxEntries)) {
    let count = 0;
    while (count + 1 < hop && nthFromRight(value, count + 1, c.maxEntries)) count++;
    // The walk examines at most maxEntries elements, empty ones included; say so when that, not
    // the header's length, is what stopped it (explain only: an unbounded look is affordable).
    if (nthFromRight(value, count + 1, Number.MAX_SAFE_INTEGER)) {
      return `none taken: element ${hop} from the right of ${header} lies beyond the maxEntries (${c.maxEntries}) elements examined`;
    }
    return `none taken: ${header} has ${count} element${count === 1 ? '' : 's'}, fewer than the ${hop} hop${hop === 1 ? '' : 's'} walked (one per proxy)`;
  }
  const text = FOUND.s.slice(FOUND.start, FOUND.end);
  const where = `${header} element ${hop} from the right`;
  return taken !== undefined
    ? `${quote(text)} from ${where}`
    : `none taken: ${where}, ${quote(text)}, is not ${expected}`;
}

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text);
}
