import { createEchoServer } from '../../../examples/tcp';
import { collect, connect, listen, v1 } from './helpers';

describe('examples/tcp.ts: the echo server greets each connection with its real client', () => {
  test.each([
    [
      'a PROXY v1 header from the trusted proxy',
      v1('203.0.113.7', '127.0.0.1', 5555, 7000),
      'hello 203.0.113.7:5555 (PROXY v1 from your proxy 127.0.0.1:',
    ],
    [
      'an IPv6 client in a TCP6 line',
      v1('2001:db8::7', '2001:db8::1', 6666, 7000),
      'hello [2001:db8::7]:6666 (PROXY v1',
    ],
    [
      'PROXY UNKNOWN',
      'PROXY UNKNOWN\r\n',
      "(your proxy's own connection: a PROXY header without a client)",
    ],
    [
      'no header from the trusted proxy',
      '',
      '(TOA not effective: this is your proxy, not the client)',
    ],
  ])('%s', async (_title, preamble, expected) => {
    const { port, close } = await listen(
      createEchoServer({ trust: 'loopback', proxyProtocol: 'optional' }),
    );
    const socket = await connect(port);
    const reply = collect(socket);
    socket.end(`${preamble}ping\n`);
    const text = (await reply).toString();
    await close();
    const [line, echo] = text.split('\n');
    expect(line).toContain(expected);
    expect(echo).toBe('ping');
  });

  test('a client the proxy is not trusted for is greeted as itself, its forged header echoed', async () => {
    const { port, close } = await listen(
      createEchoServer({ trust: '127.0.0.1', proxyProtocol: 'optional' }),
    );
    const socket = await connect(port, '127.0.0.1', '127.0.0.2');
    const reply = collect(socket);
    socket.end(v1('1.1.1.1', '127.0.0.1', 1, 1));
    const text = (await reply).toString();
    await close();
    expect(text).toMatch(
      /^hello 127\.0\.0\.2:\d+ \(direct, or restored by a TOA module\)\nPROXY TCP4 1\.1\.1\.1/,
    );
  });
});
