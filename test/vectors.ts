/**
 * The shared conformance vectors: every adapter (and the bare core) must give exactly these
 * answers. Cases `anchors-NN` are the 48 cases of ../shared/anchors.md section 2 with our expected
 * answers; the others are ours.
 */
import type { ClientAddress, RealIpOptions } from '@realip/core';

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

export const vectors: readonly Vector[] = [];
