import { Container, PodTemplate } from './podTemplates';

/** A violation before the object name is attached. */
export type Finding = {
  rule: string;
  path: string;
  message: string;
  fix: string;
};

function containersOf(
  template: PodTemplate,
): Array<{ c: Container; path: string }> {
  const list = (key: 'containers' | 'initContainers') =>
    (template.spec[key] ?? []).map((c, i) => ({
      c,
      path: `${template.path}.${key}[${i}]`,
    }));
  return [...list('initContainers'), ...list('containers')];
}

/** The Pod Security Standards "restricted" profile, checked on a pod template. */
export function checkPodSecurity(template: PodTemplate): Finding[] {
  const findings: Finding[] = [];
  const { spec, path } = template;
  const add = (rule: string, at: string, message: string, fix: string) =>
    findings.push({ rule: `pod-security.${rule}`, path: at, message, fix });

  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[key]) {
      add(
        'host-namespaces',
        `${path}.${key}`,
        `${key} shares the node's namespace with the pod`,
        `remove ${key} or set it to false`,
      );
    }
  }
  (spec.volumes ?? []).forEach((v, i) => {
    if (v.hostPath !== undefined) {
      add(
        'host-path',
        `${path}.volumes[${i}].hostPath`,
        `volume "${v.name ?? i}" mounts a path of the node`,
        'use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead',
      );
    }
  });
  const podContext = spec.securityContext ?? {};
  if (podContext.runAsUser === 0) {
    add(
      'run-as-non-root',
      `${path}.securityContext.runAsUser`,
      'the pod runs as user 0 (root)',
      'set runAsUser to a non-zero UID, e.g. 10001',
    );
  }
  const podSeccomp = podContext.seccompProfile?.type;
  const podNonRoot = podContext.runAsNonRoot === true;

  for (const { c, path: cpath } of containersOf(template)) {
    const sc = c.securityContext ?? {};
    const scPath = `${cpath}.securityContext`;
    if (sc.privileged) {
      add(
        'privileged',
        `${scPath}.privileged`,
        `container "${c.name}" is privileged`,
        'remove privileged or set it to false',
      );
    }
    if (sc.allowPrivilegeEscalation !== false) {
      add(
        'privilege-escalation',
        `${scPath}.allowPrivilegeEscalation`,
        `container "${c.name}" may escalate privileges`,
        'set allowPrivilegeEscalation: false',
      );
    }
    const nonRoot = sc.runAsNonRoot ?? (podNonRoot ? true : undefined);
    if (nonRoot !== true) {
      add(
        'run-as-non-root',
        `${scPath}.runAsNonRoot`,
        `container "${c.name}" may run as root`,
        'set runAsNonRoot: true on the container or in the pod securityContext',
      );
    }
    if (sc.runAsUser === 0) {
      add(
        'run-as-non-root',
        `${scPath}.runAsUser`,
        `container "${c.name}" runs as user 0 (root)`,
        'set runAsUser to a non-zero UID, e.g. 10001',
      );
    }
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      add(
        'seccomp',
        `${scPath}.seccompProfile.type`,
        `container "${c.name}" has no seccomp profile`,
        'set seccompProfile.type: RuntimeDefault on the container or in the pod securityContext',
      );
    }
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) {
      add(
        'capabilities',
        `${scPath}.capabilities.drop`,
        `container "${c.name}" keeps Linux capabilities`,
        'set capabilities.drop: ["ALL"]',
      );
    }
    (sc.capabilities?.add ?? []).forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') {
        add(
          'capabilities',
          `${scPath}.capabilities.add[${i}]`,
          `container "${c.name}" adds capability ${cap}`,
          'remove it; only NET_BIND_SERVICE may be added',
        );
      }
    });
    (c.ports ?? []).forEach((p, i) => {
      if (p.hostPort) {
        add(
          'host-ports',
          `${cpath}.ports[${i}].hostPort`,
          `container "${c.name}" binds port ${p.hostPort} on the node`,
          'remove hostPort and expose the port through a Service',
        );
      }
    });
  }
  return findings;
}

/** CPU and memory requests and limits on every container. */
export function checkResources(template: PodTemplate): Finding[] {
  const examples: Record<string, string> = {
    'requests.cpu': '250m',
    'requests.memory': '512Mi',
    'limits.cpu': '1',
    'limits.memory': '1Gi',
  };
  const findings: Finding[] = [];
  for (const { c, path } of containersOf(template)) {
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (c.resources?.[kind]?.[resource] === undefined) {
          findings.push({
            rule: 'resources',
            path: `${path}.resources.${kind}.${resource}`,
            message: `container "${c.name}" sets no ${resource} ${
              kind === 'requests' ? 'request' : 'limit'
            }`,
            fix: `set resources.${kind}.${resource}, e.g. ${
              examples[`${kind}.${resource}`]
            }`,
          });
        }
      }
    }
  }
  return findings;
}

/** Liveness and readiness probes on the containers of long-running workloads. */
export function checkProbes(template: PodTemplate): Finding[] {
  if (!template.longRunning) return [];
  const findings: Finding[] = [];
  (template.spec.containers ?? []).forEach((c, i) => {
    for (const probe of ['livenessProbe', 'readinessProbe'] as const) {
      if (!c[probe]) {
        findings.push({
          rule: 'probes',
          path: `${template.path}.containers[${i}].${probe}`,
          message: `container "${c.name}" has no ${probe}`,
          fix: `add a ${probe}, e.g. httpGet on ${
            probe === 'livenessProbe' ? '/healthz' : '/ready'
          }`,
        });
      }
    }
  });
  return findings;
}
