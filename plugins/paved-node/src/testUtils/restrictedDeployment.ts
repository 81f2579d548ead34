/**
 * A Deployment of one container that the `restricted` Pod Security level admits (non-root, no privilege
 * escalation, no capabilities, the runtime's seccomp profile), with `labels` on it, its selector and its pods.
 *
 * @public
 */
export function restrictedDeployment(options: {
  name: string;
  image: string;
  labels: Record<string, string>;
  replicas?: number;
}) {
  const { name, image, labels } = options;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: options.replicas ?? 1,
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
              image,
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}
