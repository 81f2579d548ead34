import { NotFoundError } from '@backstage/errors';
import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import { commitOfRevision, FluxDelivery, GITOPS_NAME } from './FluxDelivery';

const SOURCE = `/apis/source.toolkit.fluxcd.io/v1/namespaces/shop-dev/gitrepositories/${GITOPS_NAME}`;
const KUSTOMIZATION = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/shop-dev/kustomizations/${GITOPS_NAME}`;
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

/** A client answering GETs from a table (missing → 404) and recording every other request. */
function fakeClient(objects: Record<string, unknown>, notFound = 'not found') {
  const sent: KubernetesRequest[] = [];
  const client = {
    request: async (request: KubernetesRequest) => {
      if (request.method && request.method !== 'GET') {
        sent.push(request);
        return {};
      }
      if (!(request.path in objects)) throw new NotFoundError(notFound);
      return objects[request.path];
    },
  } as unknown as KubernetesClient;
  return { client, sent };
}

const ready = (status: 'True' | 'False' | 'Unknown', reason = 'Succeeded') => [
  { type: 'Ready', status, reason, message: `${reason} message` },
];

function flux(options: {
  fetched?: string;
  applied?: string;
  sourceReady?: ReturnType<typeof ready>;
  kustomizationReady?: ReturnType<typeof ready>;
  kustomizationObserved?: boolean;
}) {
  return {
    [SOURCE]: {
      metadata: { generation: 1 },
      status: {
        observedGeneration: 1,
        conditions: options.sourceReady ?? ready('True'),
        ...(options.fetched
          ? { artifact: { revision: `main@sha1:${options.fetched}` } }
          : {}),
      },
    },
    [KUSTOMIZATION]: {
      metadata: { generation: 2 },
      status: {
        observedGeneration: options.kustomizationObserved === false ? 1 : 2,
        conditions: options.kustomizationReady ?? ready('True'),
        ...(options.applied
          ? { lastAppliedRevision: `main@sha1:${options.applied}` }
          : {}),
      },
    },
  };
}

describe('FluxDelivery', () => {
  describe('status', () => {
    it('is ready when the applied commit is the fetched one and Flux says Ready', async () => {
      const { client } = fakeClient(flux({ fetched: A, applied: A }));
      await expect(
        new FluxDelivery(client).status('shop-dev'),
      ).resolves.toEqual({
        state: 'ready',
        fetchedCommit: A,
        appliedCommit: A,
      });
    });

    it('is reconciling while a newer fetched commit is not applied yet, or the spec is not observed', async () => {
      const newer = fakeClient(flux({ fetched: B, applied: A }));
      await expect(
        new FluxDelivery(newer.client).status('shop-dev'),
      ).resolves.toEqual({
        state: 'reconciling',
        fetchedCommit: B,
        appliedCommit: A,
      });
      const unobserved = fakeClient(
        flux({ fetched: A, applied: A, kustomizationObserved: false }),
      );
      await expect(
        new FluxDelivery(unobserved.client).status('shop-dev'),
      ).resolves.toMatchObject({ state: 'reconciling' });
    });

    it("is failing with Flux's reason when the apply or the fetch failed", async () => {
      const apply = fakeClient(
        flux({
          fetched: B,
          applied: A,
          kustomizationReady: ready('False', 'HealthCheckFailed'),
        }),
      );
      await expect(
        new FluxDelivery(apply.client).status('shop-dev'),
      ).resolves.toEqual({
        state: 'failing',
        fetchedCommit: B,
        appliedCommit: A,
        reason: 'HealthCheckFailed',
        message: 'HealthCheckFailed message',
      });
      const fetch = fakeClient(
        flux({ applied: A, sourceReady: ready('False', 'GitOperationFailed') }),
      );
      await expect(
        new FluxDelivery(fetch.client).status('shop-dev'),
      ).resolves.toMatchObject({
        state: 'failing',
        reason: 'GitOperationFailed',
      });
    });

    it('is off when the environment has no GitRepository or Kustomization', async () => {
      const { client } = fakeClient({});
      await expect(
        new FluxDelivery(client).status('shop-dev'),
      ).resolves.toEqual({ state: 'off' });
    });

    it("says Flux is not installed when the API server does not know Flux's kinds", async () => {
      const { client } = fakeClient(
        {},
        'the server could not find the requested resource',
      );
      await expect(new FluxDelivery(client).status('shop-dev')).rejects.toThrow(
        /kind is not installed on this cluster: install Flux's source-controller and kustomize-controller/,
      );
    });
  });

  describe('connect', () => {
    const source = {
      url: 'http://127.0.0.1:13000/team-shop/deploy.git',
      branch: 'main',
      path: './environments/dev',
      secretName: 'deploy-git',
    };

    it('applies the ServiceAccount, its RoleBinding, the GitRepository and a Kustomization that applies as that ServiceAccount', async () => {
      const { client, sent } = fakeClient({});
      await new FluxDelivery(client).connect('shop-dev', source);
      expect(sent.map(r => [r.method, r.contentType, r.path])).toEqual([
        [
          'PATCH',
          'application/apply-patch+yaml',
          `/api/v1/namespaces/shop-dev/serviceaccounts/${GITOPS_NAME}`,
        ],
        [
          'PATCH',
          'application/apply-patch+yaml',
          `/apis/rbac.authorization.k8s.io/v1/namespaces/shop-dev/rolebindings/${GITOPS_NAME}`,
        ],
        ['PATCH', 'application/apply-patch+yaml', SOURCE],
        ['PATCH', 'application/apply-patch+yaml', KUSTOMIZATION],
      ]);
      const [, binding, repository, kustomization] = sent.map(
        r => r.body as any,
      );
      expect(binding.roleRef.name).toBe('paved:developer');
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: GITOPS_NAME, namespace: 'shop-dev' },
      ]);
      expect(repository.spec).toMatchObject({
        url: source.url,
        ref: { branch: 'main' },
        secretRef: { name: 'deploy-git' },
        interval: '10m',
      });
      expect(kustomization.spec).toMatchObject({
        path: './environments/dev',
        prune: true,
        deletionPolicy: 'Orphan',
        wait: true,
        targetNamespace: 'shop-dev',
        serviceAccountName: GITOPS_NAME,
      });
    });

    it.each([
      [{ url: 'git@host:team/deploy.git' }, /is not a URL/],
      [{ url: 'ssh://host/team/deploy.git' }, /must be http\(s\)/],
      [
        { url: 'https://bob:secret@host/deploy.git' },
        /must not carry credentials/,
      ],
      [{ path: 'environments/dev' }, /must be a path inside the repository/],
      [
        { path: './environments/../../etc' },
        /must be a path inside the repository/,
      ],
      [{ branch: 'main; rm' }, /is not a branch name/],
    ])('refuses %o before writing anything', async (change, message) => {
      const { client, sent } = fakeClient({});
      await expect(
        new FluxDelivery(client).connect('shop-dev', { ...source, ...change }),
      ).rejects.toThrow(message);
      expect(sent).toEqual([]);
    });
  });

  it('asks for a reconcile on the GitRepository, then the Kustomization', async () => {
    const { client, sent } = fakeClient({});
    await new FluxDelivery(client).requestReconcile(
      'shop-dev',
      new Date('2026-12-04T10:00:00Z'),
    );
    expect(sent.map(r => [r.path, r.body])).toEqual(
      [SOURCE, KUSTOMIZATION].map(path => [
        path,
        {
          metadata: {
            annotations: {
              'reconcile.fluxcd.io/requestedAt': '2026-12-04T10:00:00.000Z',
            },
          },
        },
      ]),
    );
  });

  it("reads the commit of Flux's revisions", () => {
    expect(commitOfRevision(`main@sha1:${A}`)).toBe(A);
    expect(commitOfRevision(`sha1:${A}`)).toBe(A);
    expect(commitOfRevision('main/1234')).toBeUndefined();
    expect(commitOfRevision(undefined)).toBeUndefined();
  });

  it('reads where a connected environment is delivered from, and nothing for one that is not', async () => {
    const objects = flux({ fetched: A, applied: A });
    (objects[SOURCE] as any).spec = {
      url: 'http://git.local/team/deploy.git',
      ref: { branch: 'main' },
      secretRef: { name: 'deploy-git' },
    };
    (objects[KUSTOMIZATION] as any).spec = { path: './environments/dev' };
    expect(
      await new FluxDelivery(fakeClient(objects).client).source('shop-dev'),
    ).toEqual({
      url: 'http://git.local/team/deploy.git',
      branch: 'main',
      path: './environments/dev',
      secretName: 'deploy-git',
    });
    expect(
      await new FluxDelivery(fakeClient({}).client).source('shop-dev'),
    ).toBeUndefined();
    // Flux not installed: the kinds are unknown, so no environment is delivered by GitOps
    expect(
      await new FluxDelivery(
        fakeClient(
          {},
          'the server could not find the requested resource',
        ).client,
      ).source('shop-dev'),
    ).toBeUndefined();
  });

  it("waits for the commit to be applied, and fails with Flux's reason when that commit fails", async () => {
    const applied = flux({ fetched: B, applied: B });
    expect(
      await new FluxDelivery(fakeClient(applied).client).waitForCommit(
        'shop-dev',
        B,
        { timeoutMs: 1000, intervalMs: 10 },
      ),
    ).toMatchObject({ state: 'ready', appliedCommit: B });

    const failing = flux({
      fetched: B,
      applied: A,
      kustomizationReady: ready('False', 'HealthCheckFailed'),
    });
    await expect(
      new FluxDelivery(fakeClient(failing).client).waitForCommit(
        'shop-dev',
        B,
        { timeoutMs: 1000, intervalMs: 10 },
      ),
    ).rejects.toThrow(
      /Flux could not apply commit bbbbbbbbbbbb to shop-dev: HealthCheckFailed \(HealthCheckFailed message\)/,
    );

    // an older commit failing is not this commit's failure: it waits, then says where things stand
    const older = flux({
      fetched: A,
      applied: A,
      kustomizationReady: ready('False', 'BuildFailed'),
    });
    await expect(
      new FluxDelivery(fakeClient(older).client).waitForCommit('shop-dev', B, {
        timeoutMs: 50,
        intervalMs: 10,
      }),
    ).rejects.toThrow(
      /had not applied commit bbbbbbbbbbbb to shop-dev after 0 s \(state failing, fetched aaaaaaaaaaaa/,
    );
  });

  it('waits out an artifact download Flux retries by itself, asking for a reconcile, and names it when time runs out', async () => {
    const objects = flux({
      fetched: B,
      applied: A,
      kustomizationReady: ready('False', 'ArtifactFailed'),
    });
    const { client, sent } = fakeClient(objects);
    const waiting = new FluxDelivery(client).waitForCommit('shop-dev', B, {
      timeoutMs: 2000,
      intervalMs: 10,
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    // still waiting; one reconcile asked for (source and Kustomization), not one per read
    expect(sent.map(r => `${r.method} ${r.path}`)).toEqual([
      `PATCH ${SOURCE}`,
      `PATCH ${KUSTOMIZATION}`,
    ]);
    Object.assign(objects, flux({ fetched: B, applied: B }));
    expect(await waiting).toMatchObject({ state: 'ready', appliedCommit: B });

    await expect(
      new FluxDelivery(
        fakeClient(
          flux({
            fetched: B,
            applied: A,
            kustomizationReady: ready('False', 'ArtifactFailed'),
          }),
        ).client,
      ).waitForCommit('shop-dev', B, { timeoutMs: 50, intervalMs: 10 }),
    ).rejects.toThrow(
      /had not applied commit bbbbbbbbbbbb to shop-dev after 0 s \(state failing, fetched bbbbbbbbbbbb, applied aaaaaaaaaaaa, last ArtifactFailed: ArtifactFailed message\)/,
    );
  });
});
