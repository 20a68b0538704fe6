/** Types shared by the provider table, the snapshots, the live store and the refresher. */

/**
 * A published format a provider's list is read from:
 * - `cloudflare-api`: `https://api.cloudflare.com/client/v4/ips`, JSON
 *   `{ success, result: { ipv4_cidrs, ipv6_cidrs } }`;
 * - `cloudflare-text`: `https://www.cloudflare.com/ips-v4` and `ips-v6`, one CIDR a line;
 * - `aws-ip-ranges`: `https://ip-ranges.amazonaws.com/ip-ranges.json`, `prefixes[].ip_prefix` and
 *   `ipv6_prefixes[].ipv6_prefix`, each with its `service`;
 * - `fastly-public-ip-list`: `https://api.fastly.com/public-ip-list`, JSON
 *   `{ addresses, ipv6_addresses }`;
 * - `azure-service-tags`: Microsoft's weekly `ServiceTags_Public_*.json`,
 *   `values[].properties.addressPrefixes` of one service tag;
 * - `documentation`: a table in the provider's documentation, no machine-readable endpoint.
 */
export type RangesFormat =
  | 'cloudflare-api'
  | 'cloudflare-text'
  | 'aws-ip-ranges'
  | 'fastly-public-ip-list'
  | 'azure-service-tags'
  | 'documentation';

/** One provider's list as bundled: when it was taken, from where, and the CIDRs. */
export interface ProviderSnapshot {
  /** The day the list was read from its mirror (`YYYY-MM-DD`). */
  readonly taken: string;
  /** The public copy it was read from (repository, commit and file), or the documentation page. */
  readonly mirror: string;
  /** IPv4 CIDRs, as published. */
  readonly v4: readonly string[];
  /** IPv6 CIDRs, as published. */
  readonly v6: readonly string[];
}

/** A set of ranges: IPv4 and IPv6 CIDRs. */
export interface RangeSet {
  readonly v4: readonly string[];
  readonly v6: readonly string[];
}
