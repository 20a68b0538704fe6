// Written by `realip ranges update google-lb`: edit the provider table (providers.ts), not this file.
import type { ProviderSnapshot } from './types.js';

/**
 * The bundled `google-lb` list: 2 IPv4 and 2 IPv6 ranges, taken 2026-12-02.
 *
 * @example
 * ```ts
 * GOOGLE_LB_SNAPSHOT.v4.length; // → 2
 * ```
 */
export const GOOGLE_LB_SNAPSHOT: ProviderSnapshot = {
  taken: '2026-12-02',
  mirror:
    'https://cloud.google.com/load-balancing/docs/firewall-rules (the table of minimum firewall rules, as indexed by the project search corpus on 2026-12-02)',
  v4: [
    '35.191.0.0/16',
    '130.211.0.0/22',
  ],
  v6: [
    '2600:2d00:1:b029::/64',
    '2600:2d00:1:1::/64',
  ],
};
