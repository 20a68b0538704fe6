/**
 * The three adapters (and NestJS on the two platforms it runs on, and Hono on Node) under one
 * shape for the cross-adapter tests: each builds a real app with `realIp(options)` and one route that answers
 * `{ realIp, ip }` as JSON, where `realIp` is the adapter's structured result and `ip` the
 * framework's own `ip` property (for Nest, what `@ClientIp()` injects).
 */
import type { RealIpOptions } from '@realip/core';
import { realIp as expressRealIp } from '@realip/express';
import { realIp as fastifyRealIp } from '@realip/fastify';
import { realIp as h3RealIp } from '@realip/h3';
import { getConnInfo, realIp as honoRealIp } from '@realip/hono';
import { realIp as koaRealIp } from '@realip/koa';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { H3, getRequestIP } from 'h3';
import { toNodeHandler } from 'h3/node';
import { Hono } from 'hono';
import Koa from 'koa';
import http from 'node:http';
import { nestApp } from '../../packages/nestjs/test/app';
import type { Handler } from './http';

/** A built app: its Node request handler, and how to dispose of it. */
export interface BuiltApp {
  readonly handler: Handler;
  close(): Promise<void>;
}

/** One adapter, by name. */
export interface Adapter {
  readonly name: 'express' | 'koa' | 'fastify' | 'nest-express' | 'nest-fastify' | 'h3' | 'hono';
  build(options: RealIpOptions): Promise<BuiltApp>;
}

export const adapters: readonly Adapter[] = [
  {
    name: 'express',
    build(options) {
      const app = express();
      app.use(expressRealIp(options));
      app.use((req, res) => {
        res.json({ realIp: req.realIp, ip: req.ip });
      });
      return Promise.resolve({ handler: app, close: () => Promise.resolve() });
    },
  },
  {
    name: 'koa',
    build(options) {
      const app = new Koa();
      app.use(koaRealIp(options));
      app.use((ctx) => {
        ctx.body = { realIp: ctx.state.realIp, ip: ctx.ip };
      });
      return Promise.resolve({ handler: app.callback(), close: () => Promise.resolve() });
    },
  },
  {
    name: 'fastify',
    async build(options) {
      let handler: Handler | undefined;
      // Fastify's own handler, served by the caller's servers (serverFactory).
      const app = Fastify({
        serverFactory: (h) => {
          handler = h;
          return http.createServer(h);
        },
      });
      await app.register(fastifyRealIp, options);
      app.get('/*', (request) => Promise.resolve({ realIp: request.realIp, ip: request.ip }));
      await app.ready();
      return { handler: handler!, close: () => app.close() };
    },
  },
  { name: 'nest-express', build: (options) => nestApp('express', options) },
  { name: 'nest-fastify', build: (options) => nestApp('fastify', options) },
  {
    name: 'h3',
    build(options) {
      const app = new H3();
      app.use(h3RealIp(options));
      // h3's own `getRequestIP` (no options) reads the `clientAddress` the middleware set.
      app.use((event) => ({ realIp: event.context.realIp, ip: getRequestIP(event) }));
      // h3 v2 on Node: srvx's Node adapter, the request handler `serve()` itself runs.
      const node = toNodeHandler(app);
      return Promise.resolve({
        handler: (req, res) => void node(req, res),
        close: () => Promise.resolve(),
      });
    },
  },
  {
    // Hono on Node through @hono/node-server; its `ip` is what getConnInfo reports.
    name: 'hono',
    build(options) {
      const app = new Hono().use(honoRealIp(options));
      app.all('*', (c) => c.json({ realIp: c.get('realIp'), ip: getConnInfo(c).remote.address }));
      return Promise.resolve({
        handler: getRequestListener(app.fetch),
        close: () => Promise.resolve(),
      });
    },
  },
];
