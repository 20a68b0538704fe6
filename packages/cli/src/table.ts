/** Plain-text columns for the CLI's listings. */

/** Visible width: colour escapes take no room on the terminal. */
function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/**
 * Pads every cell but the last of each row to its column's widest cell, two spaces apart.
 *
 * @example
 * ```ts
 * alignColumns([['name', 'taken'], ['cloudflare', '2025-07-25']]);
 * // → ['name        taken', 'cloudflare  2025-07-25']
 * ```
 */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell))))
      .join('  ')
      .trimEnd(),
  );
}
