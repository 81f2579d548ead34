import { EnvVar, appImage } from './container';
import { ResolvedRenderOptions } from './types';

/**
 * The standard OpenTelemetry environment of a rendered container, so that an instrumented service's spans land
 * under its component and environment without configuration: `OTEL_SERVICE_NAME` (the component's
 * `backstage.io/kubernetes-id`, the name Paved searches traces by), `OTEL_EXPORTER_OTLP_ENDPOINT` and
 * `_PROTOCOL`, and `OTEL_RESOURCE_ATTRIBUTES` with the namespace and pod (from the downward API), the
 * environment, the version and the component's part. Variables the spec sets itself are left to it.
 */
export function telemetryEnv(
  spec: {
    name: string;
    image?: string;
    version?: string;
    env: Record<string, string>;
  },
  component: string,
  options: ResolvedRenderOptions,
): EnvVar[] {
  const own = new Set(Object.keys(spec.env));
  const attributes = [
    'k8s.namespace.name=$(OTEL_K8S_NAMESPACE)',
    'k8s.pod.name=$(OTEL_K8S_POD_NAME)',
    ...(options.environment
      ? [`deployment.environment.name=${options.environment}`]
      : []),
    `service.version=${imageTag(appImage(spec, options))}`,
    `app.kubernetes.io/component=${component}`,
  ].join(',');
  const vars: EnvVar[] = [
    {
      name: 'OTEL_K8S_NAMESPACE',
      valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
    },
    {
      name: 'OTEL_K8S_POD_NAME',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    },
    { name: 'OTEL_SERVICE_NAME', value: spec.name },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: options.otlpEndpoint },
    { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
    { name: 'OTEL_RESOURCE_ATTRIBUTES', value: attributes },
  ];
  return vars.filter(v => !own.has(v.name));
}

function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : 'latest';
}
