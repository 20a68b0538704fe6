/**
 * `@ClientIp()` and `requestClient` beyond the conformance vectors (which run every vector
 * through a Nest controller on both platforms, test/conformance.test.ts): a Nest app whose
 * platform adapter was never installed answers 500 with the setup hint, never the proxy's or
 * a header's address.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';
import { listen, send } from '../../../test/helpers/http';
import { ClientIp, requestClient } from '../src/index';

@Controller()
class HelloController {
  @Get()
  hello(@ClientIp() ip: string | undefined) {
    return `hello ${ip}`;
  }
}

@Module({ controllers: [HelloController] })
class AppModule {}

test('without @realip/express the decorator fails the request instead of guessing', async () => {
  const instance = express();
  const app = await NestFactory.create(AppModule, new ExpressAdapter(instance), { logger: false });
  await app.init();
  const server = await listen(instance, '127.0.0.1');
  try {
    const reply = await send(server, { headers: { 'x-forwarded-for': '6.6.6.6' } });
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain('6.6.6.6');
  } finally {
    await server.close();
    await app.close();
  }
});

test.each([undefined, null, {}, { realIp: null }, { ip: '6.6.6.6' }])(
  'requestClient(%j) throws the setup hint',
  (req) => {
    expect(() => requestClient(req)).toThrow(
      /^@realip\/nestjs: the request has no realIp\. Install the platform adapter first/,
    );
  },
);

test('requestClient returns the adapter result as is', () => {
  const realIp = { ip: '203.0.113.7' };
  expect(requestClient({ realIp })).toBe(realIp);
});
