/**
 * The providers whose edges or load balancers can be trusted by name, and what each name covers.
 *
 * Each name covers only the addresses the provider's proxies connect to an origin from. Lists
 * that hold customer machines are refused by design: AWS `AMAZON` and `EC2`, Google's
 * `cloud.json` / `goog.json`, Azure's regional tags. Trusting them would let anyone who rents a
 * VM there write your clients' addresses.
 */
import { AZURE_FRONTDOOR_SNAPSHOT } from './snapshot-azure-frontdoor.js';
import { CLOUDFLARE_SNAPSHOT } from './snapshot-cloudflare.js';
import { CLOUDFRONT_SNAPSHOT } from './snapshot-cloudfront.js';
import { FASTLY_SNAPSHOT } from './snapshot-fastly.js';
import { GOOGLE_LB_SNAPSHOT } from './snapshot-google-lb.js';
import type { ProviderSnapshot, RangesFormat } from './types.js';

/** A provider's entry: where its list is published, in what format, and the bundled copy. */
export interface Provider {
  /** The trust entry: `trust: ['loopback', 'cloudflare']`. */
  readonly name: PresetName;
  /** Display name. */
  readonly title: string;
  /** Which part of what the provider publishes the name covers, and why only that. */
  readonly scope: string;
  /** The official page or endpoint the list is published at. */
  readonly source: string;
  /** The format of {@link Provider.source}. */
  readonly format: RangesFormat;
  /** The endpoint the refresher and `realip ranges update` read by default, if there is one. */
  readonly endpoint: { readonly url: string; readonly format: RangesFormat } | undefined;
  /** The service (AWS) or service tag (Azure) read from a list that holds many; else undefined. */
  readonly select: string | undefined;
  /** Single-address headers this provider sets (lower case), believed only from its edges. */
  readonly headers: readonly string[];
  /** The list bundled with this package. */
  readonly snapshot: ProviderSnapshot;
}

/** A provider's name, usable as a trust entry wherever trust is taken. */
export type PresetName = 'cloudflare' | 'cloudfront' | 'fastly' | 'google-lb' | 'azure-frontdoor';

/**
 * Every provider, by name.
 *
 * @example
 * ```ts
 * PROVIDERS.cloudflare.headers; // → ['cf-connecting-ip', 'true-client-ip']
 * PROVIDERS.cloudfront.snapshot.taken; // → '2026-08-22'
 * ```
 */
export const PROVIDERS: Readonly<Record<PresetName, Provider>> = {
  cloudflare: {
    name: 'cloudflare',
    title: 'Cloudflare',
    scope: 'every Cloudflare edge (the published "IP Ranges")',
    source: 'https://www.cloudflare.com/ips/',
    format: 'cloudflare-text',
    endpoint: { url: 'https://api.cloudflare.com/client/v4/ips', format: 'cloudflare-api' },
    select: undefined,
    headers: ['cf-connecting-ip', 'true-client-ip'],
    snapshot: CLOUDFLARE_SNAPSHOT,
  },
  cloudfront: {
    name: 'cloudfront',
    title: 'Amazon CloudFront',
    scope:
      'service CLOUDFRONT_ORIGIN_FACING only: the addresses CloudFront connects to origins from (not CLOUDFRONT, AMAZON or EC2, which hold customer machines)',
    source: 'https://ip-ranges.amazonaws.com/ip-ranges.json',
    format: 'aws-ip-ranges',
    endpoint: { url: 'https://ip-ranges.amazonaws.com/ip-ranges.json', format: 'aws-ip-ranges' },
    select: 'CLOUDFRONT_ORIGIN_FACING',
    headers: [],
    snapshot: CLOUDFRONT_SNAPSHOT,
  },
  fastly: {
    name: 'fastly',
    title: 'Fastly',
    scope: 'every Fastly cache node (the public IP list)',
    source: 'https://api.fastly.com/public-ip-list',
    format: 'fastly-public-ip-list',
    endpoint: { url: 'https://api.fastly.com/public-ip-list', format: 'fastly-public-ip-list' },
    select: undefined,
    headers: ['fastly-client-ip'],
    snapshot: FASTLY_SNAPSHOT,
  },
  'google-lb': {
    name: 'google-lb',
    title: 'Google Cloud load balancers',
    scope:
      'the Google Front End and health-check ranges of the external Application Load Balancers (not cloud.json or goog.json, which hold customer addresses)',
    source: 'https://cloud.google.com/load-balancing/docs/firewall-rules',
    format: 'documentation',
    endpoint: undefined,
    select: undefined,
    headers: [],
    snapshot: GOOGLE_LB_SNAPSHOT,
  },
  'azure-frontdoor': {
    name: 'azure-frontdoor',
    title: 'Azure Front Door',
    scope:
      'service tag AzureFrontDoor.Backend only: the addresses Front Door connects to origins from (not AzureFrontDoor.Frontend or regional tags)',
    source: 'https://www.microsoft.com/en-us/download/details.aspx?id=56519',
    format: 'azure-service-tags',
    // The weekly file is renamed each time (ServiceTags_Public_YYYYMMDD.json): pass its URL.
    endpoint: undefined,
    select: 'AzureFrontDoor.Backend',
    headers: ['x-azure-clientip'],
    snapshot: AZURE_FRONTDOOR_SNAPSHOT,
  },
};

/**
 * The provider names, in a stable order.
 *
 * @example
 * ```ts
 * PRESET_NAMES.join(', '); // → 'cloudflare, cloudfront, fastly, google-lb, azure-frontdoor'
 * ```
 */
export const PRESET_NAMES: readonly PresetName[] = Object.keys(PROVIDERS) as PresetName[];

/**
 * Whether `name` is a provider name (case-sensitive, like the named ranges).
 *
 * @example
 * ```ts
 * isPresetName('cloudflare'); // → true
 * isPresetName('Cloudflare'); // → false
 * ```
 */
export function isPresetName(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.hasOwn(PROVIDERS, name);
}

/**
 * The provider whose edges set a single-address header (`cf-connecting-ip` → `cloudflare`).
 *
 * @example
 * ```ts
 * providerOfHeader('Fastly-Client-IP'); // → 'fastly'
 * providerOfHeader('x-real-ip'); // → undefined: your own proxy sets it
 * ```
 */
export function providerOfHeader(header: string): PresetName | undefined {
  const name = header.toLowerCase();
  return PRESET_NAMES.find((p) => PROVIDERS[p].headers.includes(name));
}
