/**
 * Node keeps only the first header lines of a request in `req.headers` (`server.maxHeadersCount`,
 * default 2,000, counts names and values: 1,000 lines) and drops the rest without a word. A proxy
 * that adds its `X-Forwarded-For` as a new line after the client's (haproxy's
 * `option forwardfor`) then loses its line behind 1,000 client lines, and what is left is the
 * line the client wrote. The README documents this figure and the fix (`maxHeadersCount = 0`;
 * `maxHeaderSize`, 16 KiB by default, still bounds the request). Real server, raw socket.
 */
import http from 'node:http';
import net from 'node:net';
import { createResolver } from '@realip/core';

const resolve = createResolver({ trust: 'loopback' });

/** Sends `filler` header lines after the client's forged X-Forwarded-For, then the proxy's line. */
async function answer(filler: number, maxHeadersCount?: number): Promise<string> {
  const server = http.createServer((req, res) => res.end(resolve(req).ip));
  if (maxHeadersCount !== undefined) server.maxHeadersCount = maxHeadersCount;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const { port } = server.address() as net.AddressInfo;
    const head = [
      'GET / HTTP/1.1',
      'Host: app.example',
      'X-Forwarded-For: 6.6.6.6', // the client's own line
      ...Array.from({ length: filler }, (_, i) => `f${i}:x`),
      'X-Forwarded-For: 198.51.100.9', // the proxy's line, what it saw
      'Connection: close',
      '',
      '',
    ].join('\r\n');
    return await new Promise<string>((done, fail) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(head));
      let reply = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
      socket.on('error', fail).on('end', () => done(reply.split('\r\n\r\n')[1] ?? reply));
    });
  } finally {
    server.close();
  }
}

test.each([
  // lines before the proxy's: request line excluded, Host + client's XFF + filler
  ['the 1,000th line is kept', 997, undefined, '198.51.100.9'],
  [
    'the 1,001st line is dropped: the client-written entry is all that is left',
    998,
    undefined,
    '6.6.6.6',
  ],
  [
    'maxHeadersCount = 0 keeps every line (maxHeaderSize still bounds the request)',
    1500,
    0,
    '198.51.100.9',
  ],
  ['maxHeadersCount = 4000 keeps 2,000 lines', 1500, 4000, '198.51.100.9'],
] as const)('%s', async (_, filler, max, expected) => {
  expect(await answer(filler, max)).toBe(expected);
});
