import { RawHeaders } from '@realip/core/adapter';
import http from 'node:http';
import { listen, send } from '../../../test/helpers/http';

describe('RawHeaders', () => {
  const raw = [
    'Host',
    'example.com',
    'X-Forwarded-For',
    '203.0.113.7',
    'x-forwarded-for',
    '10.0.0.2',
    'X-REAL-IP',
    '198.51.100.9',
    'X-Empty',
    '',
  ];
  test.each([
    ['x-forwarded-for', '203.0.113.7, 10.0.0.2'], // lines joined in order, any case
    ['x-real-ip', '198.51.100.9'],
    ['x-empty', ''],
    ['forwarded', null],
    ['x-forwarded', null], // a prefix of a name is not that name
  ])('get(%j) → %j', (name, expected) => {
    expect(new RawHeaders(raw).get(name)).toBe(expected);
  });

  test('a dangling name (odd length) is no header', () => {
    expect(new RawHeaders(['X-Forwarded-For']).get('x-forwarded-for')).toBeNull();
  });

  test("gives what Node's req.headers gives, over a real socket", async () => {
    let seen: { node: unknown; raw: unknown }[] = [];
    const names = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-proto'];
    const server = await listen((req: http.IncomingMessage, res: http.ServerResponse) => {
      const headers = new RawHeaders(req.rawHeaders);
      seen = names.map((n) => ({ node: req.headers[n] ?? null, raw: headers.get(n) }));
      res.end();
    }, '127.0.0.1');
    try {
      await send(server, {
        headers: {
          'X-Forwarded-For': ['198.51.100.9', ' 10.0.0.2 '],
          Forwarded: ['for=1.2.3.4', 'for="[::1]"'],
          'X-Real-IP': ['a', 'b'],
        },
      });
    } finally {
      await server.close();
    }
    expect(seen.map((s) => s.raw)).toEqual(seen.map((s) => s.node));
    expect(seen[0]!.raw).toBe('198.51.100.9, 10.0.0.2');
  });
});
