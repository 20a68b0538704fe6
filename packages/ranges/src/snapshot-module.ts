/** The source text of a `snapshot-<name>.ts` module, as `realip ranges update` writes it. */
import type { PresetName } from './providers.js';
import type { ProviderSnapshot } from './types.js';

/**
 * The constant a provider's snapshot module exports (`google-lb` → `GOOGLE_LB_SNAPSHOT`).
 *
 * @example
 * ```ts
 * snapshotConstant('azure-frontdoor'); // → 'AZURE_FRONTDOOR_SNAPSHOT'
 * ```
 */
export function snapshotConstant(name: PresetName): string {
  return `${name.replace(/-/g, '_').toUpperCase()}_SNAPSHOT`;
}

/**
 * Renders a snapshot module (prettier-formatted TypeScript).
 *
 * @example
 * ```ts
 * writeFileSync(`packages/ranges/src/snapshot-${name}.ts`, snapshotModule(name, snapshot));
 * ```
 */
export function snapshotModule(name: PresetName, snapshot: ProviderSnapshot): string {
  const constant = snapshotConstant(name);
  const list = (entries: readonly string[]) =>
    entries.length === 0 ? '[]' : `[\n${entries.map((e) => `    '${e}',\n`).join('')}  ]`;
  return [
    `// Written by \`realip ranges update ${name}\`: edit the provider table (providers.ts), not this file.`,
    `import type { ProviderSnapshot } from './types.js';`,
    ``,
    `/**`,
    ` * The bundled \`${name}\` list: ${snapshot.v4.length} IPv4 and ${snapshot.v6.length} IPv6 ranges, taken ${snapshot.taken}.`,
    ` *`,
    ` * @example`,
    ' * ```ts',
    ` * ${constant}.v4.length; // → ${snapshot.v4.length}`,
    ' * ```',
    ` */`,
    `export const ${constant}: ProviderSnapshot = {`,
    `  taken: '${snapshot.taken}',`,
    `  mirror:`,
    `    ${JSON.stringify(snapshot.mirror).replace(/^"|"$/g, "'")},`,
    `  v4: ${list(snapshot.v4)},`,
    `  v6: ${list(snapshot.v6)},`,
    `};`,
    ``,
  ].join('\n');
}
