/**
 * `npm run check:pkg` (CI, after the build): every publishable workspace package must
 * - resolve with correct types in every module system it claims (`attw --pack`; packages without
 *   a `require` condition are checked with attw's `esm-only` profile: CommonJS and node10 cannot
 *   load them by design),
 * - pass `publint --strict` (warnings fail too),
 * - carry the metadata npm and bundlers read (`engines`, `license`, `repository`, `sideEffects`,
 *   `files`),
 * - and pack only what a user needs: package.json, README, LICENSE, the built `dist/esm` /
 *   `dist/cjs`, the `src` the source maps point at, and bin scripts. No tests, no tsbuildinfo.
 * - `@realip/toa` also packs its eBPF receiver, source and object; under CI (which installs
 *   clang and bpftool, `.ci/deps/ebpf.sh`) the object must be there, so operators need no compiler.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd(); // npm runs scripts from the repository root
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/** What a published file may be; anything else in a tarball is a mistake. */
const SHIPPED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/(esm|cjs)\/[\w-]+\.(js|js\.map|d\.ts|d\.ts\.map)$/,
  /^dist\/cjs\/package\.json$/,
  /^src\/[\w-]+\.ts$/,
  /^bin\/[\w-]+\.js$/,
  /^ebpf\/[\w-]+\.bpf\.c$/,
  /^dist\/ebpf\/[\w-]+\.bpf\.o$/,
];
/** Files a package must pack: always, and under CI (where every build tool is installed). */
const REQUIRED: Record<string, readonly string[]> = {
  '@realip/toa': process.env.CI === 'true' ? ['dist/ebpf/toa.bpf.o', 'ebpf/toa.bpf.c'] : [],
};
const NEVER = /(^|\/)(test|tests|__tests__)\/|\.test(-d)?\.ts$|\.tsbuildinfo$/;

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Problems of one package; empty when it is fit to publish. */
function check(dir: string): { name: string; problems: string[] } {
  const manifest = JSON.parse(
    readFileSync(path.join(root, dir, 'package.json'), 'utf8'),
  ) as Manifest;
  const problems: string[] = [];
  const run = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      const { stdout, stderr } = err as { stdout: string; stderr: string };
      problems.push(`${path.basename(command)} ${args.join(' ')}\n${stdout}${stderr}`);
      return undefined;
    }
  };

  for (const field of ['engines', 'license', 'repository', 'sideEffects', 'files']) {
    if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`);
  }
  const repository = manifest.repository as { directory?: string } | undefined;
  if (repository?.directory !== dir) problems.push(`repository.directory should be "${dir}"`);

  const esmOnly = !JSON.stringify(manifest.exports ?? {}).includes('"require"');
  run(bin('attw'), [
    '--pack',
    dir,
    '--format',
    'table-flipped',
    '--no-emoji',
    '--no-color',
    ...(esmOnly ? ['--profile', 'esm-only'] : []),
  ]);
  run(bin('publint'), [dir, '--strict']);

  const packed = run('npm', [
    'pack',
    '--dry-run',
    '--json',
    '--ignore-scripts',
    `--workspace=${dir}`,
  ]);
  if (packed !== undefined) {
    const [{ files }] = JSON.parse(packed) as [{ files: { path: string }[] }];
    for (const { path: file } of files) {
      if (NEVER.test(file) || !SHIPPED.some((re) => re.test(file))) problems.push(`packs ${file}`);
    }
    for (const needed of ['README.md', 'LICENSE', ...(REQUIRED[manifest.name] ?? [])]) {
      if (!files.some((f) => f.path === needed)) problems.push(`does not pack ${needed}`);
    }
  }
  return { name: manifest.name, problems };
}

const { workspaces } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  workspaces: string[];
};
let failed = 0;
for (const dir of workspaces) {
  const { name, problems } = check(dir);
  console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}`);
  for (const problem of problems) console.log(`     ${problem.replace(/\n/g, '\n     ')}`);
  if (problems.length > 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
