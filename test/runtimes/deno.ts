/**
 * Deno side of test/runtimes.test.ts: serves the vector app on 127.0.0.1 and ::1 (`Deno.serve`,
 * so the peer comes from the handler's `info.remoteAddr`) and prints the ports as one JSON line.
 */
import { app } from './vector-app';

declare const Deno: {
  serve(
    options: { hostname: string; port: number; onListen?: () => void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): { addr: { port: number } };
};

const ports = Object.fromEntries(
  ['127.0.0.1', '::1'].map((hostname) => [
    hostname,
    Deno.serve({ hostname, port: 0, onListen: () => {} }, app.fetch).addr.port,
  ]),
);
console.log(JSON.stringify(ports));
