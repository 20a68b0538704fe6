/**
 * A TCP echo server that greets each connection with its real client, behind a TOA or PROXY
 * protocol proxy. Loopback only.
 *
 *   npx tsx --tsconfig tsconfig.test.json examples/tcp.ts          # listen on 127.0.0.1:7000
 *   npx tsx --tsconfig tsconfig.test.json examples/tcp.ts --demo   # connect to itself and exit
 *
 * Environment: PORT (7000), TRUST (comma-separated, default "private"), PROXY_PROTOCOL
 * (off | optional | required, default "optional"). Try `printf 'PROXY TCP4 203.0.113.7 127.0.0.1
 * 5555 7000\r\nhi\n' | nc 127.0.0.1 7000`.
 */
import net from 'node:net';
import {
  toa,
  toaModuleStatus,
  type Layer4Client,
  type ProxyProtocolMode,
  type ToaOptions,
} from '@realip/toa';

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

/** The echo server: greet, then send back every byte. */
export function createEchoServer(options: ToaOptions): net.Server {
  return net.createServer(
    toa(options, (socket, client) => {
      socket.on('error', () => undefined); // a client vanishing is not the server's problem
      socket.write(greeting(client));
      socket.pipe(socket);
    }),
  );
}

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  const server = createEchoServer({
    trust: process.env.TRUST?.split(',') ?? 'private',
    proxyProtocol: (process.env.PROXY_PROTOCOL ?? 'optional') as ProxyProtocolMode,
    onReject: (info) =>
      console.log(`rejected ${info.peer?.ip ?? '?'}: ${info.reason} (${info.detail})`),
  });
  const port = demo ? 0 : Number(process.env.PORT ?? 7000);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as net.AddressInfo;
  console.log(`${toaModuleStatus().summary}; echo server on 127.0.0.1:${bound}`);
  if (!demo) return;

  for (const preamble of [
    'PROXY TCP4 203.0.113.7 127.0.0.1 5555 7000\r\n',
    'PROXY TCP6 2001:db8::7 2001:db8::1 6666 7000\r\n',
    'PROXY UNKNOWN\r\n',
    '',
  ]) {
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(bound, '127.0.0.1', () => socket.end(`${preamble}ping\n`));
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    console.log(`${JSON.stringify(preamble).padEnd(52)} -> ${reply.replace(/\n/g, ' | ')}`);
  }
  server.close();
}

if (process.argv[1]?.endsWith('tcp.ts')) void main();
