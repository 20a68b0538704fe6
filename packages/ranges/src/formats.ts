/**
 * Readers of the formats providers publish their lists in. Each reads only the part the preset
 * covers (`select`: an AWS service or an Azure service tag) and refuses a body of another shape.
 * They never judge the CIDRs themselves: that is validate.ts, for every format alike.
 */
import type { RangeSet, RangesFormat } from './types.js';

/**
 * Reads a published list. Throws an `Error` saying what is wrong with the body's shape.
 *
 * @example
 * ```ts
 * parseRangesBody('fastly-public-ip-list', '{"addresses":["23.235.32.0/20"],"ipv6_addresses":[]}');
 * // → { v4: ['23.235.32.0/20'], v6: [] }
 * parseRangesBody('aws-ip-ranges', body, 'CLOUDFRONT_ORIGIN_FACING'); // that service only
 * ```
 */
export function parseRangesBody(format: RangesFormat, body: string, select?: string): RangeSet {
  switch (format) {
    case 'cloudflare-text':
    case 'documentation': {
      const lines = body.split(/\r?\n/).map((l) => l.trim());
      const entries = lines.filter((l) => l !== '' && !l.startsWith('#'));
      return {
        v4: entries.filter((e) => !e.includes(':')),
        v6: entries.filter((e) => e.includes(':')),
      };
    }
    case 'cloudflare-api': {
      const json = object(body);
      const result = json.result as Record<string, unknown> | undefined;
      if (json.success !== true || typeof result !== 'object' || result === null)
        throw new Error('not a successful Cloudflare API answer ({ success: true, result })');
      return {
        v4: strings(result.ipv4_cidrs, 'result.ipv4_cidrs'),
        v6: strings(result.ipv6_cidrs, 'result.ipv6_cidrs'),
      };
    }
    case 'fastly-public-ip-list': {
      const json = object(body);
      return {
        v4: strings(json.addresses, 'addresses'),
        v6: strings(json.ipv6_addresses, 'ipv6_addresses'),
      };
    }
    case 'aws-ip-ranges': {
      const json = object(body);
      const service = required(select, format);
      const pick = (list: unknown, field: string) =>
        records(list, field)
          .filter((p) => p.service === service)
          .map((p) => p[field === 'prefixes' ? 'ip_prefix' : 'ipv6_prefix']);
      return {
        v4: strings(pick(json.prefixes, 'prefixes'), `prefixes (${service})`),
        v6: strings(pick(json.ipv6_prefixes, 'ipv6_prefixes'), `ipv6_prefixes (${service})`),
      };
    }
    case 'azure-service-tags': {
      const json = object(body);
      const tag = required(select, format);
      const found = records(json.values, 'values').find((v) => v.name === tag);
      const properties = found?.properties as Record<string, unknown> | undefined;
      if (properties === undefined) throw new Error(`no service tag ${tag} in values`);
      const all = strings(properties.addressPrefixes, `${tag}.properties.addressPrefixes`);
      return { v4: all.filter((e) => !e.includes(':')), v6: all.filter((e) => e.includes(':')) };
    }
  }
}

function object(body: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('the body is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error('the body is not a JSON object');
  return json as Record<string, unknown>;
}

function records(value: unknown, field: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`${field} is not an array`);
  return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}

function strings(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new Error(`${field} is not an array of strings`);
  return value;
}

function required(select: string | undefined, format: RangesFormat): string {
  if (select === undefined) throw new Error(`${format} needs the service to read`);
  return select;
}
