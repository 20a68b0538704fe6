/** Process entry of the `realip` command (see main.ts). */
import { fstatSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { main } from './main.js';
import { packageVersion } from './version.js';

/** How long an open pipe may stay silent before it counts as empty (a writer that already wrote is there at once). */
const PIPE_GRACE_MS = 100;
let probed = false;

/**
 * Whether standard input holds data now: a file or a device, yes; a pipe or socket, if bytes (or
 * its end) arrive within PIPE_GRACE_MS.
 */
function stdinReady(): Promise<boolean> {
  let stat;
  try {
    stat = fstatSync(0);
  } catch {
    return Promise.resolve(false);
  }
  if (!stat.isFIFO() && !stat.isSocket()) return Promise.resolve(true);
  probed = true;
  return new Promise((resolve) => {
    const stdin = process.stdin;
    const done = (ready: boolean) => {
      clearTimeout(timer);
      stdin.removeListener('readable', onReadable);
      stdin.pause();
      resolve(ready);
    };
    const onReadable = () => done(true);
    const timer = setTimeout(() => done(false), PIPE_GRACE_MS);
    stdin.once('readable', onReadable);
  });
}

void main({
  args: process.argv.slice(2),
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => text(process.stdin),
  stdinReady,
  stdinIsTTY: process.stdin.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
  version: packageVersion(process.argv[1]),
}).then((code) => {
  process.exitCode = code;
  // A pipe we probed and did not read must not keep the process alive until its writer exits.
  if (probed) process.stdin.destroy();
});
