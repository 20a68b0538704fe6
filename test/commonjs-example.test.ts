/**
 * examples/commonjs.cjs as a CommonJS user runs it: plain `node`, no tsx, `require()` resolving
 * the packages' CommonJS builds through their "exports" maps (built by `npm ci`'s prepare step).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { send } from './helpers/http';

const root = path.resolve(__dirname, '..');

test('examples/commonjs.cjs serves the resolved client with require()', async () => {
  expect(existsSync(path.join(root, 'packages/express/dist/cjs/index.js'))).toBe(true); // npm run build
  const child = spawn(process.execPath, [path.join(root, 'examples', 'commonjs.cjs')], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  try {
    for (let waited = 0; !/listening on/.test(output); waited += 20) {
      if (waited > 15_000 || child.exitCode !== null) throw new Error(output);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const port = Number(/127\.0\.0\.1:(\d+)\/ \(CommonJS\)/.exec(output)![1]);
    const reply = await send(
      { host: '127.0.0.1', port, close: () => Promise.resolve() },
      { headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.9', 'x-forwarded-proto': 'https' } },
    );
    expect(JSON.parse(reply.body)).toMatchObject({
      ip: '198.51.100.9',
      protocol: 'https',
      realIp: { ip: '198.51.100.9', source: 'x-forwarded-for', hops: 1, reason: 'untrusted' },
    });
  } finally {
    child.kill();
  }
}, 30_000);
