/**
 * The benchmark's smoke test (CI): every case still runs through every library, every answer still
 * agrees with ours (or still differs where the case says a peer is wrong), the allocation
 * measurement still measures, and every server variant still answers the expected client over a
 * real loopback socket. No timing is asserted.
 */
import { CASES } from '../bench/cases';
import { KEY_CASES, checkKeys, keyTable, measureKeys } from '../bench/client-key';
import { measureCase, type Timer } from '../bench/measure';
import { bytesPerCall, callsFor } from '../bench/memory';
import type { CaseResult } from '../bench/results';
import {
  EXPECTED,
  FRAMEWORKS,
  VARIANTS,
  adapterOf,
  startApp,
  type Framework,
  type Variant,
} from '../bench/server/apps';
import { fetchAnswer } from '../bench/server/load';
import { SMOKE } from '../bench/settings';
import { caseTable } from '../bench/table';
import { RESULT_OBJECT_BYTES, evaluateTargets } from '../bench/targets';

/**
 * Stands in for tinybench (an ES module, which Jest's CommonJS run cannot load; `npm run bench --
 * --smoke` runs the real one): a few timed calls per library, enough to run each one.
 */
const fewCalls: Timer = (libraries) =>
  Promise.resolve(
    new Map(
      libraries.map(({ name, run }) => {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < 3; i++) run();
        const ns = Number(process.hrtime.bigint() - t0) / 3;
        return [name, { nsPerOp: ns, medianNsPerOp: ns, rounds: [ns], batch: 1, samples: 3 }];
      }),
    ),
  );

describe('micro-benchmark cases', () => {
  const results: CaseResult[] = [];

  test.each(CASES.map((c) => [c.id, c] as const))(
    '%s: every library runs and agrees',
    async (_, c) => {
      const { result, problems } = await measureCase(c, SMOKE, fewCalls);
      expect(problems).toEqual([]);
      expect(result.libraries.map((l) => l.name)).toEqual(['@realip/core', ...c.peers]);
      for (const l of result.libraries) {
        expect(Number.isFinite(l.nsPerOp)).toBe(true);
        expect(Number.isFinite(l.bytesPerOp)).toBe(true);
      }
      results.push(result);
    },
  );

  test('the table has a row per case and the targets can be evaluated', () => {
    const table = caseTable(results);
    for (const c of CASES) expect(table).toContain(`| ${c.title} |`);
    const targets = evaluateTargets(results, undefined);
    expect(targets.filter((t) => typeof t.met === 'boolean').length).toBeGreaterThanOrEqual(6);
  });
});

describe('allocation measurement', () => {
  const CALLS = callsFor(1);
  test('counts one 8-field object per call as 88 bytes', () => {
    const keep = (i: number) => ({ a: i, b: i, c: i, d: i, e: i, f: i, g: i, h: i });
    let i = 0;
    // As many calls as the benchmark gives a fast function: with fewer, a few KB of V8's own
    // bookkeeping on a busy machine is whole bytes per call (104 B was seen with 20,000 calls).
    const bytes = bytesPerCall(() => keep(i++), CALLS);
    expect(bytes).toBeGreaterThanOrEqual(RESULT_OBJECT_BYTES);
    // One more field would be 8 B more: the measurement must tell them apart.
    expect(bytes).toBeLessThan(RESULT_OBJECT_BYTES + 4);
  });

  test('counts nothing for a call that allocates nothing', () => {
    expect(bytesPerCall(() => 42, CALLS)).toBeLessThan(0.5);
  });
});

describe('server-level apps answer the expected client', () => {
  const cases = FRAMEWORKS.flatMap((f) => VARIANTS.map((v) => [f, v] as [Framework, Variant]));
  const ready = cases.filter(([f, v]) => v !== 'realip' || adapterOf(f) !== undefined);
  const waiting = cases.filter((c) => !ready.includes(c));

  test.each(ready)('%s/%s', async (framework, variant) => {
    const app = await startApp(framework, variant);
    try {
      expect(await fetchAnswer(app.url)).toBe(EXPECTED[variant]);
    } finally {
      await app.close();
    }
  });

  // Until the adapters land on this branch, their variant cannot run.
  if (waiting.length > 0) {
    test.skip.each(waiting)('%s/%s (adapter does not export realIp yet)', () => undefined);
  }
});

test('rate-limit keys: clientKey and ipKeyGenerator agree on every row, and the table renders', async () => {
  expect(checkKeys(KEY_CASES)).toEqual([]);
  const results = await measureKeys(KEY_CASES, SMOKE.timing, fewCalls);
  expect(keyTable(results).split('\n')).toHaveLength(KEY_CASES.length + 2);
});
