/**
 * The shared conformance vectors: every adapter (and the bare core) must give exactly these
 * answers. Cases `anchors-NN` are the 48 cases of ../shared/anchors.md section 2 with our expected
 * answers (`anchors-NN-...` are variants of them); the others are ours, grouped by rule in
 * `vector-cases/`. Every expected value was written from the documented semantics, not by
 * running the core.
 */
import type { ClientAddress, RealIpOptions } from '@realip/core';
import { anchorVectors } from './vector-cases/anchors.js';
import { forwardedVectors } from './vector-cases/forwarded.js';
import { peerAndTrustVectors } from './vector-cases/peer-and-trust.js';
import { protoHostVectors } from './vector-cases/proto-host.js';
import { singleHeaderVectors } from './vector-cases/single-header.js';
import { xffVectors } from './vector-cases/x-forwarded-for.js';

/** One request and the answer every adapter must give for it. */
export interface Vector {
  /** Stable id: `anchors-NN` for case NN of the anchors table, else a short kebab-case name. */
  readonly id: string;
  /** What the case shows, in a few words. */
  readonly title: string;
  /** The socket peer (`remoteAddress`), or `undefined` for an unknown peer (Unix socket, closed). */
  readonly peer: string | undefined;
  /** Request headers, lower-case names; an array is several header lines, in order. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** Resolver options (the same for every adapter). */
  readonly options: RealIpOptions;
  /** The full expected result. */
  readonly expected: ClientAddress;
  /**
   * Set when the case cannot travel over real HTTP (a value an HTTP client refuses to send, an
   * unknown peer, a header beyond Node's size limit): it then runs through the core only, and
   * the string says why.
   */
  readonly coreOnly?: string;
}

/**
 * Every vector, anchors first.
 * @example
 * ```ts
 * for (const v of vectors) expect(resolve({ remoteAddress: v.peer, headers: v.headers })).toEqual(v.expected);
 * ```
 */
export const vectors: readonly Vector[] = [
  ...anchorVectors,
  ...peerAndTrustVectors,
  ...xffVectors,
  ...forwardedVectors,
  ...singleHeaderVectors,
  ...protoHostVectors,
];
