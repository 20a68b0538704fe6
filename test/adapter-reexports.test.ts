/**
 * An adapter's README must be followable by someone who installed only that adapter: with pnpm
 * (strict node_modules), `@realip/core` is not importable from the app unless the app lists it.
 * So every `@realip/core` export an adapter README names (in prose as `name` or `name(...)`, or in
 * an `import ... from '@realip/core'`) must be exported by the adapter itself, values and types
 * alike. Exports are read with the TypeScript compiler, so type-only re-exports count.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..');
const ADAPTERS = ['express', 'koa', 'fastify', 'h3', 'hono'] as const;
const entry = (pkg: string) => path.join(root, 'packages', pkg, 'src', 'index.ts');

const config = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.test.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
)!;
const program = ts.createProgram(['core', ...ADAPTERS].map(entry), {
  ...config.options,
  noEmit: true,
});
const checker = program.getTypeChecker();

/** Every name `pkg`'s entry point exports, values and types. */
function exportsOf(pkg: string): Set<string> {
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry(pkg))!)!;
  return new Set(checker.getExportsOfModule(module).map((s) => s.getName()));
}

/** Names a README imports from `@realip/core`, in code blocks or prose. */
function importedFromCore(readme: string): string[] {
  const imports = readme.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'@realip\/core'/g);
  return [...imports].flatMap((m) =>
    m[1]!
      .split(',')
      .map((name) => name.replace(/^\s*type\s+/, '').trim())
      .filter(Boolean),
  );
}

const core = exportsOf('core');

test.each(ADAPTERS)('@realip/%s exports every @realip/core name its README uses', (pkg) => {
  const readme = readFileSync(path.join(root, 'packages', pkg, 'README.md'), 'utf8');
  const named = [...readme.matchAll(/`([A-Za-z_$][\w$]*)(?:\(|`)/g)]
    .map((m) => m[1]!)
    .filter((name) => core.has(name));
  const used = new Set([...named, ...importedFromCore(readme)]);
  const own = exportsOf(pkg);
  // The README does use core names (the result type at least), so the check has something to do.
  expect(used.size).toBeGreaterThan(0);
  expect([...used].filter((name) => !own.has(name)).sort()).toEqual([]);
});

test('an import from @realip/core in prose or code is found', () => {
  expect(
    importedFromCore(
      "import { createResolver, type ClientAddress } from '@realip/core';\nimport type { StopReason } from '@realip/core';",
    ),
  ).toEqual(['createResolver', 'ClientAddress', 'StopReason']);
});

// Our `.d.ts` import the framework's types; a framework that ships none (Express, Koa) needs its
// `@types/` package in the user's project, or our declarations fail to compile there. Where the
// package is installed (its README, the root README), the install line must say so.
test.each(ADAPTERS)('the @realip/%s install lines name @types/<framework> when needed', (pkg) => {
  const sources = program
    .getSourceFiles()
    .filter((f) => f.fileName.startsWith(path.join(root, 'packages', pkg, 'src')));
  const frameworks = new Set(
    sources.flatMap((f) =>
      f.statements.flatMap((s) =>
        ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)
          ? [s.moduleSpecifier.text]
          : [],
      ),
    ),
  );
  const untyped = [...frameworks].filter((name) => {
    if (name.startsWith('.') || name.startsWith('@realip/') || name.startsWith('node:'))
      return false;
    // The package of a subpath import (`hono/conninfo` → `hono`).
    const dir = name.split('/').slice(0, name.startsWith('@') ? 2 : 1);
    const manifest = JSON.parse(
      readFileSync(path.join(root, 'node_modules', ...dir, 'package.json'), 'utf8'),
    ) as { types?: string; typings?: string };
    return manifest.types === undefined && manifest.typings === undefined;
  });
  expect(frameworks.size).toBeGreaterThan(1);
  for (const name of untyped) {
    const line = `npm install --save-dev @types/${name}`;
    const own = readFileSync(path.join(root, 'packages', pkg, 'README.md'), 'utf8');
    const rootReadme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect({ name, own: own.includes(line), root: rootReadme.includes(line) }).toEqual({
      name,
      own: true,
      root: true,
    });
  }
});

// At run time a re-export must be the core's own value, not a copy: `err instanceof
// RealIpConfigError` has to hold for an error the core threw, whichever package the app imported
// the class from (and a bundler's duplicate would break that).
test.each(ADAPTERS)('@realip/%s re-exports the core values themselves', async (pkg) => {
  const coreValues = (await import('@realip/core')) as Record<string, unknown>;
  const adapter = (await import(`@realip/${pkg}`)) as Record<string, unknown>;
  const shared = Object.keys(adapter).filter((name) => name in coreValues);
  expect(shared).toEqual(expect.arrayContaining(['RealIpConfigError']));
  const same = (name: string) => adapter[name] === coreValues[name];
  expect(shared.filter((name) => !same(name))).toEqual([]);
});
