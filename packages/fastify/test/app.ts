/**
 * Fastify apps for the tests: served by a plain `http` server around Fastify's own handler
 * (`serverFactory`), so the test-only peer header works; requests go through supertest on
 * `app.server` (toolchain pitfall P6: not `inject`).
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import http from 'node:http';
import { withPeer, type Handler } from '../../../test/helpers/http';

/** A Fastify app whose server presents the test-only peer; `handler` is Fastify's own. */
export function fastifyApp(options: FastifyServerOptions = {}): {
  app: FastifyInstance;
  handler: () => Handler;
} {
  let handler: Handler | undefined;
  const app = Fastify({
    ...options,
    serverFactory: (h) => {
      handler = h;
      return http.createServer(withPeer(h));
    },
  });
  return { app, handler: () => handler! };
}
