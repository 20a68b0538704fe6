/**
 * The `realip` command line: `explain` shows how a request resolves, hop by hop; `doctor`
 * reviews a trust setting and this host's layer-4 setup; `toa` operates the eBPF TOA receiver;
 * `ranges` shows and checks the provider lists. Bad arguments exit with code 2.
 */
import { Command, CommanderError, Option } from 'commander';
import { RealIpConfigError, createResolver } from '@realip/core';
import { createColors } from 'picocolors';
import { optionsFromFlags, type OptionFlags } from './options.js';
import { renderExplanation } from './render.js';
import { reviewLayer4 } from './layer4-review.js';
import { parsePeer } from './peer-argument.js';
import { addHeader, parseRequestText } from './request-text.js';
import { stdinRequest } from './stdin-request.js';
import { reviewTrust, type Finding } from './trust-review.js';
import { addToaCommand } from './toa-command.js';
import { addRangesCommand } from './ranges-command.js';

/** What the command reads and writes; a process in production, buffers in tests. */
export interface Io {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input; only called when a request is to be read from it. */
  readonly readStdin: () => Promise<string>;
  /**
   * Whether standard input holds data now, without waiting for a writer that has not written (a
   * file: yes; an empty pipe: no). Without it, a stdin that is not a terminal counts as holding
   * data.
   */
  readonly stdinReady?: () => Promise<boolean>;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  /** What `realip --version` prints. */
  readonly version?: string;
}

interface ExplainFlags extends OptionFlags {
  peer?: string;
  header?: string[];
  stdin?: boolean;
  json?: boolean;
}

/**
 * Runs the command; resolves to the exit code.
 *
 * @example
 * ```ts
 * // io: an Io, e.g. process.env and process.stdout/stderr, as bin.ts passes them
 * const args = ['explain', '--peer', '127.0.0.1', '-H', 'X-Forwarded-For: 203.0.113.7'];
 * await main({ ...io, args }); // → 0; stdout gets the hop table and 'client: 203.0.113.7 ...'
 * await main({ ...io, args: ['explain'] }); // → 2: required option '--peer <address>'
 * ```
 */
export async function main(io: Io): Promise<number> {
  const useColor =
    io.env.FORCE_COLOR !== undefined
      ? io.env.FORCE_COLOR !== '0'
      : io.stdoutIsTTY && io.env.NO_COLOR === undefined;
  const c = createColors(useColor);
  let exitCode = 0;
  const program = new Command('realip')
    .description('Explain which client address a request resolves to behind your proxies, and why.')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .version(io.version ?? 'unknown', '-V, --version', 'print the version of realip')
    .exitOverride()
    .showHelpAfterError();

  const withTrustFlags = (command: Command) =>
    command
      .option(
        '--trust <entry...>',
        'trusted proxies: addresses, CIDRs, loopback|linklocal|uniquelocal|private, true, false',
      )
      .option(
        '--trust-proxy <value>',
        'a TRUST_PROXY-style value ("1", "true", "loopback, 10.0.0.0/8"); TRUST_PROXY from the environment is read when no trust flag is given',
      )
      .option(
        '--hops <n>',
        'a fixed number of proxies in front of the server (needs a trusted peer)',
      )
      .option('--max-entries <n>', 'the most list elements to examine (default 32)')
      .option('--keep-mapped', 'print IPv4-mapped addresses as ::ffff:a.b.c.d')
      .option(
        '--protocol [header]',
        'resolve the protocol from X-Forwarded-Proto (or proto=, or the header named)',
      )
      .option(
        '--host [header]',
        'resolve the host from X-Forwarded-Host (or host=, or the header named)',
      )
      .option('--json', 'print JSON for scripts');

  withTrustFlags(
    program
      .command('explain')
      .description('show the walk from the socket peer to the client, hop by hop')
      .requiredOption(
        '--peer <address>',
        'the socket peer (what the server sees as remoteAddress): an IP address',
        parsePeer,
      )
      .argument('[request]', "'-': read a captured request from standard input (as --stdin)")
      .addOption(
        new Option(
          '-H, --header <line...>',
          'a request header line ("X-Forwarded-For: 6.6.6.6, 10.0.0.1"), repeatable; a bare name ("forwarded", "x-real-ip") selects the header to read the client from',
        ),
      )
      .option(
        '--stdin',
        'read a captured request (its header lines) from standard input, waiting for it; without -H lines, a file or a pipe that already holds data is read anyway',
      )
      .addHelpText(
        'after',
        `\nExamples:\n  realip explain --peer 10.0.0.2 --trust private -H 'X-Forwarded-For: 6.6.6.6, 198.51.100.9, 10.0.0.1'\n  realip explain --peer 10.0.0.2 --trust 10.0.0.0/8 -H forwarded -H 'Forwarded: for=198.51.100.9'\n  realip explain --peer 10.0.0.2 --trust-proxy 1 < captured-request.txt`,
      ),
  ).action(async (request: string | undefined, flags: ExplainFlags, command: Command) => {
    if (request !== undefined && request !== '-') {
      command.error(
        `error: unexpected argument ${JSON.stringify(request)}: only "-" (standard input) is accepted; header lines go in -H`,
      );
    }
    const headers: Record<string, string | string[]> = Object.create(null) as Record<
      string,
      string | string[]
    >;
    for (const value of flags.header ?? []) {
      const colon = value.indexOf(':');
      if (colon > 0) addHeader(headers, value.slice(0, colon), value.slice(colon + 1));
      else flags.source = value;
    }
    const captured = await stdinRequest(io, {
      asked: flags.stdin === true || request === '-',
      haveHeaders: Object.keys(headers).length > 0,
    });
    if (captured !== undefined) {
      for (const [name, value] of Object.entries(parseRequestText(captured))) {
        for (const v of Array.isArray(value) ? value : [value]) addHeader(headers, name, v);
      }
    }
    const { options, from } = optionsFromFlags(flags, io.env);
    const resolve = createResolver(options);
    const explained = resolve.explain({ remoteAddress: flags.peer, headers });
    if (flags.json === true) {
      io.stdout(
        `${JSON.stringify({ options: resolve.options, trustFrom: from, input: { peer: flags.peer, headers }, ...explained }, jsonReplacer, 2)}\n`,
      );
      return;
    }
    io.stdout(
      `${c.dim(`trust from ${from}; reading ${resolve.options.header}`)}\n${renderExplanation(explained, resolve.options.header, c)}\n`,
    );
  });

  withTrustFlags(
    program
      .command('doctor')
      .description("review a trust setting for risky choices, and this host's layer-4 (TOA) setup")
      .option(
        '-H, --header <name>',
        'the header the client is read from (x-forwarded-for, forwarded, x-real-ip, ...)',
      )
      .option(
        '--proc <dir>',
        "where to read the kernel's TOA state from (a host's /proc mounted in a container)",
        '/proc',
      )
      .option(
        '--layer4',
        'always show the whole layer-4 (TOA) section, also when nothing TOA-related is active',
      ),
  ).action(
    (flags: OptionFlags & { header?: string; json?: boolean; proc: string; layer4?: boolean }) => {
      const { options, from } = optionsFromFlags({ ...flags, source: flags.header }, io.env);
      const findings = reviewTrust(options);
      const layer4 = reviewLayer4(flags.proc);
      if (findings.some((f) => f.level === 'danger')) exitCode = 1;
      if (flags.json === true) {
        io.stdout(`${JSON.stringify({ trustFrom: from, findings, layer4 }, null, 2)}\n`);
        return;
      }
      const mark = (f: Finding) =>
        f.level === 'danger'
          ? c.red('danger')
          : f.level === 'warn'
            ? c.yellow('warn  ')
            : f.level === 'ok'
              ? c.green('ok    ')
              : c.dim('note  ');
      io.stdout(
        `${c.bold('trust')} (from ${from})\n${findings.map((f) => `  ${mark(f)} ${f.message}`).join('\n')}\n` +
          (layer4.applies || flags.layer4 === true
            ? `${c.bold('layer 4')} (TOA kernel module, from ${flags.proc})\n  ${mark(layer4)} ${layer4.message}\n` +
              layer4.advice.map((line) => `         ${c.dim(line)}\n`).join('')
            : `${c.bold('layer 4')} ${mark(layer4)} ${layer4.message} (from ${flags.proc}; --layer4 for what it means)\n`),
      );
    },
  );

  addToaCommand(
    program,
    { stdout: io.stdout, stderr: io.stderr, exit: (code) => (exitCode = code) },
    c,
  );

  addRangesCommand(
    program,
    { stdout: io.stdout, stderr: io.stderr, exit: (code) => (exitCode = code) },
    c,
  );

  try {
    await program.parseAsync([...io.args], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof RealIpConfigError) {
      io.stderr(`realip: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** Functions (a trust function) cannot be printed as JSON; say what they are. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'function' ? '(function)' : value;
}
