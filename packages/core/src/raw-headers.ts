/**
 * Request headers read straight from Node's `rawHeaders` (`[name, value, name, value, ...]`, as
 * received). Node builds `req.headers` lazily, on first access, from every line of the request;
 * an adapter whose framework never reads it (`@hono/node-server` works from `rawHeaders`) would
 * pay for that object just to read one or two headers. A lookup scans the pairs instead.
 */

/**
 * A WHATWG-style `get` over `rawHeaders`: the value of `name` (lower-case), its lines joined with
 * `', '` as Node joins them in `req.headers` (the headers the resolver reads are none of those
 * whose duplicates Node drops), or `null` when absent. One small object per request, its method
 * shared by all.
 *
 * @example
 * ```ts
 * const headers = new RawHeaders(['Host', 'example.com', 'X-Forwarded-For', '203.0.113.7']);
 * headers.get('x-forwarded-for'); // → '203.0.113.7'
 * ```
 */
export class RawHeaders {
  constructor(private readonly raw: readonly string[]) {}

  get(name: string): string | null {
    const raw = this.raw;
    let value: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const key = raw[i]!;
      // Lengths first: most lines are other headers, and this allocates nothing for them.
      if (key.length !== name.length || (key !== name && key.toLowerCase() !== name)) continue;
      value = value === null ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`;
    }
    return value;
  }
}
