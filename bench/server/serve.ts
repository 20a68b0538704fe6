/**
 * Child process of the server-level benchmark: serves one app variant on loopback so the load
 * generator (the parent) and the server each get a core. Talks to the parent over IPC:
 * it sends `{ url }` once listening, answers `'usage'` with its CPU time, and exits on `'exit'`.
 */
import { FRAMEWORKS, VARIANTS, startApp, type Framework, type Variant } from './apps.js';

/** Messages from the child. */
export type ServeMessage =
  { readonly url: string } | { readonly error: string } | { readonly usage: NodeJS.CpuUsage };

function send(message: ServeMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [framework, variant] = process.argv.slice(2) as [Framework, Variant];
  if (!FRAMEWORKS.includes(framework) || !VARIANTS.includes(variant)) {
    throw new Error(`usage: serve.ts <${FRAMEWORKS.join('|')}> <${VARIANTS.join('|')}>`);
  }
  const app = await startApp(framework, variant);
  process.on('message', (message) => {
    if (message === 'usage') send({ usage: process.cpuUsage() });
    if (message === 'exit') void app.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  send({ url: app.url });
}

main().catch((error: unknown) => {
  send({ error: String(error) });
  process.exit(1);
});
