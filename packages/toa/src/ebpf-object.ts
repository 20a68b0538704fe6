/**
 * Where the compiled receiver is. It ships in the package at `dist/ebpf/toa.bpf.o` (built by the
 * package's build with clang, so an operator needs no compiler). This module is compiled to both
 * CommonJS and ESM from one source, so it cannot use `import.meta`; it looks from `__dirname`
 * when it has one (CommonJS, and the TypeScript sources under jest), else resolves the package
 * from the running script and the working directory.
 */
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const OBJECT = join('dist', 'ebpf', 'toa.bpf.o');

/**
 * The path of `toa.bpf.o`: `REALIP_TOA_BPF_OBJECT` if set, else the one in this package, else
 * undefined.
 *
 * @example
 * ```ts
 * ebpfObjectPath(); // '/srv/app/node_modules/@realip/toa/dist/ebpf/toa.bpf.o'
 * ```
 */
export function ebpfObjectPath(): string | undefined {
  const fromEnv = process.env.REALIP_TOA_BPF_OBJECT;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const roots: string[] = [];
  // dist/cjs/ebpf-object.js and src/ebpf-object.ts both sit one level below the package root
  if (typeof __dirname === 'string') roots.push(join(__dirname, '..'));
  for (const from of [process.argv[1], join(process.cwd(), 'index.js')]) {
    const root = packageRoot(from);
    if (root !== undefined) roots.push(root);
  }
  return roots.map((root) => join(root, OBJECT)).find((path) => existsSync(path));
}

function packageRoot(from: string | undefined): string | undefined {
  if (from === undefined) return undefined;
  try {
    const real = existsSync(from) ? realpathSync(from) : from;
    return dirname(createRequire(real).resolve('@realip/toa/package.json'));
  } catch {
    return undefined;
  }
}
