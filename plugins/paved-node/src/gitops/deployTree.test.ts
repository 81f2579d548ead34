import { applyPatch, Operation } from 'fast-json-patch';
import { parse } from 'yaml';
import { KubernetesObject } from '../apply/types';
import { DeployTreeChange, layoutDeployTree } from './deployTree';

function deployment(image: string, replicas = 1): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'payments-api',
      namespace: 'checkout-dev',
      labels: { 'backstage.io/kubernetes-id': 'payments-api' },
    },
    spec: {
      replicas,
      template: { spec: { containers: [{ name: 'app', image }] } },
    },
  } as KubernetesObject;
}

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'payments-api', namespace: 'checkout-dev' },
  spec: { ports: [{ port: 80 }] },
} as KubernetesObject;

const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'payments-flags', namespace: 'checkout-prod' },
  data: { beta: 'off' },
} as KubernetesObject;

/** What kustomize builds from the overlay: the base's objects with the overlay's patches, deletes and extras. */
function build(
  files: Record<string, string>,
  overlay: string,
): KubernetesObject[] {
  const kustomization = parse(files[`${overlay}/kustomization.yaml`]);
  const [baseRef, ...extras] = kustomization.resources as string[];
  const baseFolder = `${overlay}/${baseRef}`
    .split('/')
    .reduce<string[]>(
      (acc, part) => (part === '..' ? acc.slice(0, -1) : [...acc, part]),
      [],
    )
    .join('/');
  const base = parse(files[`${baseFolder}/kustomization.yaml`]);
  let objects: KubernetesObject[] = (base.resources as string[]).map(f =>
    parse(files[`${baseFolder}/${f}`]),
  );
  for (const { target, patch } of kustomization.patches ?? []) {
    const parsed = parse(patch);
    objects = objects.flatMap(o => {
      if (o.kind !== target.kind || o.metadata.name !== target.name) return [o];
      if (parsed.$patch === 'delete') return [];
      return [applyPatch(o, parsed as Operation[], true, false).newDocument];
    });
  }
  return [...objects, ...extras.map(f => parse(files[`${overlay}/${f}`]))];
}

function withoutNamespace(o: KubernetesObject) {
  const { namespace: _ns, ...metadata } = o.metadata;
  return { ...o, metadata };
}

const empty = { base: [], overlay: [], baseObjects: {} };

describe('layoutDeployTree', () => {
  it('writes a base and an overlay that builds to the objects, and lists the component in the environment', () => {
    const change = layoutDeployTree({
      component: 'payments-api',
      environmentPath: './environments/dev',
      objects: [deployment('registry/payments-api:1.0'), service],
      existing: empty,
    });
    expect(Object.keys(change.write).sort()).toEqual([
      'base/payments-api/deployment-payments-api.yaml',
      'base/payments-api/kustomization.yaml',
      'base/payments-api/service-payments-api.yaml',
      'environments/dev/kustomization.yaml',
      'environments/dev/payments-api/kustomization.yaml',
    ]);
    expect(
      parse(change.write['base/payments-api/deployment-payments-api.yaml'])
        .metadata,
    ).not.toHaveProperty('namespace');
    expect(parse(change.write['environments/dev/kustomization.yaml'])).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['payments-api'],
    });
    expect(
      parse(change.write['environments/dev/payments-api/kustomization.yaml']),
    ).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../../base/payments-api'],
    });
    expect(build(change.write, 'environments/dev/payments-api')).toEqual([
      withoutNamespace(deployment('registry/payments-api:1.0')),
      withoutNamespace(service),
    ]);
    expect(change.remove).toEqual([]);
  });

  it('keeps the base of another environment and patches, deletes and adds so the overlay builds to exactly this environment', () => {
    const first = layoutDeployTree({
      component: 'payments-api',
      environmentPath: './environments/dev',
      objects: [deployment('registry/payments-api:1.0'), service],
      existing: empty,
    });
    const baseObjects = Object.fromEntries(
      Object.entries(first.write)
        .filter(
          ([p]) => p.startsWith('base/') && !p.endsWith('kustomization.yaml'),
        )
        .map(([p, text]) => [p, parse(text)]),
    );
    const prod = [deployment('registry/payments-api:1.1', 3), configMap];
    const second = layoutDeployTree({
      component: 'payments-api',
      environmentPath: './environments/prod/',
      objects: prod,
      existing: {
        base: Object.keys(baseObjects),
        overlay: ['environments/prod/payments-api/configmap-stale.yaml'],
        environmentKustomization:
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [orders-api]\n',
        baseObjects,
      },
    });
    expect(
      Object.keys(second.write).filter(p => p.startsWith('base/')),
    ).toEqual([]);
    const files = { ...first.write, ...second.write };
    expect(build(files, 'environments/prod/payments-api')).toEqual(
      prod.map(withoutNamespace),
    );
    // the other environment still builds to what it had
    expect(build(files, 'environments/dev/payments-api')).toEqual([
      withoutNamespace(deployment('registry/payments-api:1.0')),
      withoutNamespace(service),
    ]);
    expect(
      parse(second.write['environments/prod/kustomization.yaml']).resources,
    ).toEqual(['orders-api', 'payments-api']);
    expect(second.remove).toEqual([
      'environments/prod/payments-api/configmap-stale.yaml',
    ]);
  });

  it('refuses objects given twice, an empty change and a component that is not a folder name, naming the field', () => {
    const write = (objects: KubernetesObject[], component = 'payments-api') =>
      layoutDeployTree({
        component,
        environmentPath: './environments/dev',
        objects,
        existing: empty,
      });
    expect(() => write([service, service])).toThrow(
      /manifests: Service payments-api is given twice/,
    );
    expect(() => write([])).toThrow(/manifests: nothing to write/);
    expect(() => write([service], '../etc')).toThrow(
      /component "\.\.\/etc" is not a folder name/,
    );
  });

  it('writes the same files for the same objects, so a repeated apply changes nothing', () => {
    const once = (): DeployTreeChange =>
      layoutDeployTree({
        component: 'payments-api',
        environmentPath: './environments/dev',
        objects: [deployment('registry/payments-api:1.0'), service],
        existing: empty,
      });
    expect(once()).toEqual(once());
  });
});
