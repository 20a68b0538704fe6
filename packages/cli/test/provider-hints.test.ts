/**
 * `realip explain` hints about providers (issue 11): with Cloudflare in front of nginx but only
 * `loopback` trusted, the answer is the Cloudflare edge, and the hint names the trust entry to add;
 * the same for every provider's ranges. And a vendor's header believed from a peer that is not
 * the vendor's edge (`--trust loopback -H cf-connecting-ip`) says any client can choose it.
 */
import { PRESET_NAMES, PROVIDERS } from '@realip/ranges';
import { realipInProcess } from './in-process';

async function explain(...args: string[]) {
  const { code, stdout } = await realipInProcess(['explain', ...args]);
  expect(code).toBe(0);
  return { client: /^client: (\S+)/m.exec(stdout)?.[1], hint: /^hint: +(.*)$/m.exec(stdout)?.[1] };
}

/** An address of each provider's: the network address of its first IPv4 and IPv6 ranges. */
const EDGES = PRESET_NAMES.flatMap((name) =>
  [PROVIDERS[name].snapshot.v4[0]!, PROVIDERS[name].snapshot.v6[0]!].map(
    (range) => [name, range.split('/')[0]!] as const,
  ),
);

describe.each(EDGES)('an edge of %s (%s)', (name, edge) => {
  const xff = `X-Forwarded-For: 198.51.100.7, ${edge}`;

  test('the answer behind loopback: the hint names the trust entry', async () => {
    const { client, hint } = await explain('--peer', '127.0.0.1', '--trust', 'loopback', '-H', xff);
    expect(client).toBe(edge);
    expect(hint).toBe(
      `${edge} is a ${PROVIDERS[name].title} edge (in the ${name} list): add ${name} to --trust, and the walk goes on to the address it forwarded`,
    );
  });

  test('as the untrusted peer: the same hint', async () => {
    const { client, hint } = await explain('--peer', edge, '--trust', 'loopback', '-H', xff);
    expect(client).toBe(edge);
    expect(hint).toContain(`add ${name} to --trust`);
  });

  test('with the name added: the client, no hint', async () => {
    const trust = ['--trust', 'loopback', name];
    const { client, hint } = await explain('--peer', '127.0.0.1', ...trust, '-H', xff);
    expect([client, hint]).toEqual(['198.51.100.7', undefined]);
  });
});

test('an address no provider publishes: no provider hint', async () => {
  const xff = 'X-Forwarded-For: 198.51.100.7, 203.0.113.9';
  const { client, hint } = await explain('--peer', '127.0.0.1', '--trust', 'loopback', '-H', xff);
  expect([client, hint]).toEqual(['203.0.113.9', undefined]);
});

describe('a vendor header believed from a peer that is not the vendor', () => {
  const forged = ['-H', 'cf-connecting-ip', '-H', 'CF-Connecting-IP: 6.6.6.6'];

  test('trust without the vendor: the header is believed, and the hint says why that is unsafe', async () => {
    const { client, hint } = await explain('--peer', '127.0.0.1', '--trust', 'loopback', ...forged);
    expect(client).toBe('6.6.6.6');
    expect(hint).toBe(
      'cf-connecting-ip was believed because 127.0.0.1 is trusted, so any client that reaches 127.0.0.1 chooses its address: add cloudflare to --trust, and the header is believed only when a Cloudflare edge delivered the request',
    );
  });

  test.each([
    [
      'the vendor named',
      [
        '--peer',
        '127.0.0.1',
        '--trust',
        'loopback',
        'cloudflare',
        '-H',
        'X-Forwarded-For: 172.68.10.20',
      ],
    ],
    [
      'the peer is its edge (a range typed by hand)',
      ['--peer', '172.68.10.20', '--trust', '172.68.0.0/16'],
    ],
  ])('%s: no hint', async (_case, args) => {
    const { client, hint } = await explain(...args, ...forged);
    expect([client, hint]).toEqual(['6.6.6.6', undefined]);
  });
});
