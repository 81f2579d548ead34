import {
  EntitySecrets,
  EnvironmentSecretsView,
} from '@paved/plugin-paved-common';

/** A dev environment the developer writes to: one Secret with a missing key, one rotated. */
export const devSecrets: EnvironmentSecretsView = {
  cluster: 'local',
  namespace: 'checkout-dev',
  environment: 'dev',
  team: 'group:default/team-checkout',
  protected: false,
  store: 'kubernetes',
  access: 'write',
  missing: 1,
  secrets: [
    {
      name: 'checkout-db',
      source: 'kubernetes',
      missing: 1,
      keys: [
        {
          key: 'password',
          exists: true,
          referencedBy: [
            {
              workload: 'Deployment/checkout-api',
              container: 'app',
              env: 'DB_PASSWORD',
            },
          ],
          changedBy: 'user:default/bob',
          changedAt: '2026-11-30T10:00:00Z',
        },
        {
          key: 'url',
          exists: false,
          referencedBy: [
            {
              workload: 'Deployment/checkout-api',
              container: 'app',
              env: 'DATABASE_URL',
            },
          ],
        },
      ],
    },
    {
      name: 'checkout-token',
      source: 'kubernetes',
      missing: 0,
      rotation: {
        every: 'P30D',
        keys: [{ key: 'token', shape: { alphabet: 'hex', length: 48 } }],
        lastRotatedAt: '2026-11-01T00:00:00Z',
        nextRotationAt: '2026-12-01T00:00:00Z',
      },
      keys: [
        {
          key: 'token',
          exists: true,
          generated: true,
          referencedBy: [
            { workload: 'Deployment/checkout-api', container: 'app' },
          ],
          changedBy: 'paved:rotation',
          changedAt: '2026-11-01T00:00:00Z',
        },
      ],
    },
  ],
};

/** A protected production environment: a developer's change becomes a request. */
export const productionSecrets: EnvironmentSecretsView = {
  cluster: 'local',
  namespace: 'checkout-production',
  environment: 'production',
  team: 'group:default/team-checkout',
  protected: true,
  store: 'vault',
  access: 'request',
  missing: 0,
  secrets: [
    {
      name: 'checkout-db',
      source: 'secret-manager',
      missing: 0,
      keys: [
        {
          key: 'url',
          exists: true,
          referencedBy: [
            {
              workload: 'Deployment/checkout-api',
              container: 'app',
              env: 'DATABASE_URL',
            },
          ],
          changedAt: '2026-11-20T08:00:00Z',
        },
      ],
    },
  ],
};

/** The entity's environments. */
export const entitySecrets: EntitySecrets = {
  environments: [devSecrets, productionSecrets],
};
