import fc from 'fast-check';
import forwardedParse from 'forwarded-parse';
import { parseForwarded } from '@realip/core';
import { scanElementBack } from '../src/forwarded.js';

describe('parseForwarded (RFC 7239 section 4)', () => {
  test.each([
    [
      'for=192.0.2.60;proto=http;by=203.0.113.43',
      [{ for: '192.0.2.60', proto: 'http', by: '203.0.113.43' }],
    ],
    ['For="[2001:db8:cafe::17]:4711"', [{ for: '[2001:db8:cafe::17]:4711' }]],
    ['for=192.0.2.43, for=198.51.100.17', [{ for: '192.0.2.43' }, { for: '198.51.100.17' }]],
    ['for="_gazonk"', [{ for: '_gazonk' }]],
    ['for=unknown', [{ for: 'unknown' }]],
    ['FOR=1.2.3.4;PROTO=HTTPS', [{ for: '1.2.3.4', proto: 'HTTPS' }]],
    // Names fold case for letters only: `^` (0x5e) and `~` (0x7e) differ by 0x20 but are distinct.
    ['for=198.51.100.9;a^=1;a~=2', [{ for: '198.51.100.9', 'a^': '1', 'a~': '2' }]],
    ['for="a\\"b\\\\c"', [{ for: 'a"b\\c' }]],
    ['for="x,y;z=w", for=1.2.3.4', [{ for: 'x,y;z=w' }, { for: '1.2.3.4' }]],
    ['for=a ; by=b', [{ for: 'a', by: 'b' }]], // OWS around ';' (as forwarded-parse)
    ['for=a;;by=b;', [{ for: 'a', by: 'b' }]], // empty pairs: [ forwarded-pair ] in the ABNF
    [' , for=a ,, ', [{ for: 'a' }]], // empty list elements (RFC 9110 section 5.6.1)
    ['host="example.com:8080"', [{ host: 'example.com:8080' }]],
    ['', []],
  ])('%j', (header, elements) => {
    expect(parseForwarded(header)).toEqual(elements);
  });

  test('repeated lines form one list in order', () => {
    expect(parseForwarded(['for=a', 'for=b, for=c'])).toEqual([
      { for: 'a' },
      { for: 'b' },
      { for: 'c' },
    ]);
  });

  test.each([
    ['for', 'no ='],
    ['for=', 'an empty value'],
    ['for = a', 'OWS around ='],
    ['for=a b', 'two tokens'],
    ['for=1.2.3.4:80', "':' is not a token char"],
    ['for=[::1]', 'brackets must be quoted'],
    ['for="unterminated', 'an unterminated quote'],
    ['for="a"b', 'junk after a quoted-string'],
    ['for=a;for=b', 'a parameter twice (section 4: MUST NOT occur more than once)'],
    ['for=a;FOR=b', 'a parameter twice, other case'],
    ['for=a;x^=1;X^=2', 'a parameter twice, letters of another case'],
    ['=a', 'no name'],
    ['for="\u0001"', 'a control character'],
    ['for="\u0100"', 'beyond obs-text'],
    ['for=a\u0000', 'NUL'],
  ])('%j is malformed (%s)', (header) => {
    expect(parseForwarded(header)).toBeUndefined();
  });

  test('a client-written unterminated quote cannot swallow the elements appended after it', () => {
    // Left to right, forwarded-parse reads the proxy's element as part of the client's quoted-string.
    const header = 'for="6.6.6.6, for=198.51.100.9';
    expect(() => forwardedParse(header)).toThrow();
    expect(scanElementBack(header, header.length)).toBe(header.indexOf(',') + 1);
  });

  test('agrees with forwarded-parse on every header both accept', () => {
    const tchar = fc.constantFrom(...'abcfoRFOR019._-!~'.split(''));
    const token = fc.string({ unit: tchar, minLength: 1, maxLength: 6 });
    const qchar = fc.constantFrom(...'ab1:[]. ,;="\\'.split(''));
    const quoted = fc
      .string({ unit: qchar, maxLength: 8 })
      .map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`);
    const name = fc.constantFrom('for', 'by', 'proto', 'host', 'For', 'x');
    const pair = fc.tuple(name, fc.oneof(token, quoted)).map(([n, v]) => `${n}=${v}`);
    const element = fc
      .array(pair, { minLength: 1, maxLength: 3 })
      .chain((pairs) => fc.constantFrom(';', ' ;', '; ').map((sep) => pairs.join(sep)));
    const header = fc
      .array(element, { minLength: 1, maxLength: 4 })
      .chain((els) => fc.constantFrom(',', ', ', ' ,\t').map((sep) => els.join(sep)));
    const noise = fc.string({ unit: fc.constantFrom(...'a=;,"\\ \t1'.split('')), maxLength: 20 });
    let both = 0;
    fc.assert(
      fc.property(fc.oneof(header, noise), (text) => {
        let theirs: Record<string, string>[] | undefined;
        try {
          theirs = forwardedParse(text);
        } catch {
          theirs = undefined;
        }
        const ours = parseForwarded(text);
        if (theirs === undefined || ours === undefined) return;
        both++;
        expect(ours.map((e) => ({ ...e }))).toEqual(theirs);
      }),
      { seed: 20261124, numRuns: 5000 },
    );
    expect(both).toBeGreaterThan(1000);
  });
});
