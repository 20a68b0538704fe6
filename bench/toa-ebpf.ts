/**
 * The eBPF TOA receiver's cost: accepted connections per second and HTTP requests per second of
 * the same servers with the receiver attached and without, in one run, as a ratio (goal ≥ 0.97).
 *
 * Two copies of the test server (`packages/toa/test/ebpf/server-process.ts`: a `toa()` TCP
 * server and an Express app behind `@realip/express`) run in two cgroups of this run, one with
 * the receiver attached; the load comes from a client in a third cgroup where the test sender
 * writes a kind-200 option into every handshake, so every connection to the attached server is
 * read, checked against trust and rewritten. Servers are pinned to the last CPU, the load to the
 * first. Rounds alternate which server goes first; figures are medians. Needs root, clang,
 * bpftool (as the end-to-end suite does). Writes bench/results/toa-ebpf.json.
 *
 *   npx tsx --tsconfig tsconfig.test.json bench/toa-ebpf.ts [--rounds 5] [--connections 3000]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { format, resolveConfig } from 'prettier';
import { attachToa } from '@realip/toa';
import {
  EbpfFixture,
  buildObjects,
  bytesOf,
  missingForEbpf,
  option,
  type Child,
} from '../packages/toa/test/ebpf/harness';
import { pin } from './server/load';
import { formatPercent, markdown } from './table';

interface Ports {
  raw: number;
  http: number;
  late: number;
}
type Variant = 'attached' | 'detached';
type Measure =
  'accepted connections/s' | 'HTTP req/s, a connection each' | 'HTTP req/s, keep-alive';
const MEASURES: readonly Measure[] = [
  'accepted connections/s',
  'HTTP req/s, a connection each',
  'HTTP req/s, keep-alive',
];

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = flag('--rounds', 5);
const CONNECTIONS = flag('--connections', 3000);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Connections through the client child: per second, and the first reply (checked). */
async function connections(
  client: Child,
  server: 'raw' | 'http',
  port: number,
  count: number,
): Promise<{ perSecond: number; first: { remoteAddress: string } }> {
  const start = process.hrtime.bigint();
  client.send({
    server,
    host: '127.0.0.1',
    port,
    localAddress: '127.0.0.2',
    count,
    concurrency: 20,
  });
  const reply = (await client.nextLine()) as {
    results?: { remoteAddress: string }[];
    error?: string;
  };
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (reply.error !== undefined) throw new Error(reply.error);
  return { perSecond: count / seconds, first: reply.results![0]! };
}

async function keepAlive(port: number, durationS: number): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: 10,
    duration: durationS,
  });
  return result.requests.average;
}

async function main(): Promise<void> {
  const missing = missingForEbpf();
  if (missing !== undefined) throw new Error(`bench/toa-ebpf.ts needs ${missing}`);
  buildObjects();
  const fixture = new EbpfFixture();
  try {
    const cgroups = { attached: fixture.cgroup(), detached: fixture.cgroup() };
    const clients = fixture.cgroup();
    attachToa({
      cgroup: cgroups.attached,
      trust: '127.0.0.2',
      kinds: [200],
      pinRoot: fixture.pinRoot,
    });
    fixture.attachSender(clients);
    fixture.senderOption(option(200, 31337, bytesOf('198.51.100.23')));
    const trust = JSON.stringify(['127.0.0.2']);
    const ports = {} as Record<Variant, Ports>;
    for (const variant of ['attached', 'detached'] as const) {
      const server = fixture.start(cgroups[variant], 'server-process.ts', ['127.0.0.1', trust]);
      ports[variant] = (await server.nextLine()) as Ports;
      pin(server.process.pid!, cpus().length - 1);
    }
    const client = fixture.start(clients, 'client-process.ts');
    pin(client.process.pid!, 0);

    // Warm-up, and the answers: the attached server sees the option's client, the other the proxy.
    const answers = {} as Record<Variant, string>;
    for (const variant of ['attached', 'detached'] as const) {
      answers[variant] = (
        await connections(client, 'raw', ports[variant].raw, 500)
      ).first.remoteAddress;
      await connections(client, 'http', ports[variant].http, 500);
      await keepAlive(ports[variant].http, 0.5);
    }
    if (answers.attached !== '198.51.100.23' || answers.detached !== '127.0.0.2') {
      throw new Error(`unexpected answers ${JSON.stringify(answers)}`);
    }

    const empty = () =>
      Object.fromEntries(MEASURES.map((m) => [m, [] as number[]])) as Record<Measure, number[]>;
    const samples: Record<Variant, Record<Measure, number[]>> = {
      attached: empty(),
      detached: empty(),
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order: Variant[] =
        round % 2 === 0 ? ['attached', 'detached'] : ['detached', 'attached'];
      for (const variant of order) {
        const s = samples[variant];
        s[MEASURES[0]!].push(
          (await connections(client, 'raw', ports[variant].raw, CONNECTIONS)).perSecond,
        );
        s[MEASURES[1]!].push(
          (await connections(client, 'http', ports[variant].http, CONNECTIONS)).perSecond,
        );
        s[MEASURES[2]!].push(await keepAlive(ports[variant].http, 1.5));
      }
    }

    const rows = MEASURES.map((measure) => {
      const a = median(samples.attached[measure]);
      const d = median(samples.detached[measure]);
      return { measure, attached: a, detached: d, ratio: a / d };
    });
    const header = `eBPF TOA receiver (${process.version}, ${cpus()[0]?.model.trim() ?? '?'}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}, ${ROUNDS} rounds, medians)`;
    console.log(`\n### ${header}\n`);
    console.log(
      markdown(
        ['measure', 'attached', 'detached', 'attached ÷ detached'],
        rows.map((r) => [
          r.measure,
          Math.round(r.attached).toLocaleString('en-US'),
          Math.round(r.detached).toLocaleString('en-US'),
          `${r.ratio.toFixed(3)} (${formatPercent(r.ratio)})`,
        ]),
      ),
    );
    for (const r of rows) {
      console.log(
        `- ${r.ratio >= 0.97 ? '✓' : '✗'} ${r.measure} attached ≥ 0.97 of detached: **${r.ratio.toFixed(3)}**`,
      );
    }
    // Formatted as the repository formats JSON, so a committed run passes `npm run lint`.
    const out = join(dirname(resolve(process.argv[1]!)), 'results', 'toa-ebpf.json');
    const json = JSON.stringify({
      header,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      answers,
      rows,
      samples,
    });
    writeFileSync(out, await format(json, { ...(await resolveConfig(out)), parser: 'json' }));
  } finally {
    await fixture.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
