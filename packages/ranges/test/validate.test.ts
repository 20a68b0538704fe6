/** What a list must be before it is used: the table of refusals. */
import { rangeProblems, type RangeSet } from '@realip/ranges';

describe('rangeProblems', () => {
  test.each<[string, RangeSet, RegExp | undefined]>([
    ['a valid list', { v4: ['104.16.0.0/13'], v6: ['2a06:98c0::/29'] }, undefined],
    ['an empty list', { v4: [], v6: [] }, /the list is empty/],
    ['no IPv4 range', { v4: [], v6: ['2a06:98c0::/29'] }, /no IPv4 range/],
    ['an IPv6 range among IPv4', { v4: ['2a06:98c0::/29'], v6: [] }, /not an IPv4 CIDR/],
    ['an IPv4 range among IPv6', { v4: ['1.0.0.0/24'], v6: ['1.0.0.0/24'] }, /not an IPv6 CIDR/],
    ['an address without a prefix', { v4: ['1.2.3.4'], v6: [] }, /not an IPv4 CIDR/],
    ['host bits set', { v4: ['10.0.0.1/16'], v6: [] }, /host bits set/],
    ['a prefix out of range', { v4: ['10.0.0.0/33'], v6: [] }, /prefix out of range/],
    ['too broad (IPv4 /11)', { v4: ['104.0.0.0/11'], v6: [] }, /broader than \/12/],
    ['too broad (IPv4 /0)', { v4: ['0.0.0.0/0'], v6: [] }, /broader than \/12/],
    ['too broad (IPv6 /16)', { v4: ['1.0.0.0/24'], v6: ['2a06::/16'] }, /broader than \/24/],
    ['a zone id', { v4: ['1.0.0.0/24'], v6: ['fe80::%eth0/64'] }, /not an IPv6 CIDR/],
    ['a number', { v4: [7 as unknown as string], v6: [] }, /7 is not a string/],
    ['not arrays', { v4: 'x' as unknown as string[], v6: [] }, /not two arrays/],
    [
      'absurdly many entries',
      { v4: Array.from({ length: 20_001 }, () => '1.0.0.0/24'), v6: [] },
      /more than 20000 entries/,
    ],
  ])('%s', (_name, set, problem) => {
    const problems = rangeProblems(set);
    if (problem === undefined) expect(problems).toEqual([]);
    else expect(problems.join('; ')).toMatch(problem);
  });
});
