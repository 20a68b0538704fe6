/**
 * Our resolver alone on one case, in a loop, for profiling: no peer shares the process, so V8's
 * feedback and the profile show only our code. Prints ns and bytes per call.
 *
 *   npx tsx --tsconfig tsconfig.test.json bench/profile.ts xff-ipv4-3hop-3cidr 5
 *   npx tsx --tsconfig tsconfig.test.json --cpu-prof --cpu-prof-dir=.tmp/prof bench/profile.ts forwarded-5
 *   npx tsx --tsconfig tsconfig.test.json --trace-deopt bench/profile.ts xff-ipv6-1hop-1cidr
 */
import { createResolver } from '@realip/core';
import { CASES } from './cases.js';
import { bytesPerCall } from './memory.js';

const [id, seconds = '3'] = process.argv.slice(2);
const c = CASES.find((x) => x.id === id);
if (c === undefined) {
  console.error(
    `usage: profile.ts <case id> [seconds]\ncases: ${CASES.map((x) => x.id).join(' ')}`,
  );
  process.exit(2);
}
const resolve = createResolver(c.options);
const keep: unknown[] = new Array<unknown>(64).fill(undefined);
const until = Date.now() + Number(seconds) * 1000;
let calls = 0;
const t0 = process.hrtime.bigint();
while (Date.now() < until) {
  for (let i = 0; i < 10_000; i++) keep[i & 63] = resolve(c.request);
  calls += 10_000;
}
const ns = Number(process.hrtime.bigint() - t0) / calls;
const bytes = bytesPerCall(() => resolve(c.request), 1_000_000);
console.log(`${c.id}: ${ns.toFixed(1)} ns/op, ${bytes.toFixed(0)} B/op (${calls} calls)`);
