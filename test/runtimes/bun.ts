/**
 * Bun side of test/runtimes.test.ts: serves the vector app on 127.0.0.1 and ::1 (Bun's own
 * `Bun.serve`, so the peer comes from `server.requestIP`) and prints the ports as one JSON line.
 */
import { app } from './vector-app';

declare const Bun: {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request, server: unknown) => Response | Promise<Response>;
  }): { port: number };
};

const ports = Object.fromEntries(
  ['127.0.0.1', '::1'].map((hostname) => [
    hostname,
    Bun.serve({ hostname, port: 0, fetch: app.fetch }).port,
  ]),
);
console.log(JSON.stringify(ports));
