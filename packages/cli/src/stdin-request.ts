/**
 * When `realip explain` reads a captured request from standard input: when asked (`--stdin` or
 * `-`), or when no header line was given and stdin is a file or a pipe that already holds data.
 * A pipe that is still empty (`sleep 8 | realip explain ...`, a CI job's inherited stdin) is not
 * waited for; whenever the command does wait, it says so on stderr.
 */
import type { Io } from './main.js';

/**
 * The captured request text, or `undefined` when stdin is not to be read.
 *
 * @example
 * ```ts
 * await stdinRequest(io, { asked: false, haveHeaders: true }); // → undefined: -H lines given
 * await stdinRequest(io, { asked: true, haveHeaders: false }); // → the text of standard input
 * ```
 */
export async function stdinRequest(
  io: Io,
  { asked, haveHeaders }: { asked: boolean; haveHeaders: boolean },
): Promise<string | undefined> {
  if (!asked && (haveHeaders || io.stdinIsTTY)) return undefined;
  // Without the probe (an embedding Io), a non-terminal stdin counts as holding data.
  const ready = io.stdinReady === undefined ? !io.stdinIsTTY : await io.stdinReady();
  if (!ready && !asked) {
    if (!haveHeaders) {
      io.stderr(
        'realip: standard input is empty so far; not waiting for it (give -H lines, or --stdin to wait for a captured request)\n',
      );
    }
    return undefined;
  }
  if (!ready) {
    io.stderr(
      `realip: waiting for a captured request on standard input (its header lines${io.stdinIsTTY ? '; end with Ctrl-D' : ', until the writer closes it'})\n`,
    );
  }
  return io.readStdin();
}
