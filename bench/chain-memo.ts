/**
 * The chain memo (core/src/chain-memo.ts), hit and miss, interleaved in one process: a resolver
 * that sees one trusted chain on every request (the memo matches: the walk parses only the
 * client's entry), two chains in turn (one keeps matching), three in turn (none does, and the
 * memo is replaced every other request: the worst case), and the same header as a one-line
 * array, for which no memo is kept (the walk as it was before the memo). The 1-hop request is
 * the floor. Each request is one of 64, each with its own client, as a server's headers are.
 *
 *   npx tsx --tsconfig tsconfig.test.json bench/chain-memo.ts [--rounds 12] [--out bench/results/chain-memo.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createResolver, type RealIpOptions, type ResolveInput } from '@realip/core';
import { markdown } from './table.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '12' }, out: { type: 'string' } },
});
const ROUNDS = Number(values.rounds);
const CALLS = 200_000;

/** A header string as Node's parser makes it (flat, one copy per request), not a literal. */
const flat = (s: string) => Buffer.from(s, 'latin1').toString('latin1');

/** 64 requests, each with its own client, ending with `chains` in turn; `lines`: as an array. */
function requests(chains: readonly string[], lines = false): ResolveInput[] {
  return Array.from({ length: 64 }, (_, i) => {
    const value = flat(`198.51.100.${i}${chains[i % chains.length]}`);
    return {
      remoteAddress: flat('127.0.0.1'),
      remotePort: 40_000 + i,
      headers: { 'x-forwarded-for': lines ? [value] : value },
    };
  });
}

const A = ', 10.0.0.3, 10.0.0.2';
const B = ', 10.0.0.4, 10.0.0.2';
const C = ', 10.0.0.5, 10.0.0.2';
const CASES = [
  { id: 'one-hop', title: 'XFF, 1 hop (nothing to keep)', inputs: requests(['']) },
  { id: 'hit', title: 'XFF, 3 hops, one chain (every request matches)', inputs: requests([A]) },
  {
    id: 'two-chains',
    title: 'XFF, 3 hops, two chains in turn (one of them matches)',
    inputs: requests([A, B]),
  },
  {
    id: 'miss',
    title: 'XFF, 3 hops, three chains in turn (none matches)',
    inputs: requests([A, B, C]),
  },
  {
    id: 'no-memo',
    title: 'XFF, 3 hops, the header as a one-line array (no memo is kept)',
    inputs: requests([A], true),
  },
] as const;

const options: RealIpOptions = { trust: ['loopback', '10.0.0.0/8'] };
// One resolver per case (one memo each), its answers checked against a fresh resolver's.
const runs = CASES.map((c) => {
  const resolve = createResolver(options);
  const fresh = createResolver(options);
  c.inputs.forEach((input, i) => {
    const a = resolve(input);
    if (a.ip !== `198.51.100.${i}` || JSON.stringify(a) !== JSON.stringify(fresh(input)))
      throw new Error(`${c.id}: wrong answer ${JSON.stringify(a)}`);
  });
  const keep: unknown[] = new Array(64);
  return () => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) keep[i & 63] = resolve(c.inputs[i & 63]!);
    return Number(process.hrtime.bigint() - t0) / CALLS;
  };
});

const best = CASES.map(() => Infinity);
for (let r = 0; r < ROUNDS; r++) {
  runs.forEach((run, k) => {
    const ns = run();
    if (r >= 2) best[k] = Math.min(best[k]!, ns);
  });
}
const hit = best[1]!;
const rows = CASES.map((c, k) => ({
  id: c.id,
  title: c.title,
  ns: best[k]!,
  ofHit: best[k]! / hit,
}));
console.log(
  markdown(
    ['case', 'ns per resolve (fastest round)', '÷ memo hit'],
    rows.map((r) => [r.title, r.ns.toFixed(0), `×${r.ofHit.toFixed(2)}`]),
  ),
);
if (values.out !== undefined) {
  writeFileSync(
    values.out,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), rows }, null, 2)}\n`,
  );
  console.log(`results written to ${values.out}`);
}
