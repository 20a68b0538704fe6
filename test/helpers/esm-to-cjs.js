/**
 * A jest transform for the ESM-only packages jest.config.js lets through (`h3` v2 and its `srvx`
 * and `rou3`): jest runs the tests as CommonJS (ts-jest), and jest cannot `require()` an ES module
 * before Node 24.9, so these files are compiled to CommonJS as they load. esbuild (already the
 * compiler under tsx) does it in one call per file; `import.meta.url` becomes the file's own URL,
 * which CommonJS has no syntax for (h3 reads it in its deprecated `toNodeHandler` export).
 * Plain JavaScript: jest loads transforms untransformed.
 */
import { transformSync } from 'esbuild';

const IMPORT_META_URL = '__realipImportMetaUrl';

export default {
  /**
   * @param {string} source
   * @param {string} path
   * @returns {{ code: string, map: string }}
   */
  process(source, path) {
    const { code, map } = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      platform: 'node',
      target: 'node20',
      sourcefile: path,
      sourcemap: 'external',
      define: { 'import.meta.url': IMPORT_META_URL },
      banner: `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;`,
    });
    return { code, map };
  },
};
