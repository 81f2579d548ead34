import { InputError } from '@backstage/errors';
import {
  EXPIRES_AT_ANNOTATION,
  PAVED_ANNOTATIONS,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  encodeEntityRefLabel,
  DNS_LABEL_PATTERN,
} from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { EnvironmentSettings, isProtectedName } from './settings';

/** Annotation naming who created an environment. */
export const CREATED_BY_ANNOTATION = PAVED_ANNOTATIONS.createdBy;

/**
 * What an environment should be.
 *
 * @public
 */
export interface EnvironmentSpec {
  /** Environment name, e.g. `staging` or `preview-142`. */
  name: string;
  /** Owning team's group ref. */
  team: string;
  /** Size preset name. */
  size: string;
  lifecycle: 'persistent' | 'ephemeral';
  /** Hours until an ephemeral environment expires. */
  ttlHours?: number;
  /** Namespace name; by default `<team without "team-">-<name>`. */
  namespace?: string;
  /** Users who lead the team; they get the team-lead role. */
  teamLeads?: string[];
  /** User ref of the creator, recorded on the namespace. */
  createdBy?: string;
  /** The pull request a preview environment is made for: its number and web address. */
  pullRequest?: { number: number; url: string };
}

const DNS_LABEL = DNS_LABEL_PATTERN;

/**
 * The namespace name of an environment.
 *
 * @public
 */
export function environmentNamespace(
  spec: Pick<EnvironmentSpec, 'name' | 'team' | 'namespace'>,
): string {
  if (spec.namespace) return spec.namespace;
  const teamName = spec.team
    .slice(spec.team.indexOf('/') + 1)
    .replace(/^team-/, '');
  return `${teamName}-${spec.name}`;
}

/**
 * Checks an environment request; every problem names the field and the fix.
 *
 * @public
 */
export function validateEnvironmentSpec(
  spec: EnvironmentSpec,
  settings: EnvironmentSettings,
): void {
  const problems: string[] = [];
  if (!DNS_LABEL.test(spec.name) || spec.name.length > 40) {
    problems.push(
      `name: "${spec.name}" must be at most 40 lowercase letters, digits and "-", e.g. staging or preview-142`,
    );
  }
  const namespace = environmentNamespace(spec);
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
    problems.push(
      `namespace: "${namespace}" is not a valid namespace name; choose a shorter environment name`,
    );
  }
  if (!settings.sizes[spec.size]) {
    problems.push(
      `size: "${spec.size}" is not a size preset; use one of ${Object.keys(
        settings.sizes,
      ).join(', ')}`,
    );
  }
  if (!/^group:[a-z0-9-]+\/.+/.test(spec.team)) {
    problems.push(
      `team: "${spec.team}" must be a group ref, e.g. group:default/team-checkout`,
    );
  }
  if (
    spec.lifecycle === 'ephemeral' &&
    spec.ttlHours !== undefined &&
    !(spec.ttlHours > 0 && spec.ttlHours <= 24 * 90)
  ) {
    problems.push(
      `ttlHours: ${spec.ttlHours} must be between 1 and ${24 * 90} hours`,
    );
  }
  if (
    spec.pullRequest &&
    (!Number.isInteger(spec.pullRequest.number) ||
      spec.pullRequest.number < 1 ||
      !/^https?:\/\/\S+$/.test(spec.pullRequest.url))
  ) {
    problems.push(
      `pullRequest: give the pull request's number (a positive integer) and its http(s) address`,
    );
  }
  if (spec.lifecycle === 'ephemeral' && isProtectedName(settings, spec.name)) {
    problems.push(
      `lifecycle: ${spec.name} is a protected environment name and cannot be ephemeral; use lifecycle persistent`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(
      `Invalid environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/**
 * Every object of an environment: the Namespace (Paved labels, Pod Security "restricted"), a ResourceQuota
 * and LimitRange from the size preset, network policies (deny ingress except from the same namespace and
 * the ingress controller), RoleBindings per tier, and Paved's own binding (`roles.backend`: reading which Secret
 * keys exist, rotation) when its user name is known.
 *
 * @public
 */
export function environmentObjects(
  spec: EnvironmentSpec,
  settings: EnvironmentSettings,
  now: Date = new Date(),
  /** Paved's own user name on the cluster: bound to `roles.backend` inside the environment. */
  backendUser?: string,
): KubernetesObject[] {
  validateEnvironmentSpec(spec, settings);
  const namespace = environmentNamespace(spec);
  const size = settings.sizes[spec.size];
  const isProtected = isProtectedName(settings, spec.name);
  const managed = { [PAVED_LABELS.managedBy]: PAVED_MANAGED_BY };
  const ttl = spec.ttlHours ?? settings.defaultTtlHours;
  const rbac = 'rbac.authorization.k8s.io';
  const binding = (
    name: string,
    role: string,
    subjects: Array<{ kind: string; name: string }>,
  ): KubernetesObject => ({
    apiVersion: `${rbac}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace, labels: managed },
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
    subjects: subjects.map(s => ({ apiGroup: rbac, ...s })),
  });
  const objects: KubernetesObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          ...managed,
          [PAVED_LABELS.team]: encodeEntityRefLabel(spec.team),
          [PAVED_LABELS.environment]: spec.name,
          [PAVED_LABELS.lifecycle]: spec.lifecycle,
          ...(isProtected ? { [PAVED_LABELS.protected]: 'true' } : {}),
          ...(spec.pullRequest
            ? { [PAVED_LABELS.pullRequest]: String(spec.pullRequest.number) }
            : {}),
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
        annotations: {
          [PAVED_ANNOTATIONS.owner]: spec.team,
          [PAVED_ANNOTATIONS.size]: spec.size,
          ...(spec.createdBy
            ? { [CREATED_BY_ANNOTATION]: spec.createdBy }
            : {}),
          ...(spec.pullRequest
            ? { [PAVED_ANNOTATIONS.pullRequest]: spec.pullRequest.url }
            : {}),
          ...(spec.lifecycle === 'ephemeral'
            ? {
                [EXPIRES_AT_ANNOTATION]: new Date(
                  now.getTime() + ttl * 3600_000,
                ).toISOString(),
              }
            : {}),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'paved-quota', namespace, labels: managed },
      spec: {
        hard: {
          'requests.cpu': size.cpu,
          'requests.memory': size.memory,
          'limits.cpu': doubleQuantity(size.cpu),
          'limits.memory': doubleQuantity(size.memory),
          pods: String(size.pods),
          'services.loadbalancers': '0',
          'services.nodeports': '0',
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'paved-defaults', namespace, labels: managed },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: size.defaultRequest,
            default: size.defaultLimit,
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'paved-default-deny-ingress',
        namespace,
        labels: managed,
      },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'paved-allow-same-namespace',
        namespace,
        labels: managed,
      },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'paved-allow-ingress-controller',
        namespace,
        labels: managed,
      },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: {
                    'kubernetes.io/metadata.name':
                      settings.ingressControllerNamespace,
                  },
                },
              },
            ],
          },
        ],
      },
    },
    binding(
      'paved:developers',
      isProtected
        ? settings.roles.protectedDeveloper
        : settings.roles.developer,
      [{ kind: 'Group', name: spec.team }],
    ),
    ...(spec.teamLeads?.length
      ? [
          binding(
            'paved:team-leads',
            settings.roles.teamLead,
            spec.teamLeads.map(name => ({ kind: 'User', name })),
          ),
        ]
      : []),
    ...(settings.platformAdminGroups.length
      ? [
          binding(
            'paved:platform-admins',
            settings.roles.platformAdmin,
            settings.platformAdminGroups.map(name => ({ kind: 'Group', name })),
          ),
        ]
      : []),
    ...(isProtected && settings.roles.protectedSecretWriter
      ? [
          binding(
            'paved:secret-writers',
            settings.roles.protectedSecretWriter,
            [{ kind: 'Group', name: spec.team }],
          ),
        ]
      : []),
    ...(backendUser && settings.roles.backend
      ? [
          binding('paved:backend', settings.roles.backend, [
            { kind: 'User', name: backendUser },
          ]),
        ]
      : []),
  ];
  return objects;
}

/** Doubles a Kubernetes quantity such as `8Gi`. */
function doubleQuantity(quantity: string): string {
  const match = /^(\d+(?:\.\d+)?)(.*)$/.exec(quantity);
  if (!match) return quantity;
  return `${Number.parseFloat(match[1]) * 2}${match[2]}`;
}
