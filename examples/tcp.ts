/**
 * Raw TCP with `@realip/toa`: a server that greets each connection with its real client, behind
 * a TOA or PROXY protocol proxy, echoes the first line it gets and closes (so
 * `printf ... | nc` ends by itself). `npm start` serves it next to the HTTP demos;
 * `npm start -- tcp` serves it alone. Try:
 *
 *   printf 'PROXY TCP4 203.0.113.7 127.0.0.1 5555 3004\r\nping\n' | nc 127.0.0.1 3004
 */
import net from 'node:net';
import { toa, type Layer4Client, type ToaOptions } from '@realip/toa';

/** `203.0.113.7:5555` or `[2001:db8::1]:5555`. */
function hostPort(ip: string | undefined, port: number | undefined): string {
  if (ip === undefined) return '(unknown)';
  return `${ip.includes(':') ? `[${ip}]` : ip}:${port ?? '?'}`;
}

/** One line saying who the client is and what that rests on. */
export function greeting(client: Layer4Client): string {
  const who = hostPort(client.ip, client.port);
  const proxy = hostPort(client.peer?.ip, client.peer?.port);
  switch (client.status) {
    case 'proxy-protocol':
      return `hello ${who} (PROXY v${client.proxy!.version} from your proxy ${proxy})\n`;
    case 'proxy-local':
      return `hello ${who} (your proxy's own connection: a PROXY header without a client)\n`;
    case 'toa-not-effective':
      return `hello ${who} (TOA not effective: this is your proxy, not the client)\n`;
    default:
      return `hello ${who} (direct, or restored by a TOA module)\n`;
  }
}

/**
 * The echo server: greet, send back the first line (every byte of it, exactly as it followed
 * the PROXY header), then close. Each resolved client also goes to `onClient` (the launcher logs
 * it).
 *
 * @example
 * ```ts
 * createEchoServer({ trust: 'loopback', proxyProtocol: 'optional' }).listen(3004, '127.0.0.1');
 * ```
 */
export function createEchoServer(
  options: ToaOptions,
  onClient: (client: Layer4Client) => void = () => {},
): net.Server {
  return net.createServer(
    toa(options, (socket, client) => {
      onClient(client);
      socket.on('error', () => undefined); // a client vanishing is not the server's problem
      socket.write(greeting(client));
      const echo = (chunk: Buffer) => {
        const newline = chunk.indexOf(0x0a);
        if (newline < 0) {
          socket.write(chunk);
          return;
        }
        socket.off('data', echo); // one line only; what follows is discarded
        socket.end(chunk.subarray(0, newline + 1));
      };
      socket.on('data', echo);
      socket.on('end', () => socket.end());
    }),
  );
}
