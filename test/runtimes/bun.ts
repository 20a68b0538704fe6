/**
 * Bun side of test/runtimes.test.ts: serves the vector app with Bun's own `Bun.serve` (so the
 * peer comes from `server.requestIP`) on 127.0.0.1, ::1 and the Unix socket named by the last
 * argument (where `requestIP` answers `null`), and once more on 127.0.0.1 with `c.env` as
 * `{ server }`; prints the ports as one JSON line.
 */
import { app } from './vector-app';

type Fetch = (request: Request, server: unknown) => Response | Promise<Response>;
declare const Bun: {
  serve(options: { hostname: string; port: number; fetch: Fetch }): { port: number };
  serve(options: { unix: string; fetch: Fetch }): unknown;
  readonly argv: readonly string[];
};

const ports = Object.fromEntries(
  ['127.0.0.1', '::1'].map((hostname) => [
    hostname,
    Bun.serve({ hostname, port: 0, fetch: app.fetch }).port,
  ]),
);
Bun.serve({ unix: Bun.argv.at(-1)!, fetch: app.fetch });
// The env shape `hono/bun` also accepts: `{ server }` instead of the server itself.
ports['{ server }'] = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: (request, server) => app.fetch(request, { server }),
}).port;
console.log(JSON.stringify(ports));
