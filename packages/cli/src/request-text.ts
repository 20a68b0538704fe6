/**
 * Parses a captured HTTP request (what `curl -v`, a proxy log or `tcpdump -A` shows) into Node-style
 * headers: lower-case names, repeated lines kept in order as arrays, the request line and body
 * ignored.
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

/** Adds one header line; values are trimmed of surrounding OWS as Node does. */
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
