/**
 * Test helpers: a PROXY v2 encoder written independently of the parser, loopback servers and
 * clients, and a leak check.
 */
import { createHook } from 'node:async_hooks';
import net from 'node:net';
import { crc32c } from '../src/crc32c';

/** A v1 line. */
export function v1(
  src: string,
  dst: string,
  sport: number,
  dport: number,
  protocol = src.includes(':') ? 'TCP6' : 'TCP4',
): string {
  return `PROXY ${protocol} ${src} ${dst} ${sport} ${dport}\r\n`;
}

export const SIGNATURE = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');

export interface V2Spec {
  /** ver_cmd byte; default 0x21 (version 2, PROXY). */
  verCmd?: number;
  /** fam byte; default from `src` (0x11 or 0x21). */
  fam?: number;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  /** Raw address block, instead of src/dst/ports. */
  block?: Buffer;
  tlvs?: { type: number; value: Buffer | string }[];
  /** Append a CRC32C TLV with the right checksum (or `bad` for a wrong one). */
  crc?: 'good' | 'bad';
  /** Override the length field. */
  length?: number;
}

/** A v2 header. */
export function v2(spec: V2Spec = {}): Buffer {
  const src = spec.src ?? '192.0.2.1';
  const six = src.includes(':');
  const block =
    spec.block ??
    Buffer.concat([
      addressBytes(src),
      addressBytes(spec.dst ?? (six ? '2001:db8::2' : '198.51.100.2')),
      u16(spec.sport ?? 56324),
      u16(spec.dport ?? 443),
    ]);
  const tlvParts = (spec.tlvs ?? []).map(({ type, value }) => {
    const v = typeof value === 'string' ? Buffer.from(value) : value;
    return Buffer.concat([Buffer.from([type]), u16(v.length), v]);
  });
  if (spec.crc !== undefined) tlvParts.push(Buffer.from([0x03, 0x00, 0x04, 0, 0, 0, 0]));
  const body = Buffer.concat([block, ...tlvParts]);
  const header = Buffer.concat([
    SIGNATURE,
    Buffer.from([spec.verCmd ?? 0x21, spec.fam ?? (six ? 0x21 : 0x11)]),
    u16(spec.length ?? body.length),
    body,
  ]);
  if (spec.crc !== undefined) {
    const at = header.length - 4;
    const sum = crc32c(header);
    header.writeUInt32BE(spec.crc === 'good' ? sum : (sum ^ 1) >>> 0, at);
  }
  return header;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** Network-order bytes of an address (test-side; full IPv6 forms and :: supported). */
export function addressBytes(ip: string): Buffer {
  if (!ip.includes(':')) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = ip.includes('::')
    ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
    : h;
  return Buffer.concat(groups.map((g) => u16(parseInt(g, 16))));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A listening server on loopback; `close()` destroys what is left and waits. */
export async function listen(
  server: net.Server,
  host = '127.0.0.1',
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  server.prependListener('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Connects and resolves once connected. */
export function connect(
  port: number,
  host = '127.0.0.1',
  localAddress?: string,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host, localAddress });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything a socket receives until it closes, and whether it closed. */
export function collect(socket: net.Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** Writes `parts` one by one, each as its own write, pausing `gap` ms between them. */
export async function writeSlowly(socket: net.Socket, parts: Buffer[], gap: number): Promise<void> {
  socket.setNoDelay(true);
  for (const part of parts) {
    if (socket.destroyed) return;
    socket.write(part);
    await sleep(gap);
  }
}

/** Splits bytes into pieces of `size`. */
export function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Polls until `check()` is true, up to `ms` (a bound for the test, not a timing assertion). */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/**
 * Timers created by the header reader that have neither fired nor been cleared. Counting all
 * timers would count jest's own (its reporter debounces with one), so these are told apart by the
 * stack that created them.
 */
const headerTimers = new Set<number>();
createHook({
  init(id, type) {
    if (type === 'Timeout' && /header-reader/.test(new Error().stack ?? '')) headerTimers.add(id);
  },
  destroy(id) {
    headerTimers.delete(id);
  },
}).enable();

export function liveHeaderTimers(): number {
  return headerTimers.size;
}

/** Counts of active handles and timers by kind, for leak checks. */
export function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** The server's open connection count. */
export function connections(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
  );
}
