/**
 * Bodies in each provider's published format, for the tests that serve them from a loopback
 * HTTP server (the refresher's, and `realip ranges check|update`'s).
 */
import type { PresetName } from '@realip/ranges';

/** A valid body of each provider's format (an Azure or AWS one with other services beside), holding the ranges given. */
export const VALID: Record<
  Exclude<PresetName, 'google-lb'>,
  (v4: string[], v6: string[]) => string
> = {
  cloudflare: (v4, v6) =>
    JSON.stringify({
      result: { ipv4_cidrs: v4, ipv6_cidrs: v6, etag: 'x' },
      success: true,
      errors: [],
      messages: [],
    }),
  cloudfront: (v4, v6) =>
    JSON.stringify({
      syncToken: '1',
      createDate: '2026-12-02-00-00-00',
      prefixes: [
        ...v4.map((ip_prefix) => ({
          ip_prefix,
          region: 'GLOBAL',
          service: 'CLOUDFRONT_ORIGIN_FACING',
          network_border_group: 'GLOBAL',
        })),
        {
          ip_prefix: '3.5.140.0/22',
          region: 'ap-northeast-2',
          service: 'AMAZON',
          network_border_group: 'ap-northeast-2',
        },
      ],
      ipv6_prefixes: [
        ...v6.map((ipv6_prefix) => ({
          ipv6_prefix,
          region: 'GLOBAL',
          service: 'CLOUDFRONT_ORIGIN_FACING',
          network_border_group: 'GLOBAL',
        })),
      ],
    }),
  fastly: (v4, v6) => JSON.stringify({ addresses: v4, ipv6_addresses: v6 }),
  'azure-frontdoor': (v4, v6) =>
    JSON.stringify({
      changeNumber: 1,
      cloud: 'Public',
      values: [
        {
          name: 'AzureFrontDoor.Frontend',
          id: 'AzureFrontDoor.Frontend',
          properties: { addressPrefixes: ['13.107.246.0/24'] },
        },
        {
          name: 'AzureFrontDoor.Backend',
          id: 'AzureFrontDoor.Backend',
          properties: { addressPrefixes: [...v4, ...v6] },
        },
      ],
    }),
};
