import { GoldenPath } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { simpleSpecs } from './__fixtures__/specs';
import { renderGoldenPath } from './renderGoldenPath';

const render = (
  goldenPath: GoldenPath,
  spec: object = simpleSpecs[goldenPath],
  options: object = {},
) =>
  renderGoldenPath(spec as any, goldenPath, {
    namespace: 'checkout-dev',
    environment: 'dev',
    ...options,
  });

function containerEnv(objects: KubernetesObject[]): Array<any> {
  const workload = objects.find(o =>
    ['Deployment', 'CronJob'].includes(o.kind),
  ) as any;
  const pod =
    workload.kind === 'CronJob'
      ? workload.spec.jobTemplate.spec.template.spec
      : workload.spec.template.spec;
  return pod.containers[0].env;
}

const byName = (env: Array<any>) =>
  Object.fromEntries(env.map(e => [e.name, e.value ?? e.valueFrom]));

describe('the OpenTelemetry environment of rendered workloads', () => {
  it.each([
    ['web-service', 'checkout-api', 'web', '1.4.2'],
    ['worker', 'orders-worker', 'worker', '2.0.1'],
    ['cron-job', 'nightly-report', 'cronjob', '3.1.0'],
  ] as const)(
    'gives the %s golden path its service name, endpoint and resource attributes',
    (goldenPath, name, component, version) => {
      const spec = { ...simpleSpecs[goldenPath] } as any;
      const env = byName(containerEnv(render(goldenPath, spec)));
      expect(env.OTEL_SERVICE_NAME).toBe(name);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
        'http://otel-collector.observability.svc:4318',
      );
      expect(env.OTEL_EXPORTER_OTLP_PROTOCOL).toBe('http/protobuf');
      expect(env.OTEL_K8S_NAMESPACE).toEqual({
        fieldRef: { fieldPath: 'metadata.namespace' },
      });
      expect(env.OTEL_K8S_POD_NAME).toEqual({
        fieldRef: { fieldPath: 'metadata.name' },
      });
      const attributes = Object.fromEntries(
        String(env.OTEL_RESOURCE_ATTRIBUTES)
          .split(',')
          .map(pair => pair.split('=')),
      );
      expect(attributes).toMatchObject({
        'k8s.namespace.name': '$(OTEL_K8S_NAMESPACE)',
        'k8s.pod.name': '$(OTEL_K8S_POD_NAME)',
        'deployment.environment.name': 'dev',
        'app.kubernetes.io/component': component,
      });
      expect(attributes['service.version']).toBe(version);
    },
  );

  it('defines the downward-API variables before the attributes that refer to them', () => {
    const names = containerEnv(render('web-service')).map(e => e.name);
    expect(names.indexOf('OTEL_K8S_NAMESPACE')).toBeLessThan(
      names.indexOf('OTEL_RESOURCE_ATTRIBUTES'),
    );
    expect(names.indexOf('OTEL_K8S_POD_NAME')).toBeLessThan(
      names.indexOf('OTEL_RESOURCE_ATTRIBUTES'),
    );
  });

  it('sends to the configured endpoint', () => {
    const env = byName(
      containerEnv(
        render('web-service', undefined, {
          otlpEndpoint: 'http://collector.tracing:4318',
        }),
      ),
    );
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      'http://collector.tracing:4318',
    );
  });

  it("leaves a variable the spec sets to the spec's value", () => {
    const spec = {
      ...simpleSpecs['web-service'],
      env: { ...simpleSpecs['web-service'].env, OTEL_SERVICE_NAME: 'checkout' },
    };
    const env = containerEnv(render('web-service', spec));
    expect(env.filter(e => e.name === 'OTEL_SERVICE_NAME')).toEqual([
      { name: 'OTEL_SERVICE_NAME', value: 'checkout' },
    ]);
  });
});
