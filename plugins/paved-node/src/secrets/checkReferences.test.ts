import { KubernetesObject } from '../apply/types';
import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import {
  checkSecretReferences,
  findMissingSecretKeys,
  missingSecretKeysError,
} from './checkReferences';
import { inventoryEntry } from './inventory';
import { secretReferences } from './references';

const deployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'orders', namespace: 'checkout-dev' },
  spec: {
    template: {
      spec: {
        initContainers: [
          {
            name: 'migrate',
            env: [
              {
                name: 'DB_PASSWORD',
                valueFrom: {
                  secretKeyRef: { name: 'db-credentials', key: 'password' },
                },
              },
            ],
          },
        ],
        containers: [
          {
            name: 'api',
            env: [
              { name: 'PLAIN', value: 'x' },
              {
                name: 'DATABASE_URL',
                valueFrom: {
                  secretKeyRef: { name: 'db-credentials', key: 'url' },
                },
              },
              {
                name: 'FEATURE',
                valueFrom: {
                  secretKeyRef: {
                    name: 'flags',
                    key: 'beta',
                    optional: true,
                  },
                },
              },
            ],
            envFrom: [{ secretRef: { name: 'api-env' } }],
            volumeMounts: [{ name: 'tls', mountPath: '/tls' }],
          },
        ],
        volumes: [
          {
            name: 'tls',
            secret: { secretName: 'orders-tls', items: [{ key: 'tls.crt' }] },
          },
        ],
      },
    },
  },
};

describe('secretReferences', () => {
  it('finds env, envFrom and volume references of containers and init containers', () => {
    const refs = secretReferences(deployment).map(
      r =>
        `${r.container}:${r.secretName}/${r.key ?? '*'}${
          r.env ? `@${r.env}` : ''
        }${r.optional ? '?' : ''}`,
    );
    expect(refs).toEqual([
      'migrate:db-credentials/password@DB_PASSWORD',
      'api:db-credentials/url@DATABASE_URL',
      'api:flags/beta@FEATURE?',
      'api:api-env/*',
      'api:orders-tls/tls.crt',
    ]);
  });

  it('finds none in objects without a pod template', () => {
    expect(
      secretReferences({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x' },
      }),
    ).toEqual([]);
  });
});

describe('findMissingSecretKeys', () => {
  const live = new Map([
    [
      'checkout-dev',
      [
        inventoryEntry({
          metadata: { name: 'db-credentials' },
          data: { password: 'c2VjcmV0' },
        }),
        inventoryEntry({ metadata: { name: 'orders-tls' }, data: {} }),
      ],
    ],
  ]);

  it('names every missing key and whole Secret, skipping optional references', () => {
    const missing = findMissingSecretKeys([deployment], live);
    expect(missing.map(m => `${m.secretName}/${m.key ?? '*'}`)).toEqual([
      'db-credentials/url',
      'api-env/*',
      'orders-tls/tls.crt',
    ]);
    const error = missingSecretKeysError(missing);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      'Deployment/orders (container api, env DATABASE_URL) reads key "url" of Secret "db-credentials", which does not exist in checkout-dev',
    );
    expect(error.message).toContain('nothing was applied');
    expect(error.message).toContain('Secrets card');
  });

  it('counts Secrets of the same change, and never reads their values into the answer', () => {
    const secret: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api-env', namespace: 'checkout-dev' },
      stringData: { TOKEN: 'plain-text-token-value' },
    };
    const tls: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'orders-tls', namespace: 'checkout-dev' },
      data: { 'tls.crt': 'Y2VydA==' },
    };
    const db: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-credentials', namespace: 'checkout-dev' },
      data: { url: 'dXJs' },
    };
    const missing = findMissingSecretKeys([deployment, secret, tls, db], live);
    expect(missing).toEqual([]);
    expect(JSON.stringify(inventoryEntry(secret as never))).not.toContain(
      'plain-text-token-value',
    );
  });
});

describe('checkSecretReferences', () => {
  /** A client answering every Secret list with one Secret holding `password`; records the paths asked. */
  function fakeService() {
    const paths: string[] = [];
    const client = {
      cluster: { name: 'local' },
      request: async (request: KubernetesRequest) => {
        paths.push(request.path);
        return {
          items: [
            {
              metadata: { name: 'db-credentials' },
              type: 'Opaque',
              data: { password: 'cw==' },
            },
          ],
        };
      },
    } as unknown as KubernetesClient;
    return { client, paths };
  }

  it("reads the Secret keys of each namespace the change's workloads go to", async () => {
    const { client, paths } = fakeService();
    const { missing } = await checkSecretReferences(client, [deployment]);
    expect(paths).toEqual(['/api/v1/namespaces/checkout-dev/secrets']);
    expect(missing.map(m => `${m.secretName}/${m.key ?? ''}`)).toEqual([
      'db-credentials/url',
      'api-env/',
      'orders-tls/tls.crt',
    ]);
  });

  it('reads nothing of a namespace just created, where every referenced key is missing', async () => {
    const { client, paths } = fakeService();
    const { missing } = await checkSecretReferences(client, [deployment], {
      emptyNamespace: 'checkout-dev',
    });
    expect(paths).toEqual([]);
    expect(missing.map(m => `${m.secretName}/${m.key ?? ''}`)).toEqual([
      'db-credentials/password',
      'db-credentials/url',
      'api-env/',
      'orders-tls/tls.crt',
    ]);
  });
});
