/**
 * Child process of the server-level benchmark: serves one app variant on loopback so the load
 * generator (the parent) and the server each get a core. Talks to the parent over IPC:
 * it sends `{ url }` once listening, answers `'usage'` with its CPU time, `{ startProfile }` by
 * starting V8's profiler (cpu-profile.ts) and `{ stopProfile }` with the CPU share of our code
 * (writing the `.cpuprofile`, for DevTools, to the path given), and exits on `'exit'`.
 */
import { writeFileSync } from 'node:fs';
import type { Profiler } from 'node:inspector';
import { FRAMEWORKS, VARIANTS, startApp, type Framework, type Variant } from './apps.js';
import { cpuShare, startProfiling, type CpuShare } from './cpu-profile.js';

/** Messages from the child. */
export type ServeMessage =
  | { readonly url: string }
  | { readonly error: string }
  | { readonly usage: NodeJS.CpuUsage }
  | { readonly profiling: true }
  | { readonly cpuShare: CpuShare };

/** Messages from the parent. */
export type ParentMessage =
  | 'usage'
  | 'exit'
  | { readonly startProfile: number }
  | { readonly stopProfile: string | undefined };

function send(message: ServeMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [framework, variant] = process.argv.slice(2) as [Framework, Variant];
  if (!FRAMEWORKS.includes(framework) || !VARIANTS.includes(variant)) {
    throw new Error(`usage: serve.ts <${FRAMEWORKS.join('|')}> <${VARIANTS.join('|')}>`);
  }
  const app = await startApp(framework, variant);
  let stopProfiling: (() => Promise<Profiler.Profile>) | undefined;
  const onProfile = async (message: Exclude<ParentMessage, string>) => {
    if ('startProfile' in message) {
      stopProfiling = await startProfiling(message.startProfile);
      send({ profiling: true });
    } else if (stopProfiling !== undefined) {
      const profile = await stopProfiling();
      if (message.stopProfile !== undefined) {
        writeFileSync(message.stopProfile, JSON.stringify(profile));
      }
      send({ cpuShare: cpuShare(profile) });
    }
  };
  process.on('message', (message: ParentMessage) => {
    if (message === 'usage') send({ usage: process.cpuUsage() });
    else if (message === 'exit') void app.close().then(() => process.exit(0));
    else onProfile(message).catch((error: unknown) => send({ error: String(error) }));
  });
  process.on('disconnect', () => process.exit(0));
  send({ url: app.url });
}

main().catch((error: unknown) => {
  send({ error: String(error) });
  process.exit(1);
});
