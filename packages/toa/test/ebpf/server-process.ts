/**
 * TEST ONLY, run as a child process inside the test's receiver cgroup (the eBPF receiver only
 * serves sockets created there): a `toa()` TCP server, an Express app behind `@realip/express`
 * with no forwarding header, and a TCP server that reads the peer only once data arrived, on the
 * host given (`127.0.0.1` or `'::'`). Each answers one JSON line with what Node reports. Prints
 * the three ports as one JSON line, then serves until killed.
 *
 * Usage: server-process.ts HOST TRUST_JSON
 */
import net from 'node:net';
import express from 'express';
import { realIp } from '@realip/express';
import { toa } from '@realip/toa';
import type { TrustEntry } from '@realip/core';

const [host = '127.0.0.1', trustJson = '"loopback"'] = process.argv.slice(2);
const trust = JSON.parse(trustJson) as TrustEntry[];

const raw = net.createServer(
  toa({ trust }, (socket, client) => {
    socket.end(
      `${JSON.stringify({
        remoteAddress: socket.remoteAddress,
        remotePort: socket.remotePort,
        client: { ip: client.ip, port: client.port, status: client.status },
      })}\n`,
    );
  }),
);

const app = express();
app.use(realIp({ trust }));
app.get('/', (req, res) => {
  res.json({
    ip: req.ip,
    remoteAddress: req.socket.remoteAddress,
    remotePort: req.socket.remotePort,
  });
});
const http = app.listen(0, host);

/** Reads the peer only after the first data: an option in the first data packet counts too. */
const late = net.createServer((socket) => {
  socket.once('data', () => {
    socket.end(
      `${JSON.stringify({ remoteAddress: socket.remoteAddress, remotePort: socket.remotePort })}\n`,
    );
  });
});

let listening = 0;
const ready = () => {
  if (++listening < 3) return;
  const port = (s: net.Server) => (s.address() as net.AddressInfo).port;
  process.stdout.write(
    `${JSON.stringify({ raw: port(raw), http: port(http), late: port(late) })}\n`,
  );
};
raw.listen(0, host, ready);
http.on('listening', ready);
late.listen(0, host, ready);
