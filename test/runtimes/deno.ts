/**
 * Deno side of test/runtimes.test.ts: serves the vector app with `Deno.serve` (so the peer comes
 * from the handler's `info.remoteAddr`) on 127.0.0.1, ::1 and the Unix socket named by the last
 * argument (where `remoteAddr` has a path, no address), and prints the ports as one JSON line.
 */
import { app } from './vector-app';

type Handler = (request: Request, info: unknown) => Response | Promise<Response>;
declare const Deno: {
  serve(
    options: { hostname: string; port: number; onListen?: () => void },
    handler: Handler,
  ): { addr: { port: number } };
  serve(
    options: { transport: 'unix'; path: string; onListen?: () => void },
    handler: Handler,
  ): unknown;
  readonly args: readonly string[];
};

const quiet = () => {}; // Deno logs "Listening on ..." by default: stdout carries the ports
const ports = Object.fromEntries(
  ['127.0.0.1', '::1'].map((hostname) => [
    hostname,
    Deno.serve({ hostname, port: 0, onListen: quiet }, app.fetch).addr.port,
  ]),
);
Deno.serve({ transport: 'unix', path: Deno.args.at(-1)!, onListen: quiet }, app.fetch);
console.log(JSON.stringify(ports));
