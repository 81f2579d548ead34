import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the Platform content. */
export const rootRouteRef = createRouteRef({ id: 'paved' });
