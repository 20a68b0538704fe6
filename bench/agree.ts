/**
 * The answer check run before a case is timed: no library is raced against a wrong answer
 * without the table saying so. Peer answers are canonicalised first (`::ffff:10.0.0.1` and
 * `10.0.0.1`, or `2001:DB8::1` and `2001:db8::1`, are the same client); what stays different is
 * a different client, or a token that is not an address at all (`1.2.3.4:80`, `unknown`).
 */
import { canonicalIp } from '@realip/core';
import type { BenchCase } from './cases.js';
import { OURS, type LibraryName, type Prepared } from './libraries.js';

/** One library's answer to one case. */
export interface Verdict {
  readonly library: LibraryName;
  /** What the library returned, as returned; undefined when it produces no address. */
  readonly answer: string | undefined;
  /** true: same client as ours; false: a different answer; undefined: no answer to compare. */
  readonly agrees: boolean | undefined;
  /** Why a peer is known to disagree (from the case), or why there is nothing to compare. */
  readonly note: string | undefined;
}

/** The verdicts of a case, and what is wrong with the case definition itself, if anything. */
export interface CaseCheck {
  readonly verdicts: readonly Verdict[];
  /** Empty when ours gives the expected answer and every peer behaves as the case declares. */
  readonly problems: readonly string[];
}

function callOnce(prepared: Prepared): { answer: string | undefined; error: unknown } {
  try {
    const out = prepared.run();
    return { answer: prepared.answer?.(out), error: undefined };
  } catch (error) {
    return { answer: undefined, error };
  }
}

/** Runs every library once on the case's request and compares the answers with ours. */
export function checkCase(
  c: BenchCase,
  libraries: readonly { name: LibraryName; prepared: Prepared }[],
): CaseCheck {
  const problems: string[] = [];
  const verdicts: Verdict[] = [];
  let ours: string | undefined;
  for (const { name, prepared } of libraries) {
    const { answer, error } = callOnce(prepared);
    if (error !== undefined) {
      problems.push(`${name} threw: ${error instanceof Error ? error.message : 'a non-error'}`);
      verdicts.push({ library: name, answer: undefined, agrees: false, note: 'threw' });
      continue;
    }
    if (name === OURS) {
      ours = answer;
      if (answer !== c.expected)
        problems.push(`${OURS} answered ${answer}, expected ${c.expected}`);
      verdicts.push({ library: name, answer, agrees: true, note: undefined });
      continue;
    }
    if (prepared.answer === undefined) {
      verdicts.push({ library: name, answer, agrees: undefined, note: 'parses only: no address' });
      continue;
    }
    const agrees = answer !== undefined && (canonicalIp(answer) ?? answer) === ours;
    const known = c.wrong?.[name];
    if (agrees && known !== undefined)
      problems.push(`${name} now agrees (${answer}); drop it from the case's wrong list`);
    if (!agrees && known === undefined)
      problems.push(`${name} answered ${answer}, ours ${ours}; list it in the case's wrong list`);
    verdicts.push({ library: name, answer, agrees, note: known });
  }
  return { verdicts, problems };
}
