/**
 * Parses a captured HTTP request (what `curl -v`, a proxy log or `tcpdump -A` shows) into Node-style
 * headers: lower-case names, repeated lines kept in order as arrays, the request line and body
 * ignored.
 *
 * @example
 * ```ts
 * const text = 'GET / HTTP/1.1\r\nX-Forwarded-For: 203.0.113.7\r\nx-forwarded-for: 10.0.0.1\r\n';
 * parseRequestText(text);
 * // → { 'x-forwarded-for': ['203.0.113.7', '10.0.0.1'] }
 * parseRequestText('> X-Real-IP: 10.0.0.1'); // → { 'x-real-ip': '10.0.0.1' } (curl -v prefix)
 * ```
 */
export function parseRequestText(text: string): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^[<>] /, ''); // curl -v prefixes
    if (line.trim() === '') {
      if (Object.keys(headers).length > 0) break; // the end of the header section
      continue;
    }
    if (/^[A-Z]+ \S+ HTTP\/\d/.test(line) || /^HTTP\/\d/.test(line)) continue; // request/status line
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    addHeader(headers, line.slice(0, colon), line.slice(colon + 1));
  }
  return headers;
}

/**
 * Adds one header line; values are trimmed of surrounding OWS as Node does.
 *
 * @example
 * ```ts
 * const headers: Record<string, string | string[]> = {};
 * addHeader(headers, 'X-Real-IP', ' 10.0.0.1 ');
 * addHeader(headers, 'x-real-ip', '10.0.0.2');
 * headers; // → { 'x-real-ip': ['10.0.0.1', '10.0.0.2'] }
 * ```
 */
export function addHeader(
  headers: Record<string, string | string[]>,
  name: string,
  value: string,
): void {
  const key = name.trim().toLowerCase();
  const v = value.replace(/^[ \t]+|[ \t]+$/g, '');
  const existing = headers[key];
  if (existing === undefined) headers[key] = v;
  else headers[key] = Array.isArray(existing) ? [...existing, v] : [existing, v];
}
