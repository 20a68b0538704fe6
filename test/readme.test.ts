/**
 * The READMEs cannot drift from the code: every ```ts block is type-checked against the sources
 * (`@realip/*` mapped to `packages/*\/src`), blocks marked `run` are run with tsx and their
 * `output` blocks compared, and `cli` blocks run the `realip` command. Markers:
 * test/helpers/readme-blocks.ts.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import ts from 'typescript';
import { main } from '@realip/cli';
import { blocksOf, matchesTranscript, parseCommand, type Block } from './helpers/readme-blocks';

const root = path.resolve(__dirname, '..');
const readmes = [
  'README.md',
  'examples/README.md',
  ...readdirSync(path.join(root, 'packages')).map((p) => `packages/${p}/README.md`),
].filter((file) => existsSync(path.join(root, file)));
const blocks = readmes.flatMap((file) => blocksOf(root, file));
const code = blocks.filter((b) => b.mode === 'run' || b.mode === 'typecheck');
const where = (b: Block) => `${b.file}:${b.line}`;

/** Every code block in a scratch folder inside the repository (so node_modules resolves). */
let dir: string;
const fileOf = new Map<Block, string>();

beforeAll(() => {
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  dir = mkdtempSync(path.join(root, '.tmp', 'readme-'));
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const paths = {
    '@realip/core/adapter': ['../../packages/core/src/adapter.ts'],
    '@realip/ranges/refresher': ['../../packages/ranges/src/refresher.ts'],
  };
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: {
        noEmit: true,
        declaration: false,
        declarationMap: false,
        sourceMap: false,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        experimentalDecorators: true, // NestJS blocks: Nest's parameter decorators
        paths: { ...paths, '@realip/*': ['../../packages/*/src/index.ts'] },
      },
      include: ['*.ts'],
    }),
  );
  for (const block of code) {
    const name = `${block.file.replace(/[/.]/g, '-')}-${block.line}.ts`;
    // `export {}` makes every block a module of its own, as a user's file would be.
    writeFileSync(path.join(dir, name), `${block.code}export {};\n`);
    fileOf.set(block, name);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the READMEs have code blocks to check', () => {
  expect(readmes).toEqual(expect.arrayContaining(['README.md', 'packages/core/README.md']));
  expect(code.length).toBeGreaterThan(10);
});

test('every ts block is marked run or typecheck', () => {
  const unmarked = blocks.filter(
    (b) => /^(ts|typescript|js|javascript)$/.test(b.lang) && b.mode === undefined,
  );
  expect(unmarked.map(where)).toEqual([]);
  // run/typecheck mark ts blocks; cli marks text blocks (output ones are checked when parsed).
  const misplaced = blocks.filter(
    (b) => b.mode !== undefined && (b.mode === 'cli' ? b.lang !== 'text' : b.lang !== 'ts'),
  );
  expect(misplaced.map(where)).toEqual([]);
});

test('every ts block type-checks against the sources', () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram(config.fileNames, config.options);
  const blockOf = new Map([...fileOf].map(([block, name]) => [path.join(dir, name), block]));
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const block = d.file === undefined ? undefined : blockOf.get(path.resolve(d.file.fileName));
    if (block === undefined || d.start === undefined) return `${d.file?.fileName ?? ''}: ${text}`;
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start);
    return `${block.file}:${block.line + line}: ${text}`;
  });
  expect(errors).toEqual([]);
}, 60_000);

// Each package README has an API section with one `###` heading per runtime export, so a new or
// renamed export cannot go undocumented (types are listed in prose and checked by the compiler).
const entries: [readme: string, specifier: string][] = [
  ...['core', 'ranges', 'express', 'koa', 'fastify', 'nestjs', 'socket.io', 'toa', 'cli', 'h3'].map(
    (p) => [`packages/${p}/README.md`, `@realip/${p}`] as [string, string],
  ),
  ['packages/hono/README.md', '@realip/hono'],
  ['packages/core/README.md', '@realip/core/adapter'],
  ['packages/ranges/README.md', '@realip/ranges/refresher'],
];

test.each(entries)('%s has a ### heading for every export of %s', async (readme, specifier) => {
  const exports = Object.keys((await import(specifier)) as object).filter(
    (name) => name !== 'default',
  );
  const headings = headingsOf(readme);
  const missing = exports.filter(
    (name) => !headings.some((h) => h.includes(`\`${name}\``) || h.includes(`\`${name}(`)),
  );
  expect(exports.length).toBeGreaterThan(0);
  expect(missing).toEqual([]);
});

/** The `###` headings of a README. */
function headingsOf(file: string): string[] {
  return readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('### '));
}

const runnable = code.filter((b) => b.mode === 'run');

test.concurrent.each(runnable.map((b) => [where(b), b] as const))(
  '%s runs',
  async (_where, block) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileOf.get(block)!], {
      cwd: dir,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: path.join(dir, 'tsconfig.json'),
        TRUST_PROXY: undefined,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    if (block.output !== undefined) expect(stdout).toBe(block.output);
  },
  30_000,
);

// Tried on loopback, the TCP example's connection is closed (127.0.0.1 is not a trusted proxy):
// the example must say why, not close silently. Run as written, on an ephemeral loopback port.
test('the README TCP example logs why it closed a connection from loopback', async () => {
  const block = blocks.find(
    (b) =>
      b.file === 'README.md' &&
      b.code.includes("from '@realip/toa'") &&
      /\.listen\(7000\)/.test(b.code),
  )!;
  const listen =
    ".listen(0, '127.0.0.1', function (this: net.Server) { console.log(`port ${(this.address() as net.AddressInfo).port}`); })";
  const file = path.join(dir, 'tcp-example.ts');
  writeFileSync(file, `${block.code.replace('.listen(7000)', listen)}export {};\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: dir,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(dir, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const until = async (done: () => boolean) => {
    for (let waited = 0; !done(); waited += 20) {
      if (waited > 15_000) throw new Error(`stdout: ${stdout}\nstderr: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    await until(() => /port \d+/.test(stdout));
    const port = Number(/port (\d+)/.exec(stdout)![1]);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.end('hello\n');
    await until(() => stderr.includes('\n'));
    expect(stderr).toMatch(
      /^connection closed \(untrusted-peer\): peer 127\.0\.0\.1 is not in trust/,
    );
  } finally {
    child.kill();
  }
}, 30_000);

const commands = blocks.filter((b) => b.mode === 'cli');

test.each(commands.map((b) => [where(b), b] as const))(
  '%s prints what it shows',
  async (_where, block) => {
    const { command, expected } = parseCommand(block);
    let printed = '';
    await main({
      args: command.args,
      env: command.env,
      stdout: (t) => (printed += t),
      stderr: (t) => (printed += t),
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: true,
      stdoutIsTTY: false,
    });
    // On a mismatch, show the diff against the block as written.
    if (!matchesTranscript(printed, expected)) expect(printed).toBe(expected);
  },
);
