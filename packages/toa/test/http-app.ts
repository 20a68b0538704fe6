/** An Express app that reports who the client is, and an HTTP(S) client that sends a preamble. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import express from 'express';
import { createResolver, type RealIpOptions } from '@realip/core';
import { getConnectionInfo, socketAddress } from '@realip/toa';

/** A key and certificate for localhost: made with the openssl CLI, else the committed fixture. */
export function credentials(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'realip-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch {
    const fixtures = join(__dirname, 'fixtures');
    return {
      key: readFileSync(join(fixtures, 'test-only-key.pem'), 'utf8'),
      cert: readFileSync(join(fixtures, 'test-only-cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the app reports about each request. */
export interface Report {
  socket: string | undefined;
  socketPort: number | undefined;
  socketFamily: string | undefined;
  express: string | undefined;
  core: Record<string, unknown>;
  status: string | undefined;
  proxy: string | undefined;
  version: number | undefined;
  socketAddress: string | undefined;
}

/** An Express app that reports the client as Express, the core and this package see it. */
export function reportingApp(core: RealIpOptions): express.Express {
  const resolve = createResolver(core);
  const app = express();
  app.get('/', (req, res) => {
    const info = getConnectionInfo(req);
    const report: Report = {
      socket: req.socket.remoteAddress,
      socketPort: req.socket.remotePort,
      socketFamily: req.socket.remoteFamily,
      express: req.ip,
      core: { ...resolve(req) },
      status: info?.status,
      proxy: info?.peer?.ip,
      version: info?.proxy?.version,
      socketAddress: socketAddress(req.socket).ip,
    };
    res.json(report);
  });
  return app;
}

export type Target = { port: number; host: string; secure: boolean };

/** GETs `/` over a fresh connection that first sends `preamble` (a PROXY header, or nothing). */
export function get(
  target: Target,
  preamble: Buffer | string,
  {
    headers = {},
    from,
    agent,
  }: { headers?: http.OutgoingHttpHeaders; from?: string; agent?: http.Agent } = {},
): Promise<Report> {
  const open = () => {
    const raw = net.connect({ port: target.port, host: target.host, localAddress: from });
    raw.write(preamble);
    return target.secure ? tls.connect({ socket: raw, rejectUnauthorized: false }) : raw;
  };
  return new Promise((resolve, reject) => {
    const request = (target.secure ? https : http).request(
      {
        host: target.host,
        port: target.port,
        path: '/',
        headers,
        ...(agent ? { agent } : { createConnection: open }),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(JSON.parse(body) as Report));
      },
    );
    request.on('error', reject);
    request.end();
  });
}
