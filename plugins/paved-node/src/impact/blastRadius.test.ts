import { KubernetesObject } from '../apply/types';
import { computeBlastRadius } from './blastRadius';
import {
  ID,
  NAMESPACE,
  deployment,
  hpa,
  liveState,
  networkPolicy,
  pdb,
  podsOf,
  service,
} from './__fixtures__/objects';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const api = deployment('checkout-api', { replicas: 2 });
const web = deployment('checkout-web', { replicas: 1 });
const apiPods = podsOf(api, 2);
const webPods = podsOf(web, 1);
const apiService = service('checkout-api', { app: 'checkout-api' });
const webService = service('checkout-web', { app: 'checkout-web' });

const live = liveState({
  pods: [...apiPods, ...webPods],
  services: [apiService, webService],
  workloads: [api, web],
});

/** The API Deployment with its pod template's `app` label changed. */
function relabelled(app: string): KubernetesObject {
  const next = clone(api);
  (next.spec as any).template.metadata.labels.app = app;
  return next;
}

describe('computeBlastRadius', () => {
  describe('a change that touches nothing', () => {
    it('answers empty lists for no objects', () => {
      expect(
        computeBlastRadius({ namespace: NAMESPACE, live, changed: [] }),
      ).toEqual({
        restartingPods: [],
        services: [],
        conflicts: [],
        cutTraffic: [],
        components: [],
        owners: [],
      });
    });

    it('answers empty impact lists when the objects equal their live state', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        team: 'team-checkout',
        live,
        changed: [clone(api), clone(web), clone(apiService)],
      });
      expect(radius.restartingPods).toEqual([]);
      expect(radius.services).toEqual([]);
      expect(radius.conflicts).toEqual([]);
      expect(radius.cutTraffic).toEqual([]);
      expect(radius.components).toEqual(['checkout-api', 'checkout-web']);
      expect(radius.owners).toEqual(['team-checkout']);
    });
  });

  describe('restarting pods', () => {
    it('names the live pods of a workload whose pod template changes', () => {
      const next = deployment('checkout-api', {
        replicas: 2,
        image: 'ghcr.io/acme/checkout-api:1.1.0',
      });
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [next],
      });
      expect(radius.restartingPods).toEqual([
        {
          workload: 'Deployment/checkout-api',
          pods: [
            'checkout-api-5d9f8c6b7d-pod0',
            'checkout-api-5d9f8c6b7d-pod1',
          ],
        },
      ]);
      expect(radius.services).toEqual([]);
      expect(radius.components).toEqual(['checkout-api']);
    });

    it('restarts nothing when only the replicas change', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [deployment('checkout-api', { replicas: 3 })],
      });
      expect(radius.restartingPods).toEqual([]);
    });

    it('matches pods by matchExpressions and leaves finished pods out', () => {
      const worker = deployment('worker');
      (worker.spec as any).selector = {
        matchExpressions: [{ key: 'app', operator: 'In', values: ['worker'] }],
      };
      const [running] = podsOf(worker, 1);
      const finished = clone(running);
      finished.metadata.name = 'worker-done';
      finished.status = { phase: 'Succeeded' };
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({ pods: [running, finished], workloads: [worker] }),
        changed: [deployment('worker', { image: 'worker:2' })],
      });
      expect(radius.restartingPods).toEqual([
        { workload: 'Deployment/worker', pods: [running.metadata.name] },
      ]);
    });
  });

  describe('services', () => {
    it("reports a label change that empties a Service's endpoints", () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        team: 'team-checkout',
        live,
        changed: [relabelled('checkout')],
      });
      expect(radius.services).toEqual([
        {
          name: 'checkout-api',
          before: 2,
          after: 0,
          problem: 'no-endpoints',
          message:
            "Service checkout-api would select 0 pods (now 2): its selector app=checkout-api no longer matches Deployment checkout-api's pod labels",
        },
      ]);
      expect(radius.restartingPods).toHaveLength(1);
      expect(radius.components).toEqual(['checkout-api']);
      expect(radius.owners).toEqual(['team-checkout']);
    });

    it("reports a Service's own selector change", () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [service('checkout-api', { app: 'checkout' })],
      });
      expect(radius.services).toEqual([
        expect.objectContaining({
          name: 'checkout-api',
          before: 2,
          after: 0,
          problem: 'no-endpoints',
          message:
            'Service checkout-api would select 0 pods (now 2): its selector changes from app=checkout-api to app=checkout',
        }),
      ]);
      expect(radius.restartingPods).toEqual([]);
    });

    it('reports fewer replicas as lost pods', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [deployment('checkout-api', { replicas: 1 })],
      });
      expect(radius.services).toEqual([
        {
          name: 'checkout-api',
          before: 2,
          after: 1,
          problem: 'loses-pods',
          message:
            'Service checkout-api would select 1 pod (now 2): Deployment checkout-api goes from 2 to 1 pods',
        },
      ]);
    });

    it('reports pods of another workload that start to match', () => {
      const canary = deployment('checkout-api-canary', {
        component: 'checkout-api-canary',
        labels: { app: 'checkout-api' },
      });
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [canary],
      });
      expect(radius.services).toEqual([
        {
          name: 'checkout-api',
          before: 2,
          after: 3,
          problem: 'gains-pods',
          message:
            "Service checkout-api would select 3 pods (now 2): the new Deployment checkout-api-canary's pods match its selector app=checkout-api",
        },
      ]);
      expect(radius.components).toEqual([
        'checkout-api',
        'checkout-api-canary',
      ]);
    });

    it('reports the pods of a removed workload as lost', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [],
        removed: [{ kind: 'Deployment', name: 'checkout-web' }],
      });
      expect(radius.services).toEqual([
        expect.objectContaining({
          name: 'checkout-web',
          problem: 'no-endpoints',
          message:
            'Service checkout-web would select 0 pods (now 1): Deployment checkout-web is removed',
        }),
      ]);
    });
  });

  describe('conflicts', () => {
    it('reports a PodDisruptionBudget that blocks every eviction', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [pdb('checkout-api', { minAvailable: 2 })],
      });
      expect(radius.conflicts).toEqual([
        {
          kind: 'PodDisruptionBudget',
          name: 'checkout-api',
          message:
            "PodDisruptionBudget checkout-api keeps minAvailable 2 of Deployment checkout-api's 2 pods: it blocks every eviction (node drains and cluster upgrades wait forever); lower minAvailable below the replica count or set maxUnavailable to at least 1",
        },
      ]);
      expect(radius.components).toEqual(['checkout-api']);
    });

    it.each([
      [{ minAvailable: '100%' }, true],
      [{ minAvailable: '50%' }, false],
      [{ minAvailable: 1 }, false],
      [{ maxUnavailable: 0 }, true],
      [{ maxUnavailable: '0%' }, true],
      [{ maxUnavailable: '10%' }, false],
      [{ maxUnavailable: 1 }, false],
    ])('judges %j over 2 replicas (blocks: %s)', (budget, blocks) => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [pdb('checkout-api', budget)],
      });
      expect(radius.conflicts).toHaveLength(blocks ? 1 : 0);
    });

    it("counts an HPA's minReplicas as the PDB's replicas", () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({
          ...live,
          horizontalPodAutoscalers: [hpa('checkout-api', { min: 3, max: 6 })],
        }),
        changed: [pdb('checkout-api', { minAvailable: 3 })],
      });
      expect(radius.conflicts.map(c => c.message)).toEqual([
        expect.stringContaining(
          "minAvailable 3 of Deployment checkout-api's 3 pods",
        ),
      ]);
    });

    it('leaves out a live PDB conflict the change does not touch', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({
          ...live,
          podDisruptionBudgets: [pdb('checkout-api', { minAvailable: 2 })],
        }),
        changed: [deployment('checkout-web', { image: 'web:2' })],
      });
      expect(radius.conflicts).toEqual([]);
    });

    it('reports a PDB that starts to block when the change lowers the replicas', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({
          ...live,
          podDisruptionBudgets: [pdb('checkout-api', { minAvailable: 1 })],
        }),
        changed: [deployment('checkout-api', { replicas: 1 })],
      });
      expect(radius.conflicts).toEqual([
        expect.objectContaining({
          kind: 'PodDisruptionBudget',
          name: 'checkout-api',
        }),
      ]);
    });

    it('reports an HPA with minReplicas above maxReplicas and one without its target', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [
          hpa('checkout-web', { min: 5, max: 2 }),
          hpa('gone', { max: 3 }, 'checkout-worker'),
        ],
      });
      expect(radius.conflicts).toEqual([
        {
          kind: 'HorizontalPodAutoscaler',
          name: 'checkout-web',
          message:
            'HorizontalPodAutoscaler checkout-web has minReplicas 5 greater than maxReplicas 2; raise maxReplicas or lower minReplicas',
        },
        {
          kind: 'HorizontalPodAutoscaler',
          name: 'gone',
          message: `HorizontalPodAutoscaler gone scales Deployment checkout-worker, which does not exist in ${NAMESPACE}; fix spec.scaleTargetRef or add the workload`,
        },
      ]);
    });

    it('warns when a workload an HPA scales sets spec.replicas', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({
          ...live,
          horizontalPodAutoscalers: [hpa('checkout-api', { min: 2, max: 6 })],
        }),
        changed: [deployment('checkout-api', { replicas: 2 })],
      });
      expect(radius.conflicts).toEqual([
        {
          kind: 'Deployment',
          name: 'checkout-api',
          message:
            'Deployment checkout-api is scaled by HorizontalPodAutoscaler checkout-api but its manifest sets spec.replicas 2: each apply resets the replicas to 2 until the autoscaler scales again; remove spec.replicas from the manifest',
        },
      ]);
    });

    it("reads from the dry run's managedFields whether the change sets spec.replicas", () => {
      const next = deployment('checkout-api', { replicas: 4 });
      next.metadata.managedFields = [
        {
          manager: 'paved',
          operation: 'Apply',
          fieldsV1: { 'f:spec': { 'f:template': {} } },
        },
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        },
      ];
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({
          ...live,
          horizontalPodAutoscalers: [hpa('checkout-api', { min: 2, max: 6 })],
        }),
        changed: [next],
      });
      expect(radius.conflicts).toEqual([]);
    });
  });

  describe('cut traffic', () => {
    const denyOthers = networkPolicy('checkout-api', {
      podSelector: { matchLabels: { [ID]: 'checkout-api' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
              },
            },
          ],
        },
      ],
    });
    const sameNamespace = networkPolicy('paved-allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }] }],
    });

    it('reports a NetworkPolicy that cuts a sibling component', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        team: 'team-checkout',
        live,
        changed: [denyOthers],
      });
      expect(radius.cutTraffic).toEqual([
        {
          from: 'checkout-web',
          to: 'checkout-api',
          policy: 'checkout-api',
          message:
            "checkout-web could no longer reach checkout-api: NetworkPolicy checkout-api selects checkout-api's pods for ingress and none of its rules admits checkout-web's pods",
        },
      ]);
      expect(radius.components).toEqual(['checkout-api', 'checkout-web']);
    });

    it('cuts nothing while another policy still admits the sibling', () => {
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({ ...live, networkPolicies: [sameNamespace] }),
        changed: [denyOthers],
      });
      expect(radius.cutTraffic).toEqual([]);
    });

    it('admits a peer whose namespaceSelector names this namespace', () => {
      const fromSiblings = networkPolicy('checkout-api', {
        podSelector: { matchLabels: { [ID]: 'checkout-api' } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': NAMESPACE },
                },
                podSelector: { matchLabels: { [ID]: 'checkout-web' } },
              },
            ],
          },
        ],
      });
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [fromSiblings],
      });
      expect(radius.cutTraffic).toEqual([]);
    });

    it('names the removed policy that let the traffic through', () => {
      const denyAll = networkPolicy('default-deny', {
        podSelector: {},
        policyTypes: ['Ingress'],
      });
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({ ...live, networkPolicies: [denyAll, sameNamespace] }),
        changed: [],
        removed: [
          { kind: 'NetworkPolicy', name: 'paved-allow-same-namespace' },
        ],
      });
      expect(radius.cutTraffic.map(c => [c.from, c.to, c.policy])).toEqual([
        ['checkout-api', 'checkout-web', 'paved-allow-same-namespace'],
        ['checkout-web', 'checkout-api', 'paved-allow-same-namespace'],
      ]);
      expect(radius.cutTraffic[0].message).toBe(
        "checkout-api could no longer reach checkout-web: NetworkPolicy default-deny selects checkout-web's pods for ingress and none of its rules admits checkout-api's pods; NetworkPolicy paved-allow-same-namespace, which let it through, is removed",
      );
    });

    it('takes a policy without policyTypes as Ingress, and Egress too when it has egress rules', () => {
      const egressToDns = networkPolicy('checkout-web-egress', {
        podSelector: { matchLabels: { [ID]: 'checkout-web' } },
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
                },
              },
            ],
          },
        ],
      });
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live,
        changed: [egressToDns],
      });
      expect(radius.cutTraffic).toEqual([
        {
          from: 'checkout-api',
          to: 'checkout-web',
          policy: 'checkout-web-egress',
          message:
            "checkout-api could no longer reach checkout-web: NetworkPolicy checkout-web-egress selects checkout-web's pods for ingress and none of its rules admits checkout-api's pods",
        },
        {
          from: 'checkout-web',
          to: 'checkout-api',
          policy: 'checkout-web-egress',
          message:
            "checkout-web could no longer reach checkout-api: NetworkPolicy checkout-web-egress selects checkout-web's pods for egress and none of its rules lets them reach checkout-api's pods",
        },
      ]);
    });

    it("reports traffic cut by a pod label change the policy's rule no longer admits", () => {
      const fromWeb = networkPolicy('checkout-api', {
        podSelector: { matchLabels: { [ID]: 'checkout-api' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: { app: 'checkout-web' } } }] },
        ],
      });
      const nextWeb = clone(web);
      (nextWeb.spec as any).template.metadata.labels.app = 'storefront';
      const radius = computeBlastRadius({
        namespace: NAMESPACE,
        live: liveState({ ...live, networkPolicies: [fromWeb] }),
        changed: [nextWeb],
      });
      expect(radius.cutTraffic.map(c => [c.from, c.to, c.policy])).toEqual([
        ['checkout-web', 'checkout-api', 'checkout-api'],
      ]);
    });
  });

  it('ignores changed objects of another namespace', () => {
    const elsewhere = relabelled('checkout');
    elsewhere.metadata.namespace = 'checkout-prod';
    const radius = computeBlastRadius({
      namespace: NAMESPACE,
      live,
      changed: [elsewhere],
    });
    expect(radius.services).toEqual([]);
    expect(radius.components).toEqual([]);
  });
});
