/**
 * `npm start` as a user runs it: started as a process group, every demo hit once, every request
 * the guide prints sent and its predicted answer checked, then Ctrl-C (SIGINT to the whole group,
 * as a terminal sends it) must stop every server and leave no process behind.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ClientAddress } from '@realip/core';
import { describeClient } from '../examples/launcher/describe';
import { NC_HINT } from '../examples/launcher/guide';
import { send } from './helpers/http';

const root = path.resolve(__dirname, '..');
const tsx = require.resolve('tsx/cli');

interface Started {
  /** The demos' ports by name, as printed. */
  readonly ports: ReadonlyMap<string, number>;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once `text` has been printed (after the first `from` characters of output). */
  printed(text: string, from?: number): Promise<void>;
  /** Sends `signal` to the whole process group; resolves to how the started process exited. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  /** Resolves once no process of the group is left. */
  gone(): Promise<void>;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Starts `command` in its own process group and waits for the guide. */
async function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', TRUST_PROXY: undefined, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so a signal reaches npm, tsx and the launcher alike
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (output += chunk));
  }
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const printed = async (text: string, from = 0) => {
    let gone = false;
    void exited.then(() => (gone = true));
    for (let waited = 0; !output.includes(text, from); waited += 20) {
      if (waited > 20_000 || gone) throw new Error(`never printed ${text}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const stop = async (signal: NodeJS.Signals = 'SIGINT') => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
    return exited;
  };
  try {
    await printed('Ctrl-C stops all.');
  } catch (err) {
    await stop('SIGKILL');
    throw err;
  }
  const ports = new Map(
    [...output.matchAll(/^ {2}(\w+) +(?:http:\/\/)?127\.0\.0\.1:(\d+)/gm)].map((m) => [
      m[1]!,
      Number(m[2]),
    ]),
  );
  const gone = async () => {
    for (let waited = 0; groupAlive(child.pid!); waited += 20) {
      if (waited > 10_000) throw new Error(`processes left behind:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { ports, output: () => output, printed, stop, gone };
}

/** Whether any process of the group `pgid` is still running. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The requests the guide tells users to try: headers, port, and the predicted answer. */
function triesIn(output: string) {
  return [...output.matchAll(/^ {2}curl -s(.*) http:\/\/127\.0\.0\.1:(\d+)\/\n {2}-> (.*)$/gm)].map(
    (m) => ({
      headers: Object.fromEntries(
        [...m[1]!.matchAll(/ -H '([^:]+): ([^']*)'/g)].map((h) => [h[1]!, h[2]!]),
      ),
      port: Number(m[2]),
      answer: m[3]!,
    }),
  );
}

/** The connections the guide tells users to make with nc: bytes, port, predicted client. */
function ncTriesIn(output: string) {
  return [...output.matchAll(/^ {2}printf '(.*)' \| nc 127\.0\.0\.1 (\d+)\n {2}-> (.*)$/gm)].map(
    (m) => ({
      send: m[1]!.replace(/\\r/g, '\r').replace(/\\n/g, '\n'),
      port: Number(m[2]),
      answer: m[3]!,
    }),
  );
}

/** Sends `bytes` over TCP and resolves with all the server sends back before it closes. */
function talk(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(reply));
  });
}

/** Whether nothing listens on `port` any more. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const atLoopback = (port: number) => ({
  host: '127.0.0.1',
  port,
  close: () => Promise.resolve(),
});

// Fastify's `ips` includes the socket peer (closest first); Express's and Koa's do not.
const IPS: Record<string, string[]> = {
  express: ['198.51.100.9'],
  koa: ['198.51.100.9'],
  fastify: ['127.0.0.1', '198.51.100.9'],
};

test('npm start serves every demo, its guide tells the truth, and Ctrl-C stops all cleanly', async () => {
  const demo = await start('npm', ['start']);
  try {
    expect([...demo.ports.keys()]).toEqual(['express', 'koa', 'fastify', 'tcp']);

    for (const name of ['express', 'koa', 'fastify']) {
      const port = demo.ports.get(name)!;
      const reply = await send(atLoopback(port), {
        headers: {
          'x-forwarded-for': '6.6.6.6, 198.51.100.9',
          'x-forwarded-proto': 'http, https',
          'x-forwarded-host': 'evil.example, shop.example',
        },
      });
      expect({ name, body: JSON.parse(reply.body) as unknown }).toEqual({
        name,
        body: {
          ip: '198.51.100.9',
          ips: IPS[name],
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
        },
      });
      await demo.printed(
        `[${name}] 198.51.100.9 (x-forwarded-for, hops 1, untrusted, https, host shop.example)`,
      );
    }

    const tries = triesIn(demo.output());
    expect(tries.length).toBeGreaterThanOrEqual(5);
    for (const t of tries) {
      const reply = await send(atLoopback(t.port), { headers: t.headers });
      const { realIp } = JSON.parse(reply.body) as { realIp: ClientAddress };
      expect({ ...t, got: describeClient(realIp) }).toEqual({ ...t, got: t.answer });
    }

    // The nc lines say where to get nc.
    expect(demo.output()).toContain(
      `Raw TCP (the server greets you with the client shown after ->, echoes one line and closes):\n  ${NC_HINT}\n`,
    );
    expect(NC_HINT).toContain('apt-get install netcat-openbsd');
    const ncTries = ncTriesIn(demo.output());
    expect(ncTries.map((t) => t.port)).toEqual([demo.ports.get('tcp'), demo.ports.get('tcp')]);
    for (const t of ncTries) {
      const from = demo.output().length;
      const reply = await talk(t.port, t.send);
      // The greeting names the client, then the line after the header comes back, then it closes.
      expect(reply).toMatch(/^hello \S+ \(.*\)\nping\n$/);
      await demo.printed(`[tcp] ${t.answer}\n`, from);
    }
    expect(await talk(demo.ports.get('tcp')!, ncTries[0]!.send)).toMatch(
      /^hello 198\.51\.100\.9:51000 \(PROXY v1 from your proxy 127\.0\.0\.1:\d+\)\nping\n$/,
    );
  } finally {
    // npm 11 re-raises the interrupt once its script has exited (status 130, as any command
    // interrupted by Ctrl-C); other npm versions exit 130 or 0. Anything else is a failure. The
    // launcher's own exit code is checked in the next test.
    const exit = await demo.stop('SIGINT');
    expect(['SIGINT', 130, 0]).toContain(exit.signal ?? exit.code);
    await demo.gone();
  }
  expect(demo.output()).toMatch(/\nSIGINT: stopping 4 server\(s\)\nstopped\n$/);
  for (const port of demo.ports.values()) expect(await refused(port)).toBe(true);
}, 60_000);

const launcher = ['--tsconfig', 'tsconfig.test.json', 'examples/start.ts'];

test.each(['SIGINT', 'SIGTERM'] as const)(
  'the launcher serves only the demos named, with TRUST_PROXY, and exits 0 on %s',
  async (signal) => {
    const demo = await start(process.execPath, [tsx, ...launcher, 'tcp', 'koa'], {
      TRUST_PROXY: 'false',
    });
    try {
      expect([...demo.ports.keys()]).toEqual(['koa', 'tcp']);
      expect(demo.output()).toContain('trust from TRUST_PROXY="false"');
      // The guide does not call you a trusted proxy when nobody is trusted.
      expect(demo.output()).not.toMatch(/trusted proxy \(you\)|\(you, trusted\)/);
      expect(demo.output()).toContain(
        '# you are not a trusted proxy here: the headers are never read',
      );
      expect(demo.output()).toContain(
        '# you are not a trusted proxy here: a PROXY header is never parsed',
      );
      // Nothing is trusted, so every guide line predicts the socket peer.
      const tries = [...triesIn(demo.output()), ...ncTriesIn(demo.output())];
      expect(tries.map((t) => t.answer)).toEqual(
        tries.map(() => '127.0.0.1 (socket, hops 0, untrusted)'),
      );
      const [, forged] = triesIn(demo.output());
      const reply = await send(atLoopback(forged!.port), { headers: forged!.headers });
      expect((JSON.parse(reply.body) as { ip: string }).ip).toBe('127.0.0.1');
      // A PROXY header from a peer that is not trusted is never parsed: it arrives as data.
      const [header] = ncTriesIn(demo.output());
      expect(await talk(header!.port, header!.send)).toMatch(
        /^hello 127\.0\.0\.1:\d+ \(direct, or restored by a TOA module\)\nPROXY TCP4 198\.51\.100\.9 /,
      );
    } finally {
      expect(await demo.stop(signal)).toEqual({ code: 0, signal: null });
      await demo.gone();
    }
    expect(demo.output()).toMatch(
      new RegExp(`\\n${signal}: stopping 2 server\\(s\\)\\nstopped\\n$`),
    );
  },
  60_000,
);

test.each([
  [['nope'], {}, 'unknown demo: nope'],
  [[], { PORT: '70000' }, 'bad PORT: 70000'],
  [[], { TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
])(
  'the launcher refuses %j %j with exit code 2',
  async (names, env, message) => {
    const child = spawn(process.execPath, [tsx, ...launcher, ...names], {
      cwd: root,
      env: { ...process.env, PORT: '0', TRUST_PROXY: undefined, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining(message) as string,
    });
  },
  30_000,
);
