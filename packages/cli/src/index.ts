/**
 * `@realip/cli`: the `realip` command. Programmatic entry for embedding and tests.
 *
 * @example
 * ```ts
 * import { main } from '@realip/cli';
 * const code = await main({ args: ['doctor', '--trust', 'true'], env: {}, stdout: console.log, stderr: console.error, readStdin: async () => '', stdinIsTTY: true, stdoutIsTTY: false });
 * ```
 * @module
 */
export { main, type Io } from './main.js';
export { reviewTrust, type Finding } from './trust-review.js';
export { reviewLayer4, type Layer4Finding } from './layer4-review.js';
export { parseRequestText } from './request-text.js';
