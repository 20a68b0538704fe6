/**
 * Code blocks of the READMEs, as test/readme.test.ts checks them. A block is marked by an HTML
 * comment on the line just before its fence (invisible on GitHub and npm):
 *
 * - `<!-- test: run -->` on a ```ts block: type-checked, then run with tsx; it must exit 0 on its
 *   own (a server it starts, it closes).
 * - `<!-- test: typecheck -->` on a ```ts block: type-checked only (a server that keeps running,
 *   a fragment of a larger app written out in full).
 * - `<!-- test: output -->` on a ```text block right after a `run` block: what that block prints.
 * - `<!-- test: cli -->` on a ```text block that starts with `$ realip ...`: the command is run and
 *   must print the rest of the block, where a line `...` stands for any lines (what depends on
 *   the host, such as its kernel modules).
 *
 * Every ```ts block must carry `run` or `typecheck`, so no example escapes the compiler.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Mode = 'run' | 'typecheck' | 'output' | 'cli';

/** One fenced block. */
export interface Block {
  /** README path, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the first line of code (after the fence). */
  readonly line: number;
  readonly lang: string;
  readonly mode: Mode | undefined;
  readonly code: string;
  /** For a `run` block: the `output` block that follows it, if any. */
  readonly output?: string;
}

const MARKER = /^<!-- test: (run|typecheck|output|cli) -->$/;
const FENCE = /^```(\S*)\s*$/;

/** Every fenced block of `file` (relative to `root`), with its marker. */
export function blocksOf(root: string, file: string): Block[] {
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    if (end === lines.length) throw new Error(`${file}:${i + 1}: unclosed code fence`);
    let before = i - 1; // prettier puts a blank line between the comment and the fence
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = before >= 0 ? MARKER.exec(lines[before]!) : null;
    blocks.push({
      file,
      line: start + 1,
      lang: open[1]!,
      mode: marker?.[1] as Mode | undefined,
      code: lines.slice(start, end).join('\n') + '\n',
    });
    i = end;
  }
  // An output block belongs to the run block before it.
  return blocks.flatMap((block, i) => {
    if (block.mode === 'output') {
      const run = blocks[i - 1];
      if (run?.mode !== 'run')
        throw new Error(`${file}:${block.line}: output without a run block before it`);
      return [];
    }
    const next = blocks[i + 1];
    return next?.mode === 'output' ? [{ ...block, output: next.code }] : [block];
  });
}

/** A `$ realip ...` command line split into environment assignments and arguments. */
export interface CommandLine {
  readonly env: Record<string, string>;
  readonly args: string[];
}

/**
 * Splits the first line of a `cli` block (with `\` continuations) the way a POSIX shell would for
 * the subset READMEs use: single and double quotes, leading `NAME=value` assignments.
 */
export function parseCommand(block: Block): { command: CommandLine; expected: string } {
  const lines = block.code.split('\n');
  let text = '';
  let i = 0;
  for (; i < lines.length; i++) {
    const line = i === 0 ? lines[0]!.replace(/^\$ /, '') : lines[i]!;
    if (line.endsWith('\\')) text += `${line.slice(0, -1)} `;
    else {
      text += line;
      break;
    }
  }
  const words = shellWords(text);
  const env: Record<string, string> = {};
  while (words[0] !== undefined && /^[A-Z_]+=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words.shift() !== 'realip')
    throw new Error(`${block.file}:${block.line}: not a realip command`);
  return { command: { env, args: words }, expected: lines.slice(i + 1).join('\n') };
}

/** Words of a command line: whitespace separates, quotes group, backslash escapes. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in: ${text}`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      let quoted = '';
      for (i++; text[i] !== '"'; i++) {
        if (i >= text.length) throw new Error(`unterminated quote in: ${text}`);
        if (text[i] === '\\') i++;
        quoted += text[i];
      }
      word = (word ?? '') + quoted;
    } else {
      word = (word ?? '') + (ch === '\\' ? (text[++i] ?? '') : ch);
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Whether `printed` is what a `cli` block shows: its lines, with `...` lines matching any lines. */
export function matchesTranscript(printed: string, expected: string): boolean {
  const pattern = expected
    .split('\n')
    .map((line) =>
      line.trim() === '...'
        ? '(?:[^\\n]*\\n)*?'
        : `${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`,
    )
    .join('');
  return new RegExp(`^${pattern}$`).test(`${printed}\n`);
}
