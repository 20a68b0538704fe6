/**
 * The examples cannot rot: each one is started as its README says (tsx, PORT=0), sent one
 * request through a "proxy" on loopback, and must answer and log the resolved client.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { send } from './helpers/http';

const root = path.resolve(__dirname, '..');
const tsx = require.resolve('tsx/cli');

/** Starts an example; resolves with its port once it prints its "listening on" line. */
function start(file: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  delete env.TRUST_PROXY; // the examples' default: trust the private ranges, loopback included
  const child = spawn(process.execPath, [tsx, '--tsconfig', 'tsconfig.test.json', file], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port) resolve(Number(port));
    });
    child.stderr.on('data', (chunk: string) => (output += chunk));
    void exited.then(() => reject(new Error(`${file} exited:\n${output}`)));
  });
  return {
    listening,
    /** Resolves once the example has printed `text` (its output arrives after its response may). */
    printed: async (text: string) => {
      for (let waited = 0; !output.includes(text); waited += 20) {
        if (waited > 5000) throw new Error(`${file} never printed ${text}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}

test.each([
  ['express', ['198.51.100.9']],
  ['koa', ['198.51.100.9']],
  ['fastify', ['127.0.0.1', '198.51.100.9']],
])(
  'examples/%s.ts answers and logs the resolved client',
  async (name, ips) => {
    const example = start(`examples/${name}.ts`);
    try {
      const port = await example.listening;
      const reply = await send(
        { host: '127.0.0.1', port, close: () => Promise.resolve() },
        {
          headers: {
            'x-forwarded-for': '6.6.6.6, 198.51.100.9',
            'x-forwarded-proto': 'http, https',
            'x-forwarded-host': 'evil.example, shop.example',
          },
        },
      );
      expect(JSON.parse(reply.body)).toEqual({
        ip: '198.51.100.9',
        ips,
        protocol: 'https',
        host: 'shop.example',
        realIp: {
          ip: '198.51.100.9',
          family: 4,
          source: 'x-forwarded-for',
          hops: 1,
          reason: 'untrusted',
          protocol: 'https',
          host: 'shop.example',
        },
      });
      await example.printed('GET / from 198.51.100.9 (x-forwarded-for, hops 1, untrusted)');
    } finally {
      await example.stop();
    }
  },
  30_000,
);
