import {
  ResourceRequirements,
  SIZE_PRESETS,
  SizePreset,
  WebServiceSpec,
  parseSecretRef,
} from '@paved/plugin-paved-common';
import { ResolvedRenderOptions } from './types';

type JsonMap = Record<string, unknown>;

/** One container env entry. */
export type EnvVar =
  | { name: string; value: string }
  | {
      name: string;
      valueFrom: { secretKeyRef: { name: string; key: string } };
    }
  | { name: string; valueFrom: { fieldRef: { fieldPath: string } } };

/** A literal becomes `value`; `secret/<name>/<key>` becomes `valueFrom.secretKeyRef`. */
export function envVar(name: string, value: string): EnvVar {
  const ref = parseSecretRef(value);
  return ref
    ? {
        name,
        valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } },
      }
    : { name, value };
}

/** The env entries of a spec, in the order written. */
export function envVars(env: Record<string, string>): EnvVar[] {
  return Object.entries(env).map(([name, value]) => envVar(name, value));
}

/** The size preset with explicit `resources` laid over it. */
export function resourcesOf(spec: {
  size: SizePreset;
  resources?: {
    requests?: Partial<ResourceRequirements['requests']>;
    limits?: Partial<ResourceRequirements['limits']>;
  };
}): ResourceRequirements {
  const preset = SIZE_PRESETS[spec.size];
  return {
    requests: { ...preset.requests, ...spec.resources?.requests },
    limits: { ...preset.limits, ...spec.resources?.limits },
  };
}

/** The Pod Security "restricted" pod settings, running as a fixed non-root user. */
export function podSecurityContext(uid = 10001): JsonMap {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The Pod Security "restricted" container settings, with a read-only root filesystem. */
export function containerSecurityContext(): JsonMap {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  };
}

/** A probe as written in a spec. */
export type ProbeSpec = NonNullable<
  NonNullable<WebServiceSpec['probes']>['liveness']
>;

/** A probe's defaults: what it checks and how often. */
export interface ProbeDefaults {
  path?: string;
  command?: string[];
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

/** A Kubernetes probe: the spec's settings over the defaults; a path is checked with GET on `port`. */
export function probe(
  defaults: ProbeDefaults,
  spec: ProbeSpec | undefined,
  port: string | number | undefined,
): JsonMap {
  const useSpecCheck = Boolean(spec?.path || spec?.command);
  const path = useSpecCheck ? spec?.path : defaults.path;
  const command = useSpecCheck ? spec?.command : defaults.command;
  return {
    ...(path
      ? { httpGet: { path, port: port ?? 'http' } }
      : { exec: { command: [...(command ?? [])] } }),
    initialDelaySeconds:
      spec?.initialDelaySeconds ?? defaults.initialDelaySeconds,
    periodSeconds: spec?.periodSeconds ?? defaults.periodSeconds,
    timeoutSeconds: spec?.timeoutSeconds ?? defaults.timeoutSeconds,
    failureThreshold: spec?.failureThreshold ?? defaults.failureThreshold,
  };
}

/** A volume as written in a spec. */
export type VolumeSpec = WebServiceSpec['volumes'][number];

/** Pod volumes and container mounts: a writable /tmp (the root filesystem is read-only) and the spec's volumes. */
export function volumesOf(list: VolumeSpec[]): {
  volumes: JsonMap[];
  volumeMounts: JsonMap[];
} {
  const volumes: JsonMap[] = [{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }];
  const volumeMounts: JsonMap[] = [{ name: 'tmp', mountPath: '/tmp' }];
  for (const v of list) {
    let source: JsonMap;
    let readOnly = v.readOnly;
    switch (v.type) {
      case 'emptyDir':
        source = {
          emptyDir: {
            ...(v.sizeLimit ? { sizeLimit: v.sizeLimit } : {}),
            ...(v.medium ? { medium: v.medium } : {}),
          },
        };
        break;
      case 'configMap':
        source = { configMap: { name: v.configMap } };
        readOnly = true;
        break;
      case 'secret':
        source = { secret: { secretName: v.secretName } };
        readOnly = true;
        break;
      default:
        source = {
          persistentVolumeClaim: {
            claimName: v.claimName,
            ...(v.readOnly ? { readOnly: true } : {}),
          },
        };
    }
    volumes.push({ name: v.name, ...source });
    volumeMounts.push({
      name: v.name,
      mountPath: v.mountPath,
      ...(readOnly ? { readOnly: true } : {}),
    });
  }
  return { volumes, volumeMounts };
}

/** The image to run: `image`, or `<registry>/<name>:<version>` for buildpack builds. */
export function appImage(
  spec: { name: string; image?: string; version?: string },
  options: ResolvedRenderOptions,
): string {
  return spec.image ?? `${options.imageRegistry}/${spec.name}:${spec.version}`;
}

/** Fields of a container every golden path sets the same way. */
export function baseContainer(
  spec: {
    name: string;
    image?: string;
    version?: string;
    command?: string[];
    args?: string[];
    size: SizePreset;
    resources?: Parameters<typeof resourcesOf>[0]['resources'];
  },
  options: ResolvedRenderOptions,
): JsonMap {
  return {
    name: spec.name,
    image: appImage(spec, options),
    imagePullPolicy: 'IfNotPresent',
    ...(spec.command ? { command: [...spec.command] } : {}),
    ...(spec.args ? { args: [...spec.args] } : {}),
    resources: resourcesOf(spec),
    securityContext: containerSecurityContext(),
  };
}
