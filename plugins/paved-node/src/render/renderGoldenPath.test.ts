import { InputError } from '@backstage/errors';
import { GOLDEN_PATHS, GoldenPath } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { advancedSpecs, simpleSpecs } from './__fixtures__/specs';
import { renderGoldenPath } from './renderGoldenPath';
import { OPTIONAL_KIND_ANNOTATION } from './types';

const options = { namespace: 'checkout-dev', environment: 'dev' };
const render = (
  goldenPath: GoldenPath,
  spec: object = simpleSpecs[goldenPath],
) => renderGoldenPath(spec as any, goldenPath, options);
const find = (objects: KubernetesObject[], kind: string, name?: string) => {
  const found = objects.find(
    o => o.kind === kind && (!name || o.metadata.name === name),
  );
  if (!found) throw new Error(`no ${kind} rendered`);
  return found as any;
};
const kinds = (objects: KubernetesObject[]) => objects.map(o => o.kind);
/** A container's env without the OpenTelemetry variables every app container gets (telemetry.test.ts). */
const appEnv = (env: Array<{ name: string }>) =>
  env.filter(e => !e.name.startsWith('OTEL_'));
const component: Record<GoldenPath, string> = {
  'web-service': 'web',
  worker: 'worker',
  'cron-job': 'cronjob',
  database: 'database',
};

/** The medium size preset every simple spec gets. */
const mediumResources = {
  requests: { cpu: '250m', memory: '512Mi' },
  limits: { cpu: '1', memory: '1Gi' },
};
/** The container hardening every golden path applies (Pod Security "restricted"). */
const restrictedContainer = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};
const pgIsReady = [
  'pg_isready',
  ...['-U', 'app', '-d', 'orders', '-h', '127.0.0.1', '-p', '5432'],
];

/** What must hold in the main workload each simple spec renders, whatever else the snapshot shows. */
const essentials: Record<
  GoldenPath,
  {
    kind: string;
    image: string;
    replicas?: number;
    schedule?: string;
    ports?: object[];
    liveness?: object;
    readiness?: object;
    runAsUser: number;
  }
> = {
  'web-service': {
    kind: 'Deployment',
    image: 'registry.paved.local/checkout-api:1.4.2',
    replicas: 3,
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    liveness: { httpGet: { path: '/healthz', port: 'http' } },
    readiness: { httpGet: { path: '/ready', port: 'http' } },
    runAsUser: 10001,
  },
  worker: {
    kind: 'Deployment',
    image: 'registry.paved.local/orders-worker:2.0.1',
    replicas: 2,
    liveness: {
      exec: {
        command: ['/bin/sh', '-c', 'find /tmp/healthy -mmin -2 | grep -q .'],
      },
    },
    readiness: { exec: { command: ['/bin/sh', '-c', 'test -f /tmp/healthy'] } },
    runAsUser: 10001,
  },
  'cron-job': {
    kind: 'CronJob',
    image: 'registry.paved.local/reports:3.1.0',
    schedule: '0 3 * * *',
    runAsUser: 10001,
  },
  database: {
    kind: 'StatefulSet',
    image: 'registry.paved.local/postgres:16.4',
    replicas: 1,
    ports: [{ containerPort: 5432, name: 'postgres', protocol: 'TCP' }],
    liveness: { exec: { command: pgIsReady } },
    readiness: { exec: { command: pgIsReady } },
    runAsUser: 999,
  },
};

describe('renderGoldenPath', () => {
  it.each(GOLDEN_PATHS)('renders the %s golden path', goldenPath => {
    const objects = render(goldenPath);
    expect(objects).toMatchSnapshot();

    const expected = essentials[goldenPath];
    const { name } = simpleSpecs[goldenPath];
    const workload = find(objects, expected.kind);
    const pod =
      expected.kind === 'CronJob'
        ? workload.spec.jobTemplate.spec.template
        : workload.spec.template;
    const [container] = pod.spec.containers;
    expect(workload.spec.replicas).toBe(expected.replicas);
    expect(workload.spec.schedule).toBe(expected.schedule);
    expect(container.image).toBe(expected.image);
    expect(container.resources).toEqual(mediumResources);
    expect(container.ports).toEqual(expected.ports);
    // probes where the golden path has them, none where it does not
    expect({
      liveness: container.livenessProbe,
      readiness: container.readinessProbe,
    }).toMatchObject({
      liveness: expected.liveness,
      readiness: expected.readiness,
    });
    expect(container.securityContext).toEqual(restrictedContainer);
    expect(pod.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: expected.runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/component': component[goldenPath],
      'app.kubernetes.io/managed-by': 'paved',
      'backstage.io/kubernetes-id': name,
    });
    expect(workload.metadata.namespace).toBe('checkout-dev');
  });

  it('renders the kinds of each golden path', () => {
    expect(kinds(render('web-service'))).toEqual([
      'ServiceAccount',
      'Deployment',
      'Service',
      'Ingress',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'ServiceMonitor',
    ]);
    expect(kinds(render('worker'))).toEqual([
      'ServiceAccount',
      'Deployment',
      'PodDisruptionBudget',
      'NetworkPolicy',
    ]);
    expect(kinds(render('cron-job'))).toEqual(['ServiceAccount', 'CronJob']);
    expect(kinds(render('database'))).toEqual([
      'ServiceAccount',
      'StatefulSet',
      'Service',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'PersistentVolumeClaim',
      'CronJob',
    ]);
  });

  it.each(
    GOLDEN_PATHS.flatMap(g => [
      [g, 'simple', simpleSpecs[g]],
      [g, 'advanced', advancedSpecs[g]],
    ]) as Array<[GoldenPath, string, object]>,
  )(
    'labels every %s object (%s spec) and pod template for Backstage and Paved',
    (goldenPath, _variant, spec) => {
      const objects = render(goldenPath, spec);
      for (const object of objects) {
        const { name } = spec as { name: string };
        const labels = object.metadata.labels ?? {};
        expect(labels).toMatchObject({
          'app.kubernetes.io/name': name,
          'app.kubernetes.io/instance': name,
          'app.kubernetes.io/part-of': name,
          'app.kubernetes.io/managed-by': 'paved',
          'backstage.io/kubernetes-id': name,
          'paved.dev/team': 'group.default.team-checkout',
        });
        expect(['web', 'worker', 'cronjob', 'database']).toContain(
          labels['app.kubernetes.io/component'],
        );
        expect(object.metadata.namespace).toBe('checkout-dev');
      }
      const templates = objects.filter(o => podTemplateMeta(o));
      expect(templates.length).toBeGreaterThan(0);
      for (const object of templates) {
        expect(podTemplateMeta(object).labels).toEqual(object.metadata.labels);
      }
      expect(
        find(objects, goldenPath === 'cron-job' ? 'CronJob' : 'ServiceAccount')
          .metadata.labels['app.kubernetes.io/component'],
      ).toBe(component[goldenPath]);
    },
  );

  it('turns env literals into values and secret references into secretKeyRefs', () => {
    const container = find(render('web-service'), 'Deployment').spec.template
      .spec.containers[0];
    expect(appEnv(container.env)).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'checkout-db', key: 'url' } },
      },
      { name: 'PORT', value: '8080' },
    ]);
  });

  it('applies the web-service baseline', () => {
    const objects = render('web-service');
    const deployment = find(objects, 'Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(deployment.spec.replicas).toBe(3);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
    expect(container.livenessProbe.httpGet).toEqual({
      path: '/healthz',
      port: 'http',
    });
    expect(container.readinessProbe.httpGet).toEqual({
      path: '/ready',
      port: 'http',
    });
    expect(container.volumeMounts).toContainEqual({
      name: 'tmp',
      mountPath: '/tmp',
    });
    expect(find(objects, 'Ingress').spec.rules[0].host).toBe(
      'checkout-api.dev.paved.local',
    );
    expect(find(objects, 'HorizontalPodAutoscaler').spec).toMatchObject({
      minReplicas: 3,
      maxReplicas: 20,
      metrics: [
        {
          resource: {
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    });
    expect(find(objects, 'NetworkPolicy').spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
      { from: [{ podSelector: {} }] },
    ]);
    expect(find(objects, 'ServiceAccount').automountServiceAccountToken).toBe(
      false,
    );
    expect(
      find(objects, 'ServiceMonitor').metadata.annotations[
        OPTIONAL_KIND_ANNOTATION
      ],
    ).toBe('true');
  });

  it('follows the advanced web-service fields', () => {
    const objects = render('web-service', advancedSpecs['web-service']);
    const deployment = find(objects, 'Deployment');
    const [container] = deployment.spec.template.spec.containers;
    expect(deployment.spec.replicas).toBe(4);
    expect(container.image).toBe('registry.paved.local/checkout-api:1.5.0');
    expect(container.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '2', memory: '6Gi' },
    });
    expect(container.livenessProbe).toMatchObject({
      httpGet: { path: '/live', port: 'http' },
      periodSeconds: 20,
    });
    expect(container.readinessProbe).toMatchObject({
      httpGet: { path: '/ready' },
      initialDelaySeconds: 15,
    });
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'cache', emptyDir: { sizeLimit: '2Gi' } },
      { name: 'config', configMap: { name: 'checkout-config' } },
      { name: 'certs', secret: { secretName: 'checkout-certs' } },
      {
        name: 'uploads',
        persistentVolumeClaim: { claimName: 'checkout-uploads' },
      },
    ]);
    expect(find(objects, 'Service').spec.ports.map((p: any) => p.name)).toEqual(
      ['http', 'metrics'],
    );
    expect(find(objects, 'ServiceMonitor').spec.endpoints[0].port).toBe(
      'metrics',
    );
    expect(find(objects, 'Ingress').spec.rules[0]).toMatchObject({
      host: 'checkout.example.com',
      http: { paths: [{ path: '/api' }] },
    });
    expect(deployment.spec.template.metadata.annotations).toEqual({
      'example.com/on-call': 'checkout',
    });
  });

  it('names the ingress host after the namespace when no environment is given, and admits the monitoring namespace when asked', () => {
    const objects = renderGoldenPath(
      simpleSpecs['web-service'],
      'web-service',
      {
        namespace: 'checkout-staging',
        ingressControllerNamespace: 'ingress',
        monitoringNamespace: 'monitoring',
      },
    );
    expect(find(objects, 'Ingress').spec.rules[0].host).toBe(
      'checkout-api.checkout-staging.paved.local',
    );
    const rules = find(objects, 'NetworkPolicy').spec.ingress;
    expect(rules[0].from[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'ingress',
    });
    expect(rules[2]).toEqual({
      from: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
          },
        },
      ],
      ports: [{ protocol: 'TCP', port: 'http' }],
    });
  });

  it('gives a worker its queue URL, exec probes and a deny-all NetworkPolicy', () => {
    const objects = render('worker');
    const container = find(objects, 'Deployment').spec.template.spec
      .containers[0];
    expect(container.env).toContainEqual({
      name: 'QUEUE_URL',
      valueFrom: { secretKeyRef: { name: 'orders-queue', key: 'url' } },
    });
    expect(container.env).toContainEqual({ name: 'BATCH_SIZE', value: '50' });
    expect(container.livenessProbe.exec.command[0]).toBe('/bin/sh');
    expect(container.readinessProbe.exec).toBeDefined();
    expect(container.ports).toBeUndefined();
    expect(find(objects, 'NetworkPolicy').spec).toEqual({
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': 'orders-worker',
          'app.kubernetes.io/instance': 'orders-worker',
          'app.kubernetes.io/component': 'worker',
        },
      },
      policyTypes: ['Ingress'],
    });

    const advanced = render('worker', advancedSpecs.worker);
    const busy = find(advanced, 'Deployment').spec.template.spec.containers[0];
    expect(appEnv(busy.env)).toEqual([
      {
        name: 'AMQP_URL',
        valueFrom: { secretKeyRef: { name: 'orders-queue', key: 'url' } },
      },
    ]);
    expect(busy.livenessProbe.httpGet).toEqual({
      path: '/healthz',
      port: 8081,
    });
    expect(find(advanced, 'HorizontalPodAutoscaler').spec.maxReplicas).toBe(12);
  });

  it('copies the literal queue URL of the env entry the worker names', () => {
    const objects = render('worker', {
      ...simpleSpecs.worker,
      env: { BROKER: 'amqp://rabbitmq:5672' },
      queue: { urlFrom: 'BROKER' },
    });
    expect(
      appEnv(find(objects, 'Deployment').spec.template.spec.containers[0].env),
    ).toEqual([
      { name: 'BROKER', value: 'amqp://rabbitmq:5672' },
      { name: 'QUEUE_URL', value: 'amqp://rabbitmq:5672' },
    ]);
  });

  it('renders the cron-job settings', () => {
    const job = find(render('cron-job', advancedSpecs['cron-job']), 'CronJob');
    expect(job.spec).toMatchObject({
      schedule: '30 2 * * MON-FRI',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: 7200,
          template: { spec: { restartPolicy: 'Never' } },
        },
      },
    });
  });

  it('takes the database password from a Secret, never a literal', () => {
    const objects = render('database');
    const set = find(objects, 'StatefulSet');
    const backup = find(objects, 'CronJob', 'orders-backup');
    const password = {
      valueFrom: { secretKeyRef: { name: 'orders-db', key: 'password' } },
    };
    expect(set.spec.template.spec.containers[0].env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      ...password,
    });
    expect(
      backup.spec.jobTemplate.spec.template.spec.containers[0].env,
    ).toContainEqual({ name: 'PGPASSWORD', ...password });
    expect(JSON.stringify(objects)).not.toMatch(
      /"name":"(POSTGRES_PASSWORD|PGPASSWORD)","value"/,
    );
    expect(
      set.spec.volumeClaimTemplates[0].spec.resources.requests.storage,
    ).toBe('10Gi');
    expect(set.spec.template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      fsGroup: 999,
    });
    expect(
      set.spec.template.spec.containers[0].livenessProbe.exec.command[0],
    ).toBe('pg_isready');
    expect(find(objects, 'Service').spec.clusterIP).toBe('None');
    expect(
      find(objects, 'PersistentVolumeClaim').spec.resources.requests.storage,
    ).toBe('10Gi');
  });

  it('renders nothing for an invalid spec', () => {
    let objects: KubernetesObject[] | undefined;
    expect(() => {
      objects = renderGoldenPath(
        { ...simpleSpecs['web-service'], owner: 'team-checkout' },
        'web-service',
      );
    }).toThrow(InputError);
    expect(objects).toBeUndefined();
  });

  it('renders objects that share no references', () => {
    const objects = render('database');
    const seen = new Set<object>();
    const walk = (value: unknown) => {
      if (typeof value !== 'object' || value === null) return;
      expect(seen.has(value)).toBe(false);
      seen.add(value);
      Object.values(value).forEach(walk);
    };
    objects.forEach(walk);
  });
});

function podTemplateMeta(object: KubernetesObject): any {
  const spec = object.spec as any;
  if (object.kind === 'CronJob') return spec.jobTemplate.spec.template.metadata;
  return spec?.template?.metadata;
}
