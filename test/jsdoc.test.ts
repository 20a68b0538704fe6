/**
 * The team rule "JSDoc with an example on every export": every exported function, const, class
 * and let in `packages/*\/src` has a JSDoc block right above it with an `@example` tag and a
 * ```ts code block. Types and interfaces, and re-exports (`export { x } from`, `export type`),
 * need none: they are not matched.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** An exported value declaration; its name is group 3. */
const EXPORT = /^export (async )?(function|const|class|let) ([A-Za-z_$][\w$]*)/;

/** Every `.ts` file under `dir`, as paths relative to the repository root with `/` separators. */
function tsFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return tsFiles(file);
      return entry.isFile() && entry.name.endsWith('.ts') ? [file] : [];
    })
    .sort();
}

/** Each exported value of `source` with the JSDoc block right above it (`undefined` if none). */
function exportsIn(source: string): { name: string; doc: string | undefined }[] {
  const lines = source.split(/\r?\n/);
  const found: { name: string; doc: string | undefined }[] = [];
  lines.forEach((line, i) => {
    const match = EXPORT.exec(line);
    if (match === null) return;
    let end = i - 1;
    while (end >= 0 && lines[end]!.trim() === '') end--;
    let doc: string | undefined;
    if (end >= 0 && lines[end]!.trimEnd().endsWith('*/')) {
      let start = end;
      while (start > 0 && !lines[start]!.trimStart().startsWith('/*')) start--;
      if (lines[start]!.trimStart().startsWith('/**')) doc = lines.slice(start, end + 1).join('\n');
    }
    found.push({ name: match[3]!, doc });
  });
  return found;
}

/** An `@example` tag followed by a fenced ```ts block. */
const EXAMPLE = /@example[ \t]*\r?\n[ \t]*\*[ \t]*```ts\r?\n[\s\S]*?\n[ \t]*\*[ \t]*```/;

const packages = readdirSync(path.join(root, 'packages')).sort();
const files = packages.flatMap((p) => {
  try {
    return tsFiles(`packages/${p}/src`);
  } catch {
    return []; // a package without src
  }
});
const docs = new Map<string, string | undefined>();
const exported: [file: string, name: string][] = [];
for (const file of files) {
  for (const { name, doc } of exportsIn(readFileSync(path.join(root, file), 'utf8'))) {
    exported.push([file, name]);
    docs.set(`${file}#${name}`, doc);
  }
}

test('the scan finds the exports (so it cannot pass by finding nothing)', () => {
  expect(files.length).toBeGreaterThan(20);
  expect(exported.length).toBeGreaterThan(50);
});

test('re-exports, types and interfaces are not matched; values are', () => {
  const source = [
    "export { main, type Io } from './main.js';",
    "export { checkOptionKeys } from './option-keys.js';",
    "export type { Endpoint } from './types.js';",
    'export type Family = 4 | 6;',
    'export interface Options {}',
    'export { realIp };',
    '/** Documented. */',
    'export const A = 1;',
    'export async function b() {}',
    'export class C {}',
    '',
    'export let d = 0;',
    '/* not JSDoc */',
    'export function e() {}',
  ].join('\n');
  expect(exportsIn(source)).toEqual([
    { name: 'A', doc: '/** Documented. */' },
    { name: 'b', doc: undefined },
    { name: 'C', doc: undefined },
    { name: 'd', doc: undefined },
    { name: 'e', doc: undefined },
  ]);
});

test.each(exported)('%s exports %s with an @example', (file, name) => {
  const doc = docs.get(`${file}#${name}`);
  expect(doc).toBeDefined();
  expect(doc).toMatch(EXAMPLE);
});
