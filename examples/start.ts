/**
 * `npm start`: serves the demos on loopback (all of them, or those named: `npm start -- koa tcp`),
 * prints what to try and what each will answer, logs every resolved client, and stops them all on
 * Ctrl-C (SIGINT) or SIGTERM.
 *
 *   PORT=8080 npm start          ports 8080, 8081, ... (default 3001; 0 picks free ports)
 *   TRUST_PROXY=false npm start  any TRUST_PROXY value (parseTrustProxy): a list, a count, true/false
 */
import { RealIpConfigError, parseTrustProxy, type RealIpOptions } from '@realip/core';
import { describeClient } from './launcher/describe';
import { demos, type Running } from './launcher/demos';
import { guide, type Listed } from './launcher/guide';

const USAGE = `usage: npm start [-- ${demos.map((d) => d.name).join(' ')}]   (env: PORT, TRUST_PROXY)`;

/** Starts the demos; resolves to the exit code once they have stopped. */
async function main(): Promise<number> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !demos.some((d) => d.name === name));
  const base = process.env.PORT === undefined ? 3001 : Number(process.env.PORT);
  if (unknown.length > 0 || !Number.isInteger(base) || base < 0 || base > 65535) {
    console.error(
      unknown.length > 0 ? `unknown demo: ${unknown.join(', ')}` : `bad PORT: ${process.env.PORT}`,
    );
    console.error(USAGE);
    return 2;
  }
  let options: RealIpOptions;
  try {
    options = { ...parseTrustProxy(process.env.TRUST_PROXY), protocol: true, host: true };
  } catch (err) {
    if (!(err instanceof RealIpConfigError)) throw err;
    console.error(err.message);
    return 2;
  }
  const trustFrom = process.env.TRUST_PROXY
    ? `TRUST_PROXY=${JSON.stringify(process.env.TRUST_PROXY)}`
    : 'the default (private ranges, loopback included; set TRUST_PROXY to change it)';

  const selected = names.length === 0 ? demos : demos.filter((d) => names.includes(d.name));
  const running: Running[] = [];
  const listed: Listed[] = [];
  const stop = () => Promise.all(running.map((r) => r.close()));
  try {
    for (const demo of selected) {
      const port = base === 0 ? 0 : base + demos.indexOf(demo); // each demo keeps its port
      const log = (line: string) => console.log(`[${demo.name}] ${line}`);
      const r = await demo.start(port, options, (c) => log(describeClient(c)));
      running.push(r);
      listed.push({ demo, port: r.port });
    }
  } catch (err) {
    await stop();
    const code = (err as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE' ? `${String(err)}: try another PORT (PORT=0 picks free ports)` : err,
    );
    return 1;
  }
  console.log(guide(listed, options, trustFrom));

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const received = (signal: NodeJS.Signals) => {
      // Ctrl-C reaches every process of the group (npm, tsx, us) and some forward it again: ignore
      // the repeats while stopping. Installed here, in the handler, not after the await: a repeat
      // arriving in between would find no listener, and tsx would exit 130 for us.
      process.on('SIGINT', () => {});
      process.on('SIGTERM', () => {});
      resolve(signal);
    };
    process.once('SIGINT', received);
    process.once('SIGTERM', received);
  });
  // Never hang on a connection that will not close.
  setTimeout(() => {
    console.error('some connections did not close in 5 s; exiting anyway');
    process.exit(1);
  }, 5000).unref();
  console.log(`\n${signal}: stopping ${running.length} server(s)`);
  await stop();
  console.log('stopped');
  return 0;
}

void main().then((code) => {
  process.exitCode = code;
});
