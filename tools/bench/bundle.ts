/** A 12-object web-service bundle that passes Paved's guardrails, for benchmarks. */
export function webServiceBundle(name: string): Array<Record<string, any>> {
  const labels = {
    'app.kubernetes.io/name': name,
    'backstage.io/kubernetes-id': name,
  };
  const meta = (suffix = '') => ({ name: `${name}${suffix}`, labels });
  const container = {
    name: 'app',
    image: `registry.paved.local/${name}:1.0.0`,
    ports: [{ name: 'http', containerPort: 8080 }],
    envFrom: [{ configMapRef: { name: `${name}-config` } }],
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    resources: {
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
  };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('-config'),
      data: { LOG_LEVEL: 'info', PORT: '8080' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('-features'),
      data: { CHECKOUT_V2: 'false' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('-db'),
      stringData: { PASSWORD: 'placeholder' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(),
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            securityContext: {
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [container],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(),
      spec: {
        selector: { 'app.kubernetes.io/name': name },
        ports: [{ port: 80, targetPort: 'http' }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(),
      spec: {
        rules: [
          {
            host: `${name}.paved.local`,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(),
      spec: {
        minAvailable: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(),
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('-reader'),
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('-reader'),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: `${name}-reader`,
      },
      subjects: [{ kind: 'ServiceAccount', name }],
    },
  ];
}
