/** `realip` run in this process through `main`, its output collected: for the CLI's tests. */
import { main } from '@realip/cli';

/** Runs `realip ...args` (standard input not a terminal, holding `input`). */
export async function realipInProcess(args: readonly string[], input = '') {
  let stdout = '';
  let stderr = '';
  const code = await main({
    args,
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(input),
    stdinIsTTY: false,
    stdoutIsTTY: false,
  });
  return { code, stdout, stderr };
}
