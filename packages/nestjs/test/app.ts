/**
 * Nest apps for the tests, on either platform, each with the platform's realip adapter and one
 * controller answering `{ realIp, ip }`: the adapter's structured result from the request, and
 * the address `@ClientIp()` injects. Served by the caller's `http` servers (the platform's own
 * request handler), so test/helpers/http.ts can present any peer.
 */
import 'reflect-metadata';
import {
  Controller,
  Get,
  Module,
  Req,
  type DynamicModule,
  type Provider,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ClientAddress, RealIpOptions } from '@realip/core';
import { realIp as expressRealIp } from '@realip/express';
import fastifyRealIp from '@realip/fastify';
import express from 'express';
import http from 'node:http';
import type { Handler } from '../../../test/helpers/http';
import { ClientIp } from '../src/index';

@Controller()
class EchoController {
  @Get()
  echo(@Req() req: { realIp: ClientAddress }, @ClientIp() ip: string | undefined) {
    return { realIp: req.realIp, ip };
  }
}

/** What else the app module holds: the throttler module and its guard, for instance. */
export interface Extra {
  readonly imports?: DynamicModule[];
  readonly providers?: Provider[];
}

function rootModule({ imports = [], providers = [] }: Extra): Type {
  @Module({ imports, providers, controllers: [EchoController] })
  class AppModule {}
  return AppModule;
}

/** The two platforms. */
export type Platform = 'express' | 'fastify';

/** A built Nest app: its platform's request handler, and how to dispose of it. */
export interface NestApp {
  readonly handler: Handler;
  close(): Promise<void>;
}

/**
 * A Nest app on `platform` with the documented setup: `app.use(realIp(options))` on Express,
 * `app.register(realIp, options)` on Fastify, both before `init()`.
 */
export async function nestApp(
  platform: Platform,
  options: RealIpOptions,
  extra: Extra = {},
): Promise<NestApp> {
  const module = rootModule(extra);
  if (platform === 'express') {
    const instance = express();
    const app = await NestFactory.create<NestExpressApplication>(
      module,
      new ExpressAdapter(instance),
      { logger: false },
    );
    app.use(expressRealIp(options));
    await app.init();
    return { handler: instance, close: () => app.close() };
  }
  let handler: Handler | undefined;
  const adapter = new FastifyAdapter({
    serverFactory: (h: Handler) => {
      handler = h;
      return http.createServer((req, res) => void h(req, res));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger: false });
  await app.register(fastifyRealIp, options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { handler: handler!, close: () => app.close() };
}
