/**
 * The rightmost-untrusted walk (nginx `real_ip_recursive on`, proxy-addr, Rails `RemoteIp`):
 * start at the socket peer; while the current hop is trusted, step one entry to the left in the
 * configured header; the first untrusted hop is the client. Entries left of it were written by
 * the client and are never read.
 *
 * Per request this reads one header, scans only the elements it walks (from the right), parses
 * each into integer words and compares them with the compiled ranges; a list that ends with the
 * trusted entries the previous request ended with starts left of them (chain-memo.ts). It
 * allocates the result and, unless the answer is an IPv4 socket address, the answer's text.
 * `explain` runs the same code with a trace array (and no memo); the hot path pays one
 * `undefined` check per hop for it.
 */
import { chainEnd, keepChain } from './chain-memo.js';
import { PAIRS, SCAN, findPair, forwardedFor, pairValue, scanElementBack } from './forwarded.js';
import {
  INVALID,
  PORT,
  V4,
  V6,
  addressText,
  formatAddress,
  parseAddress,
  type Family,
} from './ip.js';
import { FOUND, elementStart, headerValue, isOws, nthFromRight } from './list.js';
import { MODE_FORWARDED, MODE_SINGLE, type Compiled } from './options.js';
import { toHost, toProtocol } from './proto-host.js';
import { invalidNote, ruleFor } from './notes.js';
import { BOUNDS, parseForwardedForToken, parseIPv4ElementBack } from './token.js';
import { inRangeTable } from './ranges-match.js';
import { TRUST_ALL, TRUST_FUNCTION, TRUST_NONE, TRUST_RANGES } from './trust.js';
import type { ClientAddress, ExplainStep, ResolveInput, StopReason } from './types.js';

function make(
  ip: string | undefined,
  family: 4 | 6 | undefined,
  port: number | undefined,
  source: string,
  hops: number,
  reason: StopReason,
  protocol: 'http' | 'https' | undefined,
  host: string | undefined,
): ClientAddress {
  return { ip, family, port, source, hops, reason, protocol, host };
}

/**
 * The error thrown by the user's trust function at the hop where the walk stopped, or
 * `undefined`. Set by {@link trustedAt}, read (and cleared) where the walk stops.
 */
let thrown: unknown;

/** Whether the hop just parsed into `ADDR` is trusted. Runs user code for function trust. */
function trustedAt(c: Compiled, family: Family, hop: number): boolean {
  if (hop > 0 && c.hops >= 0) return hop < c.hops;
  const trust = c.trust;
  if (trust.kind === TRUST_RANGES) return inRangeTable(trust.table, family);
  if (trust.kind === TRUST_ALL) return true;
  if (trust.kind === TRUST_NONE) return false;
  try {
    return trust.fn!(formatAddress(family, c.keepMapped), hop) === true;
  } catch (err) {
    // A trust function that throws (a lookup table not loaded yet, a bug) must not turn every
    // request into a 500 whose page may echo the message, which can hold the client's address:
    // the hop is not trusted, and the result says why (`reason: 'trust-error'`).
    thrown = err === undefined ? null : err;
    return false;
  }
}

/** Why the walk stopped at an untrusted hop: `trust-error` when the trust function threw. */
function untrustedReason(): StopReason {
  if (thrown === undefined) return 'untrusted';
  thrown = undefined;
  return 'trust-error';
}

function printedFamily(family: Family, keepMapped: boolean): 4 | 6 {
  return family === V4 || (family !== V6 && !keepMapped) ? 4 : 6;
}

/**
 * Whether the hop just parsed into `ADDR`/`PORT` (`s[a, b)`, or the socket) is trusted; with a
 * trace, also records the step, reading `ADDR` before any user trust code runs.
 */
function check(
  c: Compiled,
  family: Family,
  hop: number,
  trace: ExplainStep[] | undefined,
  s: string,
  a: number,
  b: number,
  port: number | undefined,
): boolean {
  if (trace === undefined) return trustedAt(c, family, hop);
  const address = formatAddress(family, c.keepMapped);
  const rule = ruleFor(c, family, hop);
  const ok = trustedAt(c, family, hop);
  const from = hop === 0 ? 'socket' : c.header;
  const verdict = ok ? 'trusted' : 'untrusted';
  const note = thrown === undefined ? undefined : `the trust function threw: ${errorText(thrown)}`;
  trace.push({ hop, from, raw: s.slice(a, b), address, port, verdict, rule, note });
  return ok;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Records an element that is no address (or an empty one) in the trace. */
function skip(
  c: Compiled,
  trace: ExplainStep[],
  hop: number,
  raw: string,
  verdict: 'invalid' | 'empty',
  note: string,
): void {
  const from = hop === 0 ? 'socket' : c.header;
  trace.push({
    hop,
    from,
    raw,
    address: undefined,
    port: undefined,
    verdict,
    rule: undefined,
    note,
  });
}

/**
 * Resolves the client of one request. `trace`, when given, receives every step (explain mode).
 * Never throws: a user trust function that throws leaves its hop untrusted (`trust-error`).
 *
 * @example
 * ```ts
 * const { compiled } = compileOptions({ trust: '10.0.0.0/8' });
 * walk(compiled, { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '198.51.100.9' } }, undefined);
 * // { ip: '198.51.100.9', family: 4, source: 'x-forwarded-for', hops: 1, reason: 'untrusted', ... }
 * ```
 */
export function walk(
  c: Compiled,
  input: ResolveInput,
  trace: ExplainStep[] | undefined,
): ClientAddress {
  let peer = input.remoteAddress;
  let peerPort = input.remotePort;
  if (peer === undefined) {
    const socket = input.socket;
    if (socket !== undefined && socket !== null) {
      peer = socket.remoteAddress;
      peerPort = socket.remotePort;
    }
  }
  // A port is a whole number 0-65535 (`-1`, `1.5`, `NaN` from a hand-made input are none).
  if (typeof peerPort !== 'number' || (peerPort & 0xffff) !== peerPort) peerPort = undefined;
  // Behind a proxy nearly every request comes from the same peer: its verdict is kept (PeerMemo).
  const memo = trace === undefined ? c.peerMemo : undefined;
  let peerFamily: Family;
  let trusted: boolean;
  if (
    memo !== undefined &&
    peer !== undefined &&
    peer === memo.text &&
    memo.table === c.trust.table
  ) {
    peerFamily = memo.family;
    trusted = memo.trusted;
  } else {
    peerFamily = typeof peer === 'string' ? parseAddress(peer, 0, peer.length, true) : INVALID;
    if (peerFamily === INVALID) {
      if (trace !== undefined) {
        skip(
          c,
          trace,
          0,
          String(peer),
          'invalid',
          typeof peer === 'string'
            ? 'the socket address is not an IP address'
            : 'the socket address is unknown (Unix socket or closed connection)',
        );
      }
      return make(undefined, undefined, undefined, 'socket', 0, 'no-peer', undefined, undefined);
    }
    trusted = check(c, peerFamily, 0, trace, peer as string, 0, (peer as string).length, peerPort);
    if (memo !== undefined) {
      memo.text = peer;
      memo.table = c.trust.table;
      memo.family = peerFamily;
      memo.trusted = trusted;
    }
  }
  const peerText = peer as string;
  if (!trusted) return answerPeer(c, peerText, peerFamily, peerPort, untrustedReason());

  const value = headerValue(input.headers, c.header);
  if (value === undefined || value === null)
    return answerPeer(c, peerText, peerFamily, peerPort, 'exhausted');
  if (c.mode === MODE_SINGLE && !isSingle(value)) {
    if (trace !== undefined) {
      const raw = typeof value === 'string' ? value : value.join(', ');
      skip(c, trace, 1, raw, 'invalid', `${c.header} must hold one address, not a list`);
    }
    return answerPeer(c, peerText, peerFamily, peerPort, 'invalid');
  }

  const list = typeof value === 'string' ? undefined : value;
  let next = list === undefined ? -1 : list.length - 1;
  let s = typeof value === 'string' ? value : '';
  let pos = typeof value === 'string' ? value.length : -1;
  const quotes = c.mode === MODE_FORWARDED; // RFC 7239 elements may hold quoted-strings
  // Without a user trust function nothing runs between parsing the answer and returning it, so
  // its parse (ADDR, PORT, PAIRS) is reused instead of parsing it again.
  const reuse = c.trust.kind !== TRUST_FUNCTION || c.hops >= 0;
  let fresh: Family = INVALID;
  let answerPairs = 0;
  let hop = 0;
  let answer = '';
  let answerStart = 0;
  let answerEnd = 0;
  let examined = 0;
  // Where the last trusted header hop's element began (its comma, -1 for none) and its address,
  // for the chain memo (not in explain mode, as for the peer's); `skipped` is the memo's hop
  // count when the walk started left of it.
  const chain = list === undefined && trace === undefined ? c.chainMemo : undefined;
  let trustedComma = -1;
  let trustedExamined = 0;
  let trustedStart = 0;
  let trustedEnd = 0;
  let skipped = -1;
  if (chain !== undefined) {
    const comma = chainEnd(chain, c.trust.table, s);
    if (comma >= 0) {
      pos = comma;
      hop = skipped = chain.hops;
      examined = chain.examined;
      answer = s;
      answerStart = s.length - chain.fromEndStart;
      answerEnd = s.length - chain.fromEndEnd;
    }
  }
  let reason: StopReason;
  for (;;) {
    if (pos < 0) {
      if (list === undefined || next < 0) {
        reason = 'exhausted';
        break;
      }
      const line = list[next--];
      if (typeof line !== 'string') continue;
      s = line;
      pos = line.length;
    }
    if (++examined > c.maxEntries) {
      reason = 'limit';
      break;
    }
    // Find the next element left of `pos` and parse it: [a, b) is its trimmed text.
    let a: number;
    let b: number;
    let pairs = 0;
    let family: Family;
    let start: number;
    if (quotes) {
      start = scanElementBack(s, pos);
      a = SCAN[1]!;
      b = SCAN[2]!;
      pairs = SCAN[0]!;
      family = start < 0 || pairs === 0 ? INVALID : forwardedFor(s, pairs);
    } else if ((start = parseIPv4ElementBack(s, pos)) >= 0) {
      a = BOUNDS[0]!;
      b = BOUNDS[1]!;
      family = V4;
    } else {
      start = elementStart(s, pos);
      a = start;
      b = pos;
      family = INVALID;
      // Past MAX_ELEMENT (start -1) nothing more is read: trimming or parsing from -1 would
      // read the whole hostile element (`charCodeAt(-1)` is NaN, which passes no test).
      if (start >= 0) {
        while (a < b && isOws(s.charCodeAt(a))) a++;
        while (b > a && isOws(s.charCodeAt(b - 1))) b--;
        if (a !== b) family = parseForwardedForToken(s, a, b);
      }
    }
    if (start < 0) {
      // Malformed (Forwarded) or longer than MAX_ELEMENT: not an address, and its bounds unknown.
      if (trace !== undefined) {
        const raw = s.slice(Math.max(0, pos - 64), pos).trim();
        const note = quotes
          ? invalidNote(raw, c.mode)
          : 'the element is longer than 1024 characters';
        skip(c, trace, hop + 1, raw, 'invalid', note);
      }
      reason = 'invalid';
      break;
    }
    pos = start - 1;
    if (a === b) {
      if (trace !== undefined) skip(c, trace, hop + 1, '', 'empty', 'empty list element, skipped');
      continue;
    }
    if (family === INVALID) {
      if (trace !== undefined) {
        const raw = s.slice(a, b);
        skip(c, trace, hop + 1, raw, 'invalid', invalidNote(raw, c.mode));
      }
      reason = 'invalid';
      break;
    }
    hop++;
    answer = s;
    answerStart = a;
    answerEnd = b;
    answerPairs = pairs;
    fresh = reuse ? family : INVALID;
    const trusted =
      trace === undefined
        ? trustedAt(c, family, hop)
        : check(c, family, hop, trace, s, a, b, PORT[0]! < 0 ? undefined : PORT[0]);
    if (!trusted) {
      reason = untrustedReason();
      break;
    }
    trustedComma = pos;
    trustedExamined = examined;
    trustedStart = a;
    trustedEnd = b;
  }
  if (hop === 0) return answerPeer(c, peerText, peerFamily, peerPort, reason);
  // Stopped at an untrusted entry right of which trusted ones end the header: keep them.
  if (chain !== undefined && reason === 'untrusted' && trustedComma >= 0 && hop - 1 !== skipped) {
    keepChain(
      chain,
      c.trust.table,
      s,
      trustedComma,
      hop - 1,
      trustedExamined,
      trustedStart,
      trustedEnd,
      skipped >= 0,
    );
  }
  // An invalid element was scanned after the answer and may have overwritten its parse (PAIRS
  // even when the scan failed half way): parse the answer again.
  if (reason === 'invalid') fresh = INVALID;
  return answerEntry(c, input, answer, answerStart, answerEnd, hop, reason, fresh, answerPairs);
}

/** A single-address header must not be a list: repeated lines or commas mean someone appended. */
function isSingle(value: string | readonly string[]): boolean {
  const s = typeof value === 'string' ? value : value.length === 1 ? value[0] : undefined;
  return typeof s === 'string' && s.length <= 256 && s.indexOf(',') < 0;
}

function answerPeer(
  c: Compiled,
  peer: string,
  family: Family,
  port: number | undefined,
  reason: StopReason,
): ClientAddress {
  // A valid IPv4 socket address is already canonical text: return it without copying.
  const ip =
    family === V4
      ? peer
      : addressText(parseAddress(peer, 0, peer.length, true), c.keepMapped, peer, 0, peer.length);
  return make(
    ip,
    printedFamily(family, c.keepMapped),
    port,
    'socket',
    0,
    reason,
    undefined,
    undefined,
  );
}

function answerEntry(
  c: Compiled,
  input: ResolveInput,
  s: string,
  start: number,
  end: number,
  hop: number,
  reason: StopReason,
  fresh: Family,
  freshPairs: number,
): ClientAddress {
  const forwarded = c.mode === MODE_FORWARDED;
  let family = fresh;
  let pairs = freshPairs;
  if (family === INVALID) {
    pairs = forwarded ? (scanElementBack(s, end), SCAN[0]!) : 0;
    family = forwarded ? forwardedFor(s, pairs) : parseForwardedForToken(s, start, end);
  }
  const port = PORT[0]! < 0 ? undefined : PORT[0];
  // BOUNDS locate the address in `s`, unless a Forwarded node was unescaped into another string.
  const ip =
    BOUNDS[2] === 1
      ? formatAddress(family, c.keepMapped)
      : addressText(family, c.keepMapped, s, BOUNDS[0]!, BOUNDS[1]!);
  let protocol: 'http' | 'https' | undefined;
  let host: string | undefined;
  if (c.protoHeader !== undefined) {
    if (c.protoHeader === '') {
      const k = findPair(s, pairs, 'proto');
      if (k >= 0)
        protocol = PAIRS[k * 5 + 4]
          ? undefined
          : toProtocol(s, PAIRS[k * 5 + 2]!, PAIRS[k * 5 + 3]!);
    } else if (nthFromRight(headerValue(input.headers, c.protoHeader), hop, c.maxEntries)) {
      protocol = toProtocol(FOUND.s, FOUND.start, FOUND.end);
    }
  }
  if (c.hostHeader !== undefined) {
    if (c.hostHeader === '') {
      const k = findPair(s, pairs, 'host');
      if (k >= 0) {
        const v = pairValue(s, k);
        host = toHost(v, 0, v.length);
      }
    } else if (nthFromRight(headerValue(input.headers, c.hostHeader), hop, c.maxEntries)) {
      host = toHost(FOUND.s, FOUND.start, FOUND.end);
    }
  }
  return make(ip, printedFamily(family, c.keepMapped), port, c.header, hop, reason, protocol, host);
}
