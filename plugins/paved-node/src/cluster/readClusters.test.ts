import { ConfigReader } from '@backstage/config';
import { readPavedClusters } from './readClusters';

const kubernetes = {
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        {
          name: 'local',
          url: 'https://127.0.0.1:6443',
          serviceAccountToken: 'reader',
          caFile: '/ca.pem',
        },
        {
          name: 'edge',
          url: 'https://10.0.0.1',
          authProvider: 'serviceAccount',
          skipTLSVerify: true,
        },
      ],
    },
    { type: 'gke', projectId: 'p' },
  ],
};

describe('readPavedClusters', () => {
  it('takes clusters from kubernetes.clusterLocatorMethods and refines them with paved.clusters', () => {
    const { clusters, skipped } = readPavedClusters(
      new ConfigReader({
        kubernetes,
        paved: {
          clusters: [
            {
              name: 'local',
              serviceAccountToken: 'paved',
              impersonate: true,
              prometheusUrl: 'http://prometheus:9090',
              prometheusScrapeIntervalSeconds: 15,
            },
            {
              name: 'edge',
              authProvider: 'oidc',
              oidcTokenFile: '/var/run/secrets/tokens/oidc',
            },
          ],
        },
      }),
    );
    expect(clusters).toEqual([
      {
        name: 'local',
        url: 'https://127.0.0.1:6443',
        caData: undefined,
        caFile: '/ca.pem',
        skipTLSVerify: false,
        token: 'paved',
        authProvider: 'serviceAccount',
        authMetadata: {},
        impersonate: true,
        prometheusUrl: 'http://prometheus:9090',
        prometheusScrapeIntervalSeconds: 15,
      },
      {
        name: 'edge',
        url: 'https://10.0.0.1',
        caData: undefined,
        caFile: undefined,
        skipTLSVerify: true,
        token: undefined,
        authProvider: 'oidc',
        authMetadata: {
          authProvider: 'oidc',
          oidcTokenFile: '/var/run/secrets/tokens/oidc',
        },
        impersonate: true,
      },
    ]);
    expect(skipped).toEqual(['kubernetes.clusterLocatorMethods[1] (type gke)']);
  });

  it('refuses a cluster without impersonation unless the admin opts out, and then warns', () => {
    const withClusters = (entry: object) =>
      new ConfigReader({
        kubernetes,
        paved: { clusters: [{ name: 'edge', ...entry }] },
      });
    expect(() =>
      readPavedClusters(withClusters({ impersonate: false })),
    ).toThrow(
      /paved.clusters \(name: edge\) sets impersonate: false.*dangerouslyAllowWithoutImpersonation: true/,
    );
    const { clusters, warnings } = readPavedClusters(
      withClusters({
        impersonate: false,
        dangerouslyAllowWithoutImpersonation: true,
      }),
    );
    expect(clusters.find(c => c.name === 'edge')?.impersonate).toBe(false);
    expect(clusters.find(c => c.name === 'local')?.impersonate).toBe(true);
    expect(warnings).toEqual([
      expect.stringContaining(
        'Paved acts on cluster "edge" with its own identity',
      ),
    ]);
  });

  it('names an unknown cluster in paved.clusters and lists the known ones', () => {
    expect(() =>
      readPavedClusters(
        new ConfigReader({
          kubernetes,
          paved: { clusters: [{ name: 'prod' }] },
        }),
      ),
    ).toThrow(
      'paved.clusters names "prod", which is not a cluster under kubernetes.clusterLocatorMethods (type config); use one of: local, edge',
    );
  });

  it("keeps the Kubernetes entry's auth provider unless the Paved entry gives a token or its own", () => {
    const read = (paved: object[]) =>
      readPavedClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  { name: 'g', url: 'https://g', authProvider: 'google' },
                ],
              },
            ],
          },
          paved: { clusters: paved },
        }),
      ).clusters[0].authProvider;
    expect(read([])).toBe('google');
    expect(read([{ name: 'g', serviceAccountTokenFile: '/token' }])).toBe(
      'serviceAccount',
    );
    expect(read([{ name: 'g', authProvider: 'gke' }])).toBe('gke');
  });

  it("uses Paved's token file rather than the Kubernetes plugin's token", () => {
    const [local] = readPavedClusters(
      new ConfigReader({
        kubernetes,
        paved: {
          clusters: [
            { name: 'local', serviceAccountTokenFile: '/paved-token' },
          ],
        },
      }),
    ).clusters;
    expect(local.token).toBeUndefined();
    expect(local.authMetadata?.serviceAccountTokenFile).toBe('/paved-token');
    const [plain] = readPavedClusters(
      new ConfigReader({ kubernetes }),
    ).clusters;
    expect(plain.token).toBe('reader');
  });

  it('refuses a scrape interval that does not divide an hour', () => {
    expect(() =>
      readPavedClusters(
        new ConfigReader({
          kubernetes,
          paved: {
            clusters: [{ name: 'local', prometheusScrapeIntervalSeconds: 7 }],
          },
        }),
      ),
    ).toThrow(
      'paved.clusters[local].prometheusScrapeIntervalSeconds: 7 must be a whole number of seconds that divides an hour',
    );
  });

  it('refuses duplicate cluster names', () => {
    expect(() =>
      readPavedClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  { name: 'a', url: 'https://a' },
                  { name: 'a', url: 'https://b' },
                ],
              },
            ],
          },
        }),
      ),
    ).toThrow('kubernetes cluster "a" is configured twice');
  });

  it('is empty when nothing is configured', () => {
    expect(readPavedClusters(new ConfigReader({}))).toEqual({
      clusters: [],
      skipped: [],
      warnings: [],
    });
  });
});
