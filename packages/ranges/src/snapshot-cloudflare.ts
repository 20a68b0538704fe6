// Written by `realip ranges update cloudflare`: edit the provider table (providers.ts), not this file.
import type { ProviderSnapshot } from './types.js';

/**
 * The bundled `cloudflare` list: 15 IPv4 and 7 IPv6 ranges, taken 2025-07-25.
 *
 * @example
 * ```ts
 * CLOUDFLARE_SNAPSHOT.v4.length; // → 15
 * ```
 */
export const CLOUDFLARE_SNAPSHOT: ProviderSnapshot = {
  taken: '2025-07-25',
  mirror:
    'https://github.com/femueller/cloud-ip-ranges/tree/60937f4cdba4fca4d1706d0bfec2d72d9029c54d (cloudflare-v4-ip-ranges.txt, cloudflare-v6-ip-ranges.txt)',
  v4: [
    '173.245.48.0/20',
    '103.21.244.0/22',
    '103.22.200.0/22',
    '103.31.4.0/22',
    '141.101.64.0/18',
    '108.162.192.0/18',
    '190.93.240.0/20',
    '188.114.96.0/20',
    '197.234.240.0/22',
    '198.41.128.0/17',
    '162.158.0.0/15',
    '104.16.0.0/13',
    '104.24.0.0/14',
    '172.64.0.0/13',
    '131.0.72.0/22',
  ],
  v6: [
    '2400:cb00::/32',
    '2606:4700::/32',
    '2803:f800::/32',
    '2405:b500::/32',
    '2405:8100::/32',
    '2a06:98c0::/29',
    '2c0f:f248::/32',
  ],
};
