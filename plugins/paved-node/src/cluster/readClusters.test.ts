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
            { name: 'local', serviceAccountToken: 'paved', impersonate: true },
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
        impersonate: true,
      },
      {
        name: 'edge',
        url: 'https://10.0.0.1',
        caData: undefined,
        caFile: undefined,
        skipTLSVerify: true,
        token: undefined,
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

  it('asks for a Paved token when the cluster uses an auth provider Paved cannot use', () => {
    expect(() =>
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
        }),
      ),
    ).toThrow(/give Paved a token under paved.clusters \(name: g/);
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
