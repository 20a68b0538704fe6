/**
 * Real nginx (Debian's package) for the recipe suites: started in the foreground with a config of
 * the test's own in a temporary prefix (its own pid file, logs and temp paths; nothing under
 * /etc/nginx or /var is read or written), listening on loopback, stopped after.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The nginx binary: on PATH, or where Debian puts it (/usr/sbin is not on every PATH). */
export const NGINX = ['nginx', '/usr/sbin/nginx'].find(
  (candidate) => spawnSync(candidate, ['-v']).status === 0,
);

/** A running nginx. */
export interface Nginx {
  /** The temporary prefix directory (the config, certificates and logs live there). */
  readonly dir: string;
  stop(): Promise<void>;
}

/** A free TCP port on `host` (closed again before it is returned). */
export async function freePort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts nginx with `http` as the body of its `http { }` block, once every `ports` entry accepts
 * connections. `files` are written into the prefix first (certificates), so `http` can name them
 * relative to it. One process (`master_process off`), so it runs as the test's user.
 *
 * @example
 * const nginx = await startNginx('server { listen 127.0.0.1:8080; ... }', [{ host: '127.0.0.1', port: 8080 }]);
 * await nginx.stop();
 */
export async function startNginx(
  http: string,
  ports: readonly { host: string; port: number }[],
  files: Readonly<Record<string, string>> = {},
): Promise<Nginx> {
  if (NGINX === undefined) throw new Error('nginx is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'realip-nginx-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = [
    'daemon off;',
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log off;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (t) => `  ${t}_temp_path ${join(dir, t)};`,
    ),
    http,
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), config);
  const log = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const test = spawnSync(NGINX, ['-t', '-q', '-e', 'stderr', '-p', dir, '-c', 'nginx.conf'], {
    encoding: 'utf8',
  });
  if (test.status !== 0) throw new Error(`nginx -t refused the config:\n${test.stderr}\n${config}`);
  const child = spawn(NGINX, ['-e', 'stderr', '-p', dir, '-c', 'nginx.conf'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (const { host, port } of ports) {
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null) {
        await stop();
        throw new Error(`nginx exited: ${stderr}${log()}`);
      }
      if (await accepts(host, port)) break;
      if (attempt === 200) {
        await stop();
        throw new Error(`nginx does not listen on ${host}:${port}: ${stderr}${log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return { dir, stop };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
