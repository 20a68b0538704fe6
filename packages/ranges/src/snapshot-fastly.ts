// Written by `realip ranges update fastly`: edit the provider table (providers.ts), not this file.
import type { ProviderSnapshot } from './types.js';

/**
 * The bundled `fastly` list: 19 IPv4 and 2 IPv6 ranges, taken 2025-07-25.
 *
 * @example
 * ```ts
 * FASTLY_SNAPSHOT.v4.length; // → 19
 * ```
 */
export const FASTLY_SNAPSHOT: ProviderSnapshot = {
  taken: '2025-07-25',
  mirror:
    'https://github.com/femueller/cloud-ip-ranges/tree/60937f4cdba4fca4d1706d0bfec2d72d9029c54d (fastly-ip-ranges.json)',
  v4: [
    '23.235.32.0/20',
    '43.249.72.0/22',
    '103.244.50.0/24',
    '103.245.222.0/23',
    '103.245.224.0/24',
    '104.156.80.0/20',
    '140.248.64.0/18',
    '140.248.128.0/17',
    '146.75.0.0/17',
    '151.101.0.0/16',
    '157.52.64.0/18',
    '167.82.0.0/17',
    '167.82.128.0/20',
    '167.82.160.0/20',
    '167.82.224.0/20',
    '172.111.64.0/18',
    '185.31.16.0/22',
    '199.27.72.0/21',
    '199.232.0.0/16',
  ],
  v6: [
    '2a04:4e40::/32',
    '2a04:4e42::/32',
  ],
};
