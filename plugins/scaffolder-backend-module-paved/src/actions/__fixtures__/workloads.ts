/** A Deployment that passes every guardrail; tests break one thing at a time. */
export function goodDeployment(
  name: string,
  overrides: { replicas?: number; cpu?: string } = {},
) {
  const labels = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: overrides.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'app',
              image: 'registry.paved.local/app:1.0.0',
              ports: [{ containerPort: 8080 }],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
              resources: {
                requests: { cpu: overrides.cpu ?? '50m', memory: '64Mi' },
                limits: { cpu: overrides.cpu ?? '1', memory: '128Mi' },
              },
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

type Deployment = ReturnType<typeof goodDeployment>;

/** Applies `change` to a deep copy of a good Deployment. */
export function brokenDeployment(
  name: string,
  change: (d: any) => void,
): Deployment {
  const d = JSON.parse(JSON.stringify(goodDeployment(name)));
  change(d);
  return d;
}

export const configMapYaml = (name: string, level = 'info') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  LOG_LEVEL: ${level}\n`;
