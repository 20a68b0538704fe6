import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestClient } from './request-client.js';

/**
 * Parameter decorator: the resolved client's address (canonical text, `undefined` when the
 * client is unknown), as `@realip/express` or `@realip/fastify` resolved it for this request,
 * never the leftmost `X-Forwarded-For` entry that `req.ips[0]` recipes return.
 *
 * @example
 * ```ts
 * @Controller()
 * class HelloController {
 *   @Get()
 *   hello(@ClientIp() ip: string | undefined) {
 *     return `hello ${ip}`;
 *   }
 * }
 * ```
 */
export const ClientIp: () => ParameterDecorator = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    requestClient(context.switchToHttp().getRequest()).ip,
);
