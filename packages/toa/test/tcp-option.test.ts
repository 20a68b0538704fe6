import { decodeTcpOption } from '@realip/toa';

describe('decodeTcpOption: published layouts', () => {
  test.each([
    [
      'kind 200 (LVS / Tencent), IPv4',
      'c8 08 1f 90 c0 00 02 07',
      {
        kind: 200,
        layout: 'TCPOPT_TOA',
        ip: '192.0.2.7',
        family: 4,
        port: 8080,
        virtual: undefined,
      },
    ],
    [
      'kind 254 (Alibaba / dpvs), IPv4',
      'fe08 0050 cb00 7109',
      {
        kind: 254,
        layout: 'TCPOPT_TOA',
        ip: '203.0.113.9',
        family: 4,
        port: 80,
        virtual: undefined,
      },
    ],
    [
      'kind 254, 20 bytes (dpvs / Anolis), IPv6',
      'fe 14 01 bb 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01',
      {
        kind: 254,
        layout: 'TCPOPT_TOA_V6_EX',
        ip: '2001:db8::1',
        family: 6,
        port: 443,
        virtual: undefined,
      },
    ],
    [
      'kind 253 (Alibaba), IPv6',
      'fd:14:ff:ff:20:01:0d:b8:00:01:00:00:00:00:00:00:00:00:00:0a',
      {
        kind: 253,
        layout: 'TCPOPT_TOA_V6',
        ip: '2001:db8:1::a',
        family: 6,
        port: 65535,
        virtual: undefined,
      },
    ],
    [
      'kind 253 carrying an IPv4-mapped address: unmapped like the core',
      'fd14 0001 0000 0000 0000 0000 0000 ffff c000 0201',
      { kind: 253, ip: '192.0.2.1', family: 4, port: 1 },
    ],
    [
      'kind 252 (Anolis vtoa), IPv4 client with VPC id and virtual address',
      'fc 14 04 d2 c6 33 64 05 00 00 30 39 0a 00 00 01 00 50 00 00',
      {
        kind: 252,
        layout: 'TCPOPT_VTOA',
        ip: '198.51.100.5',
        family: 4,
        port: 1234,
        virtual: { ip: '10.0.0.1', port: 80, vid: 12345 },
      },
    ],
    [
      'kind 249 (Anolis v6vtoa), IPv6 client with VPC id and virtual address',
      'f9 28 30 39 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 63' +
        ' 12 34 56 00 fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01',
      {
        kind: 249,
        layout: 'TCPOPT_V6VTOA',
        ip: '2001:db8::63',
        family: 6,
        port: 12345,
        virtual: { ip: 'fd00::1', port: undefined, vid: 0x123456 },
      },
    ],
  ])('%s', (_title, hex, expected) => {
    expect(decodeTcpOption(hex)).toMatchObject({ ok: true, ...expected });
  });

  test('bytes work like hex text', () => {
    expect(decodeTcpOption(Buffer.from('c8081f90c0000207', 'hex'))).toEqual(
      decodeTcpOption('0xc8081f90c0000207'),
    );
  });

  test('a whole options block from a capture: MSS, NOPs, SACK-permitted and timestamps are skipped', () => {
    const block =
      '02 04 05 b4' + // MSS 1460
      ' 01 01' + // NOP NOP
      ' 04 02' + // SACK permitted
      ' 08 0a 00 00 00 01 00 00 00 00' + // timestamps
      ' c8 08 00 16 c6 33 64 07'; // TOA 198.51.100.7:22
    expect(decodeTcpOption(block)).toMatchObject({
      ok: true,
      kind: 200,
      ip: '198.51.100.7',
      port: 22,
    });
  });
});

describe('decodeTcpOption: clear errors, never a throw', () => {
  test.each([
    [
      'kind 200 of the wrong length',
      'c8 06 1f 90 c0 00',
      200,
      'kind 200 (TOA) must be 8 bytes long, this one is 6',
    ],
    [
      'kind 254 of the wrong length',
      'fe 0a 00 01 02 03 04 05 06 07',
      254,
      'kind 254 (TOA) must be 8 or 20 bytes long, this one is 10',
    ],
    ['kind 249 cut short', 'f9 28 30 39', 249, 'kind 249 at offset 0 needs 40 bytes, 4 left'],
    [
      'kind 250 is the virtual server',
      'fa 08 00 50 0a 00 00 01',
      250,
      'kind 250 (TCPOPT_TOA_VIP) carries the virtual server address, not the client',
    ],
    ['a length below 2', '02 01 05 b4', 2, 'kind 2 at offset 0 has length 1, less than 2'],
    ['a kind without its length byte', '01 01 c8', 200, 'kind 200 at offset 2 has no length byte'],
    [
      'no TOA option at all',
      '02 04 05 b4 01 01 04 02',
      undefined,
      'no TOA option (kind 200, 249, 252, 253 or 254) in 8 byte(s)',
    ],
    [
      'TOA after End of Option List is not read',
      '00 c8 08 1f 90 c0 00 02 07',
      undefined,
      'no TOA option (kind 200, 249, 252, 253 or 254) in 9 byte(s)',
    ],
    ['empty input', '', undefined, 'no TOA option (kind 200, 249, 252, 253 or 254) in 0 byte(s)'],
    ['odd hex', 'c8 0', undefined, 'hex text has an odd number of digits (3)'],
    ['not hex', 'c8 zz', undefined, 'hex text may hold only hex digits, spaces, colons and 0x'],
  ])('%s', (_title, hex, kind, error) => {
    expect(decodeTcpOption(hex)).toEqual({ ok: false, kind, error });
  });

  test.each([[null], [42], [{}], [['c8']]])('input %p', (input) => {
    expect(decodeTcpOption(input as unknown as string)).toMatchObject({ ok: false });
  });
});
