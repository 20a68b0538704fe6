/**
 * TEST ONLY, run as a child process inside the test's sender cgroup (the test sender writes the
 * TOA option into the handshakes of sockets created there). Reads one JSON request per line on
 * stdin, makes the connections, and answers one JSON line with every server reply.
 *
 * Request: `{ server: 'raw' | 'http' | 'late', host, port, localAddress, count, concurrency }`.
 */
import http from 'node:http';
import net from 'node:net';
import { createInterface } from 'node:readline';

interface Request {
  server: 'raw' | 'http' | 'late';
  host: string;
  port: number;
  localAddress: string;
  count: number;
  concurrency: number;
}

function once(r: Request): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (r.server === 'http') {
      const req = http.get(
        { host: r.host, port: r.port, localAddress: r.localAddress, path: '/', agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve(JSON.parse(body)));
        },
      );
      req.on('error', reject);
      return;
    }
    const socket = net.connect({ host: r.host, port: r.port, localAddress: r.localAddress });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      if (r.server === 'late') socket.write('hello');
    });
    socket.on('data', (d: string) => (text += d));
    socket.on('end', () => {
      socket.end();
      resolve(JSON.parse(text));
    });
    socket.on('error', reject);
  });
}

async function serve(r: Request): Promise<unknown[]> {
  const results: unknown[] = new Array(r.count);
  let next = 0;
  const worker = async () => {
    while (next < r.count) {
      const i = next++;
      results[i] = await once(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(r.concurrency, r.count) }, worker));
  return results;
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line) as Request;
  serve(request).then(
    (results) => process.stdout.write(`${JSON.stringify({ results })}\n`),
    (err: Error) => process.stdout.write(`${JSON.stringify({ error: err.message })}\n`),
  );
});
