/** The version `realip --version` prints: that of the package the running script belongs to. */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads `version` from the `@realip/cli` package.json above `script` (the running bin: a symlink
 * under `node_modules/.bin`, `bin/realip.js`, or `src/bin.ts`), or `undefined` if none is found.
 *
 * @example
 * ```ts
 * packageVersion(process.argv[1]); // → '0.1.0'
 * ```
 */
export function packageVersion(script: string | undefined): string | undefined {
  if (script === undefined) return undefined;
  try {
    let dir = path.dirname(realpathSync(script));
    for (let up = 0; up < 4; up++, dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
          name?: unknown;
          version?: unknown;
        };
        if (pkg.name === '@realip/cli' && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // no package.json here: look one level up
      }
    }
  } catch {
    // the script path does not resolve
  }
  return undefined;
}
