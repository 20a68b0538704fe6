/**
 * The JavaScript runtimes from npm (`bun`, `deno`, and `workerd` under miniflare) for the suites
 * that run code on them: where their binaries are, and test code bundled for them.
 *
 * npm 11 runs no install script unless the root `allowScripts` approves it, and the root lists
 * `bun`, `deno` and `workerd` as not approved: their postinstall scripts only move the binary of
 * the platform package (`@oven/bun-linux-x64`, `@deno/linux-x64-glibc`,
 * `@cloudflare/workerd-linux-64`, optional dependencies npm installs anyway) into place. So each
 * binary is looked for where the package's `bin` points, then in its platform package, and taken
 * from the first place it answers `--version`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
const modules = path.join(root, 'node_modules');

/** The first of `candidates` that runs and answers `--version`, or `undefined`. */
function working(candidates: readonly string[]): string | undefined {
  return candidates.find((file) => {
    const run = spawnSync(file, ['--version'], { timeout: 20_000, stdio: 'ignore' });
    return run.status === 0;
  });
}

const platform = `${process.platform}-${process.arch === 'x64' ? 'x64' : 'aarch64'}`;

/** Bun's binary, or `undefined` when none runs here. */
export const bunBinary = working([
  path.join(modules, '.bin', 'bun'),
  path.join(modules, '@oven', `bun-${platform}`, 'bin', 'bun'),
]);

/** Deno's binary, or `undefined` when none runs here. */
export const denoBinary = working([
  path.join(modules, 'deno', 'deno'),
  path.join(modules, '@deno', `${process.platform}-${process.arch}-glibc`, 'deno'),
]);

/**
 * workerd's binary as miniflare finds it (the `workerd` package's main names the platform
 * package's binary), or `undefined` when it does not run.
 */
export const workerdBinary = ((): string | undefined => {
  try {
    // The `workerd` package has no types; its main exports the binary's path as `default`.
    const load = createRequire(__filename);
    return working([(load('workerd') as { default: string }).default]);
  } catch {
    return undefined;
  }
})();

/** `@realip/*` from the sources, as jest maps them (no build needed). */
const realipSources: Plugin = {
  name: 'realip-sources',
  setup(b) {
    b.onResolve({ filter: /^@realip\// }, ({ path: specifier }) => {
      const [, pkg, sub] = /^@realip\/([^/]+)(?:\/(.+))?$/.exec(specifier)!;
      return { path: path.join(root, 'packages', pkg!, 'src', `${sub ?? 'index'}.ts`) };
    });
  },
};

/**
 * Bundles `test/runtimes/<name>.ts` (and everything it imports, hono and `@realip/*` from the
 * sources) into one ES module under `.tmp/runtimes/`, for a runtime that cannot read our
 * TypeScript project by itself. `node:*` modules stay imports: every runtime here has them.
 *
 * @returns the bundle's path.
 */
export async function bundle(name: string): Promise<string> {
  const outfile = path.join(root, '.tmp', 'runtimes', `${name}.mjs`);
  await build({
    entryPoints: [path.join(root, 'test', 'runtimes', `${name}.ts`)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external: ['node:*'],
    outfile,
    plugins: [realipSources],
    logLevel: 'warning',
  });
  return outfile;
}

/** A runtime serving the vector app: its ports by host, and how to stop it. */
export interface RuntimeServer {
  readonly ports: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * Starts `binary args...` and waits for the JSON line of ports it prints once listening.
 *
 * @example
 * const server = await serveOn(bunBinary, [await bundle('bun')]);
 * server.ports['::1']; // → 41235
 */
export function serveOn(binary: string, args: readonly string[]): Promise<RuntimeServer> {
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${binary} exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      resolve({ ports: JSON.parse(line) as Record<string, number>, stop });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill();
  });
}
