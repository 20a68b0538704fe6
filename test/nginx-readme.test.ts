/**
 * The root README's complete nginx block ("nginx in front"), run by real nginx as written: the
 * block is read from README.md, so the document cannot drift from what is tested. Only what
 * cannot be literal is substituted, each exactly once: the port of `listen 443 ssl`, the
 * certificate lines behind `# ssl_certificate ...;`, and the app's port in `proxy_pass`.
 *
 * The README's claims, each a row: one proxy (append, or overwrite: the same answer); two
 * proxies where both append; two where only the nearest sets a single `X-Forwarded-Proto`
 * (`protocol` is not taken, the adapter reports the connection's scheme); and an inner proxy that
 * overwrites (the address becomes the outer proxy's, the scheme that of the hop between them).
 * The client connects from 198.51.100.7 and the outer proxy to the inner from 10.0.0.2, both
 * added to lo, so every `$remote_addr` is what it would be in production.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import https from 'node:https';
import { join } from 'node:path';
import express from 'express';
import { realIp } from '@realip/express';
import { listen } from './helpers/http';
import { addLoAddresses, loAddressesMissing } from './helpers/lo-addresses';
import { NGINX, freePort, startNginx, type Nginx } from './helpers/nginx';
import { blocksOf } from './helpers/readme-blocks';
import { describeIfAvailable } from './helpers/requires';

const ROOT = join(__dirname, '..');
const CLIENT = '198.51.100.7';
const EDGE = '10.0.0.2'; // the outer proxy, as in the README's two-proxy example

const missing =
  NGINX === undefined
    ? 'nginx (apt-get install -y nginx; .ci/deps/nginx.sh does this)'
    : spawnSync('openssl', ['version']).status !== 0
      ? 'openssl (apt-get install -y openssl; .ci/deps/nginx.sh does this)'
      : loAddressesMissing();
const suite = describeIfAvailable('nginx README block', missing);

/** Replaces `from` in `text`, which must hold it exactly once (else the README changed). */
function substitute(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`the README's nginx block must hold "${from}" once`);
  return parts.join(to);
}

/** The README's block, with the maps (for `http { }`) and the `server { }` apart. */
function readmeBlock(): { maps: string; server: string } {
  const blocks = blocksOf(ROOT, 'README.md').filter((b) => b.lang === 'nginx');
  expect(blocks).toHaveLength(1);
  const code = blocks[0]!.code;
  const at = code.indexOf('server {');
  return { maps: code.slice(0, at), server: code.slice(at) };
}

/** One row: which front the client connects to, and what the app must answer. */
interface Row {
  readonly path: string;
  readonly front:
    | 'readme'
    | 'edge-appends'
    | 'edge-xff-only'
    | 'edge-passes-through'
    | 'overwrite'
    | 'edge-then-overwrite';
  readonly ip: string;
  readonly hops: number;
  /** `realIp.protocol` (undefined: none taken) and what Express then reports as `req.protocol`. */
  readonly protocol: string | undefined;
  readonly reqProtocol: string;
  readonly host: string | undefined;
}

const ROWS: readonly Row[] = [
  {
    path: 'one proxy: the README block',
    front: 'readme',
    ip: CLIENT,
    hops: 1,
    protocol: 'https',
    reqProtocol: 'https',
    host: 'shop.example',
  },
  {
    path: 'one proxy that overwrites: the same answer',
    front: 'overwrite',
    ip: CLIENT,
    hops: 1,
    protocol: 'https',
    reqProtocol: 'https',
    host: 'shop.example',
  },
  {
    path: 'two proxies, both append (the maps on each nginx)',
    front: 'edge-appends',
    ip: CLIENT,
    hops: 2,
    protocol: 'https',
    reqProtocol: 'https',
    host: 'shop.example',
  },
  {
    path: 'two proxies, only the nearest sets X-Forwarded-Proto and -Host',
    front: 'edge-xff-only',
    ip: CLIENT,
    hops: 2,
    protocol: undefined,
    reqProtocol: 'http',
    host: undefined,
  },
  {
    // The outer proxy passes the client's own X-Forwarded-Proto and -Host on: their elements sit
    // where the outer proxy's would, and are taken. Every trusted proxy must append (or clear).
    path: "two proxies, the outer one passes the client's X-Forwarded-Proto and -Host on",
    front: 'edge-passes-through',
    ip: CLIENT,
    hops: 2,
    protocol: 'http',
    reqProtocol: 'http',
    host: 'evil.example',
  },
  {
    path: 'two proxies, the nearest overwrites: the outer proxy and its hop',
    front: 'edge-then-overwrite',
    ip: EDGE,
    hops: 1,
    protocol: 'https',
    reqProtocol: 'https',
    host: 'shop.example',
  },
];

/** A self-signed certificate and its key, as `startNginx` files (`cert.pem`, `key.pem`). */
function selfSigned(name: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'realip-cert-'));
  try {
    const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
    const made = spawnSync(
      'openssl',
      [
        ...args,
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`openssl req: ${made.stderr}`);
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    return { 'cert.pem': read('cert.pem'), 'key.pem': read('key.pem') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GET / over TLS to a front, from the client's address, with what a client may forge. */
function get(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        localAddress: CLIENT,
        servername: 'shop.example',
        rejectUnauthorized: false, // the suite's own self-signed certificate
        agent: false,
        headers: {
          host: 'shop.example',
          'x-forwarded-for': '6.6.6.6',
          'x-forwarded-proto': 'http',
          'x-forwarded-host': 'evil.example',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
      },
    );
    req.on('error', reject);
  });
}

suite("the README's nginx block, run by nginx", () => {
  let nginx: Nginx | undefined;
  let app: Awaited<ReturnType<typeof listen>> | undefined;
  let removeAddresses: () => void = () => undefined;
  const ports: Record<Row['front'], number> = {
    readme: 0,
    'edge-appends': 0,
    'edge-xff-only': 0,
    'edge-passes-through': 0,
    overwrite: 0,
    'edge-then-overwrite': 0,
  };

  beforeAll(async () => {
    removeAddresses = addLoAddresses([CLIENT, EDGE]);
    const server = express();
    // The README's two-proxy example's trust; with one proxy it answers as trust: 'loopback'.
    server.use(realIp({ trust: ['loopback', '10.0.0.0/8'], protocol: true, host: true }));
    server.get('/', (req, res) => {
      res.json({ realIp: req.realIp, protocol: req.protocol });
    });
    app = await listen(server, '127.0.0.1');
    for (const front of Object.keys(ports) as Row['front'][])
      ports[front] = await freePort('127.0.0.1');

    const { maps, server: block } = readmeBlock();
    const tls = 'ssl_certificate cert.pem;\n    ssl_certificate_key key.pem;';
    const readme = (port: number) =>
      substitute(
        substitute(
          substitute(block, 'listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`),
          '# ssl_certificate ...;',
          tls,
        ),
        'proxy_pass http://127.0.0.1:3000;',
        `proxy_pass http://127.0.0.1:${app!.port};`,
      );
    // The same server with the overwrite lines the README names instead of the appending ones.
    const overwrite = [
      ['$proxy_add_x_forwarded_for', '$remote_addr'],
      ['$realip_add_forwarded_proto', '$scheme'],
      ['$realip_add_forwarded_host', '$host'],
    ].reduce((text, [from, to]) => substitute(text, from!, to!), readme(ports.overwrite));
    // An outer proxy in front of `target`, connecting from EDGE.
    const edge = (port: number, target: number, lines: readonly string[]) =>
      [
        'server {',
        `    listen 127.0.0.1:${port} ssl;`,
        `    ${tls}`,
        '    location / {',
        `        proxy_pass https://127.0.0.1:${target};`,
        `        proxy_bind ${EDGE};`,
        '        proxy_set_header Host $host;',
        '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
        ...lines.map((l) => `        ${l}`),
        '    }',
        '}',
      ].join('\n');
    const appending = [
      'proxy_set_header X-Forwarded-Proto $realip_add_forwarded_proto;',
      'proxy_set_header X-Forwarded-Host  $realip_add_forwarded_host;',
    ];
    nginx = await startNginx(
      [
        maps,
        readme(ports.readme),
        overwrite,
        edge(ports['edge-appends'], ports.readme, appending),
        edge(ports['edge-xff-only'], ports.readme, [
          'proxy_set_header X-Forwarded-Proto "";', // nginx sends no header set to ""
          'proxy_set_header X-Forwarded-Host "";',
        ]),
        edge(ports['edge-passes-through'], ports.readme, []),
        edge(ports['edge-then-overwrite'], ports.overwrite, appending),
      ].join('\n'),
      Object.values(ports).map((port) => ({ host: '127.0.0.1', port })),
      selfSigned('shop.example'),
    );
  });
  afterAll(async () => {
    await nginx?.stop();
    await app?.close();
    removeAddresses();
  });

  test.each(ROWS.map((r) => [r.path, r] as const))('%s', async (_path, row) => {
    const reply = await get(ports[row.front]);
    const result = reply.realIp as { ip: string; hops: number; protocol?: string; host?: string };
    expect({
      ip: result.ip,
      hops: result.hops,
      protocol: result.protocol,
      reqProtocol: reply.protocol,
      host: result.host,
    }).toEqual({
      ip: row.ip,
      hops: row.hops,
      protocol: row.protocol,
      reqProtocol: row.reqProtocol,
      host: row.host,
    });
  });

  test('the block is the one the README shows', () => {
    const { maps, server } = readmeBlock();
    expect(maps).toContain('map $http_x_forwarded_proto $realip_add_forwarded_proto');
    expect(server).toContain('proxy_set_header X-Forwarded-For   $proxy_add_x_forwarded_for;');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(
      "realIp({ trust: 'loopback', protocol: true, host: true })",
    );
  });
});
