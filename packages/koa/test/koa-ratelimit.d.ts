/** The part of koa-ratelimit 6 (untyped, CommonJS) that the tests use. */
declare module 'koa-ratelimit' {
  import type { Context, Middleware } from 'koa';

  interface Options {
    readonly driver: 'memory';
    readonly db: Map<unknown, unknown>;
    readonly duration?: number;
    readonly max?: number;
    /** The key to count by; `ctx.ip` by default. */
    readonly id?: (ctx: Context) => string | false;
  }

  function ratelimit(options: Options): Middleware;
  export = ratelimit;
}
